"""`netops optical onu|scan`: ONU optical levels from the OLT, judged against the ISP's limits."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netops.cli import render
from netops.cli.render import OutputOption, RowsOutputOption
from netops.results import Status

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
    from netops.checks.optical_scan import check_onu
    from netops.models import parse_onu_target

    target = parse_onu_target(onu_id)
    report = check_onu(ctx.obj.load_inventory(), olt, target, ctx.obj.isp_profile.optical,
                       via=via, options=_reader_options(via, accept_unknown_host_key))
    if report.port_error is not None:
        render.warn(f"the ONU's PON port could not be read: {report.port_error.one_line()}")
    _remember(report.readings, "onu")
    if output is render.Output.json:
        render.emit_json(report.to_dict())
    else:
        from netops.checks.outage import outage_words
        from netops.cli.optical_output import onu_table

        console = render.stdout()
        console.print(onu_table(report.to_dict()))
        if report.port is not None:
            console.print(render.literal(outage_words(report.port)), highlight=False)
    render.finish(report.status)


def _remember(readings, command: str) -> None:
    """Keep the readings in the local history; a failed write is one warning, never a failure."""
    from netops.history.store import record_quietly

    record_quietly(readings, command)


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
    from netops.checks.optical_scan import scan as run_scan
    from netops.models import PonRef

    pons = sorted({PonRef.parse(p) for p in pon}) if pon else None
    with render.progress_bar(f"Scanning {olt}", None) as advance:
        report = run_scan(
            ctx.obj.load_inventory(), olt, ctx.obj.isp_profile.optical, pons, via=via,
            progress=advance, set_total=advance.set_total,
            options=_reader_options(via, accept_unknown_host_key),
        )
    warning = report.incomplete_warning()
    if warning:
        render.warn(warning)
    _remember(report.readings, "scan")
    document = report.to_dict(flagged_only=flagged)
    onus = document["onus"]
    if output is render.RowsOutput.json:
        render.emit_json(document)
    elif output is render.RowsOutput.csv:
        from netops.cli.optical_output import to_csv

        sys.stdout.write(to_csv(onus))
    elif output is render.RowsOutput.prometheus:
        from netops.cli.optical_output import to_prometheus

        sys.stdout.write(to_prometheus(onus, report.ports, olt))
    else:
        from netops.cli.optical_output import pon_table, scan_table

        console = render.stdout()
        if onus:
            where = f"OLT {olt}" + (f" — PON {', '.join(map(str, pons))}" if pons else "")
            console.print(scan_table(onus, render.literal(where)))
        if report.ports:
            console.print(pon_table(report.ports, render.literal(f"OLT {olt}: PON ports")))
        console.print(render.literal(report.summary_line() + " — "), render.status_text(report.status),
                      sep="", highlight=False)
    render.finish(report.status)


@app.command()
def history(
    ctx: typer.Context,
    olt: Annotated[str, typer.Argument(metavar="OLT", help="OLT name, as it was read.")],
    onu_id: Annotated[
        str,
        typer.Argument(metavar="ONU", help="F/S/P:ID or serial (a serial follows the ONU across ports)."),
    ],
    days: Annotated[
        int | None,
        typer.Option("--days", min=1, max=3650, help="Only the last N days (default: all kept)."),
    ] = None,
    chart: Annotated[
        bool | None,
        typer.Option("--chart/--no-chart", help="Draw the Rx chart (default: when stdout is a terminal)."),
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
    console.print(view.history_table(rows, zone(isp.timezone), f"{olt} {target}: {len(rows)} readings"))
    console.print(render.literal(view.trend_line("ONU Rx", trends["rx_dbm"])), highlight=False)
    console.print(render.literal(view.trend_line("OLT Rx", trends["olt_rx_dbm"])), highlight=False)
    if chart if chart is not None else sys.stdout.isatty():
        limits = {"ONU Rx limit": isp.optical.onu_rx_critical_below_dbm,
                  "OLT Rx limit": isp.optical.olt_rx_critical_below_dbm}
        console.print(render.literal(view.chart(rows, limits)), highlight=False)
    render.finish(Status.OK)
