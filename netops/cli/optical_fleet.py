"""`netops optical scan OLT OLT... | --all`: several OLTs in one run, and how any scan is shown.

The OLTs are read concurrently through the one pool every multi-OLT command uses (a global
limit, and each OLT under its own profile's limit). Each OLT gets its own report; an OLT that
cannot be read is one warning and an UNKNOWN entry, never the end of the run. The exit status
is the worst of all (`results.worst`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from netops.checks.scan_report import (
    OltScanReport,
    ScanFailure,
    ScanOutcome,
    judge_scan,
)
from netops.cli import render
from netops.errors import ConfigError, InputError
from netops.i18n import L_, _, ngettext
from netops.results import Status, worst


def check_choice(names: list[str], all_olts: bool) -> None:
    """OLT names or --all, exactly one of the two: bad input before the inventory is read."""
    if all_olts and names:
        raise InputError(L_("give OLT names or --all, not both"))
    if not all_olts and not names:
        raise InputError(L_("give an OLT name (or several), or --all"), hint=L_("netops optical scan OLT [OLT...]"))


def chosen_olts(inventory: Any, names: list[str], all_olts: bool) -> list[str]:
    """The OLTs to scan, in the order given (each once), or every OLT of the inventory (after
    `check_choice`)."""
    if all_olts:
        if not inventory.olts:
            raise ConfigError(L_("the inventory {path} lists no OLTs", path=inventory.path), hint=L_("see docs/inventory.md"))
        return sorted(inventory.olts)
    unique = list(dict.fromkeys(names))
    for name in unique:
        inventory.olt(name)  # an unknown name is bad configuration, before anything is sent
    return unique


def scan_many(ctx: Any, names: list[str], all_olts: bool, flagged: bool, via: str,
              options: dict[str, Any], concurrency: int, textfile_dir: Path | None,
              output: render.RowsOutput) -> None:
    from netops.exporter.metrics import check_textfile_dir, write_textfiles
    from netops.history.store import record_quietly
    from netops.olt.fleet import scan_olts

    check_choice(names, all_olts)
    policy = ctx.obj.isp_profile.optical
    inventory = ctx.obj.load_inventory()
    olts = chosen_olts(inventory, names, all_olts)
    if textfile_dir is not None:
        check_textfile_dir(textfile_dir, olts)
    with render.progress_bar(_("Scanning: OLTs done"), len(olts)) as advance:
        scans = scan_olts(inventory, olts, via, concurrency, options, on_done=lambda _olt: advance())
    outcomes: list[ScanOutcome] = []
    for scan in scans:
        if scan.result is None:
            assert scan.error is not None
            render.warn(_("OLT {olt} not scanned: {error}", olt=scan.olt, error=scan.error.one_line()))
            outcomes.append(ScanFailure(scan.olt, scan.error))
            continue
        report = judge_scan(scan.olt, scan.result, policy, scan.seconds)
        warn_if_incomplete(report)
        record_quietly(scan.result.readings, "scan")
        outcomes.append(report)
    if textfile_dir is not None:
        write_textfiles(textfile_dir, outcomes)
    status = worst((o.status for o in outcomes), empty=Status.UNKNOWN)
    show(outcomes, flagged, output, several=True)
    render.finish(status)


def warn_if_incomplete(report: OltScanReport) -> None:
    warning = report.incomplete_warning()
    if warning:
        render.warn(warning)


def show(outcomes: list[ScanOutcome], flagged: bool, output: render.RowsOutput, several: bool,
         title: str | None = None) -> None:
    """Print scans in the chosen format: JSON (one object, or a list when several OLTs were
    asked for), CSV (one header), Prometheus text (one exposition) or tables."""
    reports = [o for o in outcomes if isinstance(o, OltScanReport)]
    if output is render.RowsOutput.json:
        docs = [o.to_dict(flagged) for o in outcomes]
        render.emit_json(docs if several else docs[0])
    elif output is render.RowsOutput.csv:
        from netops.cli.optical_output import to_csv

        sys.stdout.write(to_csv([onu for report in reports for onu in report.onus(flagged)]))
    elif output is render.RowsOutput.prometheus:
        from netops.exporter.metrics import to_prometheus

        sys.stdout.write(to_prometheus(outcomes, flagged))
    else:
        for outcome in outcomes:
            if isinstance(outcome, OltScanReport):
                _tables(outcome, flagged, title)
            else:
                line = _("{olt}: not scanned — {error} — ", olt=outcome.olt, error=outcome.error.one_line())
                render.stdout().print(render.literal(line), render.status_text(outcome.status),
                                      sep="", highlight=False)
        if several:
            counts = ", ".join(f"{sum(o.status is s for o in outcomes)} {s.label}" for s in Status)
            line = ngettext("{count} OLT ({counts}) — ", "{count} OLTs ({counts}) — ",
                            len(outcomes)).format(count=len(outcomes), counts=counts)
            render.stdout().print(render.literal(line), render.status_text(worst(o.status for o in outcomes)),
                                  sep="", highlight=False)


def _tables(report: OltScanReport, flagged: bool, title: str | None) -> None:
    from netops.cli.optical_output import pon_table, scan_table

    console = render.stdout()
    onus = report.onus(flagged)
    if onus:
        scan_table(onus, render.literal(title or _("OLT {olt}", olt=report.olt))).print(console)
    if report.pons:
        pon_table(report.pons, render.literal(_("OLT {olt}: PON ports", olt=report.olt))).print(console)
    console.print(render.literal(report.summary_line()), " — ", render.status_text(report.status),
                  sep="", highlight=False)
