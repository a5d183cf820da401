"""`netops optical onu|scan`: ONU optical levels from the OLT, judged against the ISP's limits."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netops.cli import render
from netops.cli.render import OutputOption, RowsOutputOption
from netops.results import Status, worst

NAME = "optical"
HELP = "ONU optical levels, state and last down cause, read from the OLT."

app = typer.Typer(no_args_is_help=True)

OltArg = Annotated[str, typer.Argument(metavar="OLT", help="OLT name from the inventory.")]
ViaOption = Annotated[
    str,
    typer.Option(
        "--via",
        help="How to reach the OLT: snmp, cli (its SSH/telnet CLI) or auto (SNMP, else CLI).",
        envvar="NETOPS_VIA",
    ),
]
HostKeyOption = Annotated[
    bool,
    typer.Option(
        "--accept-unknown-host-key",
        help="CLI only: accept an OLT SSH host key that is not in known_hosts, for this run (not saved).",
    ),
]


def _reader_options(via: str, accept_unknown_host_key: bool) -> dict:
    return {"accept_unknown_host_key": True} if accept_unknown_host_key and via != "snmp" else {}


@app.command()
def onu(
    ctx: typer.Context,
    olt: OltArg,
    onu_id: Annotated[
        str,
        typer.Argument(metavar="ONU", help="F/S/P:ID (e.g. 0/1/3:12) or serial (HWTC1A2B3C4D)."),
    ],
    via: ViaOption = "snmp",
    accept_unknown_host_key: HostKeyOption = False,
    output: OutputOption = render.Output.table,
) -> None:
    """Optical levels and state of one customer's ONU."""
    from netops.checks.optical import judge, verdict_to_dict
    from netops.models import parse_onu_target
    from netops.olt import service

    target = parse_onu_target(onu_id)
    policy = ctx.obj.isp_profile.optical
    inventory = ctx.obj.load_inventory()
    reading = service.read_onu(
        inventory, olt, target, via=via, options=_reader_options(via, accept_unknown_host_key)
    )
    verdict = judge(reading, policy)
    data = verdict_to_dict(verdict, policy)
    if output is render.Output.json:
        render.emit_json(data)
    else:
        from netops.cli.optical_output import onu_table

        render.stdout().print(onu_table(data))
    render.finish(verdict.status)


@app.command()
def scan(
    ctx: typer.Context,
    olt: OltArg,
    pon: Annotated[
        list[str] | None,
        typer.Option("--pon", metavar="F/S/P", help="Only this PON port (repeatable)."),
    ] = None,
    flagged: Annotated[
        bool, typer.Option("--flagged", help="List only ONUs with a flag (the summary counts all).")
    ] = False,
    via: ViaOption = "snmp",
    accept_unknown_host_key: HostKeyOption = False,
    output: RowsOutputOption = render.RowsOutput.table,
) -> None:
    """Every ONU of an OLT (or of some PON ports), worst first, with a summary."""
    from netops.checks.optical import judge, sort_worst_first, summarize, verdict_to_dict
    from netops.models import PonRef
    from netops.olt import service

    pons = sorted({PonRef.parse(p) for p in pon}) if pon else None
    policy = ctx.obj.isp_profile.optical
    inventory = ctx.obj.load_inventory()
    with render.progress_bar(f"Scanning {olt}", None) as advance:
        result = service.scan(
            inventory, olt, pons, via=via, progress=advance, set_total=advance.set_total,
            options=_reader_options(via, accept_unknown_host_key),
        )
    verdicts = sort_worst_first([judge(r, policy) for r in result.readings])
    status = worst((v.status for v in verdicts), empty=Status.OK)
    if result.incomplete:  # a partial answer must never pass for a whole one
        status = worst([status, Status.UNKNOWN])
        render.warn(
            f"OLT {olt} stopped answering after {result.answered} of {result.expected} rows; "
            "ONUs it never sent are marked not_read"
        )
    summary = summarize(verdicts)
    shown = [v for v in verdicts if v.flags] if flagged else verdicts
    onus = [verdict_to_dict(v, policy) for v in shown]
    if output is render.RowsOutput.json:
        render.emit_json(
            {
                "olt": olt,
                "pons": [str(p) for p in pons] if pons else None,
                "summary": summary,
                "status": status.label,
                "incomplete": result.incomplete,
                "thresholds": policy.as_dict(),
                "onus": onus,
            }
        )
    elif output is render.RowsOutput.csv:
        from netops.cli.optical_output import to_csv

        sys.stdout.write(to_csv(onus))
    elif output is render.RowsOutput.prometheus:
        from netops.cli.optical_output import to_prometheus

        sys.stdout.write(to_prometheus(onus))
    else:
        from netops.cli.optical_output import scan_table

        console = render.stdout()
        if onus:
            console.print(scan_table(onus, render.literal(f"OLT {olt}" + (f" — PON {', '.join(map(str, pons))}" if pons else ""))))
        line = (
            f"{olt}: {summary['total']} ONUs, {summary['online']} online, {summary['offline']} offline, "
            f"{summary['flagged']} flagged ({summary['critical']} critical, {summary['warning']} warning, "
            f"{summary['unknown']} unknown)" + (", INCOMPLETE" if result.incomplete else "") + " — "
        )
        console.print(render.literal(line), render.status_text(status), sep="", highlight=False)
    render.finish(status)
