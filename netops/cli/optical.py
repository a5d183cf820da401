"""`netops optical onu|scan`: ONU optical levels from the OLT, judged against the ISP's limits."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from netops.cli import render
from netops.cli.render import OutputOption, RowsOutputOption
from netops.errors import InputError
from netops.i18n import L_, N_, _, ngettext
from netops.results import Status

NAME = "optical"
HELP = N_("ONU optical levels, state and last down cause, read from the OLT.")

app = typer.Typer(no_args_is_help=True)

OltArg = Annotated[str, typer.Argument(metavar="OLT", help=N_("OLT name from the inventory."))]


class Via(str, Enum):
    """How netops reaches an OLT."""

    snmp = "snmp"
    cli = "cli"
    auto = "auto"


ViaOption = Annotated[
    Via,
    typer.Option(
        "--via",
        help=N_("How to reach the OLT: snmp, cli (its SSH/telnet CLI) or auto (SNMP, else CLI)."),
        envvar="NETOPS_VIA",
        case_sensitive=False,
    ),
]
HostKeyOption = Annotated[
    bool,
    typer.Option(
        "--accept-unknown-host-key",
        help=N_("CLI only: accept an OLT SSH host key that is not in known_hosts, for this run (not saved)."),
    ),
]


def _reader_options(via: Via, accept_unknown_host_key: bool) -> dict:
    return {"accept_unknown_host_key": True} if accept_unknown_host_key and via is not Via.snmp else {}


@app.command()
def onu(
    ctx: typer.Context,
    olt: OltArg,
    onu_id: Annotated[
        str,
        typer.Argument(metavar="ONU", help=N_("F/S/P:ID (e.g. 0/1/3:12) or serial (HWTC1A2B3C4D).")),
    ],
    via: ViaOption = Via.snmp,
    accept_unknown_host_key: HostKeyOption = False,
    output: OutputOption = render.Output.table,
) -> None:
    """Optical levels and state of one customer's ONU."""
    from netops.checks.onu_report import check_onu
    from netops.models import parse_onu_target

    target = parse_onu_target(onu_id)
    report = check_onu(ctx.obj.load_inventory(), olt, target, ctx.obj.isp_profile.optical,
                       via=via.value, options=_reader_options(via, accept_unknown_host_key))
    if report.port_error is not None:
        render.warn(_("the ONU's PON port could not be read: {port_error}", port_error=report.port_error.one_line()))
    _remember(report.readings, "onu")
    if output is render.Output.json:
        render.emit_json(report.to_dict())
    else:
        from netops.checks.outage import outage_words
        from netops.cli.optical_output import onu_table

        console = render.stdout()
        onu_table(report.to_dict()).print(console)
        if report.port is not None:
            console.print(render.literal(outage_words(report.port)), highlight=False)
    render.finish(report.status)


def _remember(readings, command: str) -> None:
    """Keep the readings in the local history; a failed write is one warning, never a failure."""
    from netops.history.store import record_quietly

    record_quietly(readings, command)


OltsArg = Annotated[
    list[str] | None,
    typer.Argument(metavar="OLT", help=N_("OLT names from the inventory (several are scanned at once)."),
                   show_default=False),
]


@app.command()
def scan(
    ctx: typer.Context,
    olt: OltsArg = None,
    all_olts: Annotated[bool, typer.Option("--all", help=N_("Every OLT of the inventory."))] = False,
    pon: Annotated[
        list[str] | None,
        typer.Option("--pon", metavar="F/S/P", help=N_("Only this PON port (repeatable; one OLT only).")),
    ] = None,
    flagged: Annotated[
        bool, typer.Option("--flagged", help=N_("List only ONUs with a flag (the summary counts all)."))
    ] = False,
    via: ViaOption = Via.snmp,
    accept_unknown_host_key: HostKeyOption = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, envvar="NETOPS_OLT_CONCURRENCY",
                          help=N_("OLTs scanned at once (each OLT under its profile's own limit)."))
    ] = 8,
    textfile_dir: Annotated[
        Path | None,
        typer.Option("--textfile-dir", metavar="DIR", file_okay=False,
                     help=N_("Also write netops_<olt>.prom per OLT there, atomically (node_exporter textfile collector).")),
    ] = None,
    output: RowsOutputOption = render.RowsOutput.table,
) -> None:
    """Every ONU of an OLT (or of some PON ports), worst first, with a summary; or of several
    OLTs at once (names, or --all), one report per OLT, exit status of the worst."""
    from netops.cli import optical_fleet

    options = _reader_options(via, accept_unknown_host_key)
    names = olt or []
    if all_olts or len(names) != 1:
        if pon:
            raise InputError(L_("--pon needs exactly one OLT"), hint=L_("scan the port's OLT alone"))
        optical_fleet.scan_many(ctx, names, all_olts, flagged, via.value, options, concurrency, textfile_dir, output)
    name = names[0]
    _scan_one(ctx, name, pon, flagged, via.value, options, textfile_dir, output)


def _scan_one(ctx: typer.Context, olt: str, pon: list[str] | None, flagged: bool, via: str,
              options: dict, textfile_dir: Path | None, output: render.RowsOutput) -> None:
    import time

    from netops.checks.scan_report import ScanFailure, scan
    from netops.cli import optical_fleet
    from netops.errors import NetopsError
    from netops.exporter.metrics import check_textfile_dir, write_textfiles
    from netops.models import PonRef

    pons = sorted({PonRef.parse(p) for p in pon}) if pon else None
    policy = ctx.obj.isp_profile.optical
    inventory = ctx.obj.load_inventory()
    if textfile_dir is not None:
        inventory.olt(olt)
        check_textfile_dir(textfile_dir, [olt])
    started = time.monotonic()
    # The bar counts PON ports read (every reader reports per port), so its text says so.
    with render.progress_bar(_("Scanning {olt}: PON ports", olt=olt), None) as advance:
        try:
            report = scan(inventory, olt, policy, pons, via=via, progress=advance,
                          set_total=advance.set_total, options=options)
        except NetopsError as exc:  # the OLT's textfile must not keep the last readings as current
            if textfile_dir is not None:
                write_textfiles(textfile_dir, [ScanFailure(olt, exc, time.monotonic() - started)])
            raise
    optical_fleet.warn_if_incomplete(report)
    _remember(report.readings, "scan")
    if textfile_dir is not None:
        write_textfiles(textfile_dir, [report])
    title = _("OLT {olt} — PON {pons}", olt=olt, pons=", ".join(map(str, pons))) if pons \
        else _("OLT {olt}", olt=olt)
    optical_fleet.show([report], flagged, output, several=False, title=title)
    render.finish(report.status)


@app.command()
def history(
    ctx: typer.Context,
    olt: Annotated[str, typer.Argument(metavar="OLT", help=N_("OLT name, as it was read."))],
    onu_id: Annotated[
        str,
        typer.Argument(metavar="ONU", help=N_("F/S/P:ID or serial (a serial follows the ONU across ports).")),
    ],
    days: Annotated[
        int | None,
        typer.Option("--days", min=1, max=3650, help=N_("Only the last N days (default: all kept).")),
    ] = None,
    chart: Annotated[
        bool | None,
        typer.Option("--chart/--no-chart", help=N_("Draw the Rx chart (default: when stdout is a terminal).")),
    ] = None,
    output: OutputOption = render.Output.table,
) -> None:
    """What netops read of one ONU before, oldest first, with the trend of its levels.

    Read from the local history alone (no OLT is contacted). Exit 0, or 3 when nothing was kept.
    """
    import datetime as dt

    from netops.cli import optical_history as view
    from netops.history.store import history as stored
    from netops.history.store import require_known
    from netops.history.trend import trend
    from netops.models import parse_onu_target
    from netops.triage.hours import zone

    target = parse_onu_target(onu_id)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days) if days else None
    rows = stored(olt, target, since)
    require_known(olt, target, rows)
    trends = {name: trend(rows, name) for name in ("rx_dbm", "olt_rx_dbm")}
    if output is render.Output.json:
        render.emit_json(view.to_json(olt, rows[-1].onu if rows else str(target), rows, trends))
        render.finish(Status.OK)
    isp = ctx.obj.isp_profile
    console = render.stdout()
    title = ngettext("{olt} {onu}: {count} reading", "{olt} {onu}: {count} readings",
                     len(rows)).format(olt=olt, onu=target, count=len(rows))
    view.history_table(rows, zone(isp.timezone), title).print(console)
    console.print(render.literal(view.trend_line(_("ONU Rx"), trends["rx_dbm"])), highlight=False)
    console.print(render.literal(view.trend_line(_("OLT Rx"), trends["olt_rx_dbm"])), highlight=False)
    if chart if chart is not None else sys.stdout.isatty():
        limits = {_("ONU Rx limit"): isp.optical.onu_rx_critical_below_dbm,
                  _("OLT Rx limit"): isp.optical.olt_rx_critical_below_dbm}
        console.print(render.literal(view.chart(rows, limits)), highlight=False)
    render.finish(Status.OK)
