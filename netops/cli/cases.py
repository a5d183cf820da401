"""`netops cases list|show`: the local log of every decision and its protocol number."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import typer

from netops.cli import labels, render
from netops.cli.render import OutputOption
from netops.i18n import L_, N_, _, ngettext

NAME = "cases"
HELP = N_("List and show the decisions kept in the local case log, by protocol number.")
EPILOG = N_("Exit codes: 0 OK, 3 unknown protocol number or an unreadable case log.")

app = typer.Typer(no_args_is_help=True)

class Level(str, Enum):
    N1 = "N1"
    N2 = "N2"
    N3 = "N3"


MAX_LIMIT = 1_000_000  # more than any local log holds; SQLite cannot take a larger number anyway


def _when(stamp: str, zone: Any) -> str:
    """A recorded (UTC) instant as the ISP's local time, to the minute."""
    import datetime as dt

    return dt.datetime.fromisoformat(stamp).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _since(text: str, zone: Any) -> Any:
    """`--since`: a date (local midnight) or an ISO-8601 time (local unless it has an offset)."""
    import datetime as dt

    from netops.errors import InputError
    from netops.models import quoted

    try:
        if len(text.strip()) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text.strip()), dt.time(), zone)
        instant = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            L_("--since: {quoted} is not a date or a time", quoted=quoted(text)),
            hint=L_("give a date like 2026-07-08 or a time like 2026-07-08T09:00"),
        ) from None
    return instant if instant.tzinfo else instant.replace(tzinfo=zone)


@app.command("list")
def list_cases(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help=N_("How many cases."))
    ] = 50,
    customer: Annotated[
        str | None,
        typer.Option("--customer", metavar="NAME", help=N_("Only customers whose name contains this (case and "
                     "accents ignored)."), show_default=False),
    ] = None,
    onu: Annotated[
        str | None,
        typer.Option("--onu", metavar="ONU", help=N_("Only tickets for this ONU, as the ticket names it (F/S/P:ID or "
                     "serial)."), show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE|TIME", help=N_("Only cases decided at or after this date or time (the ISP's "
                     "local time unless it has an offset)."), show_default=False),
    ] = None,
    level: Annotated[
        Level | None,
        typer.Option("--level", help=N_("Only cases escalated to this level."), show_default=False),
    ] = None,
    output: OutputOption = render.Output.table,
) -> None:
    """The newest cases first (the latest decision of each protocol), in the ISP's local time."""
    from netops.triage.caselog import CaseFilter, CaseLog
    from netops.triage.hours import zone as time_zone

    zone = time_zone(ctx.obj.isp_profile.timezone)
    where = CaseFilter(
        customer=customer, onu=onu, since=_since(since, zone) if since else None,
        level=level.value if level else None,
    )
    log = CaseLog()
    records = log.latest(limit, where)
    if output is render.Output.json:
        render.emit_json({"path": str(log.path), "cases": [r.summary() for r in records]})
        return
    if not records:
        filtered = where != CaseFilter()
        render.stderr().print(render.literal(
            _("No cases match in {path}.", path=log.path) if filtered else _("No cases yet in {path}.", path=log.path)))
        return
    # the whole protocol always (`cases show` needs it); long values fold rather than be cut
    table = render.FitTable(
        render.Column(_("protocol")), render.Column(_("decided")),
        render.Column(_("customer"), keep=50, fold=True), render.Column(_("complaint"), keep=40),
        render.Column(_("decision")), render.Column(_("rule"), keep=30, fold=True),
        caption=_("times in {timezone}", timezone=ctx.obj.isp_profile.timezone),
    )
    for r in records:
        table.add_row(
            r.protocol, _when(r.recorded_at, zone), r.customer,
            labels.complaint(r.complaint), r.level or (f"→ {r.route}" if r.route else _("no ticket")), r.rule,
        )
    table.print()


@app.command("show")
def show_case(
    ctx: typer.Context,
    protocol: Annotated[str, typer.Argument(metavar="PROTOCOL", help=N_("The protocol number."))],
    output: OutputOption = render.Output.table,
) -> None:
    """Every decision recorded under a protocol number, with its ticket; the latest is shown."""
    from netops.cli.triage import print_decision
    from netops.triage.caselog import CaseLog
    from netops.triage.engine import Decision

    history = CaseLog().history(protocol)
    if output is render.Output.json:
        render.emit_json({"protocol": protocol, "decisions": [r.to_dict() for r in history]})
        return
    from netops.triage.hours import zone as time_zone

    latest = history[-1]
    zone = time_zone(ctx.obj.isp_profile.timezone)
    console = render.stdout()
    console.print(render.literal(
        ngettext("Case {protocol}: {customer}, {complaint} ({count} decision, latest by `netops {command}` "
                 "at {when} {timezone})",
                 "Case {protocol}: {customer}, {complaint} ({count} decisions, latest by `netops {command}` "
                 "at {when} {timezone})", len(history)).format(
            protocol=protocol, customer=latest.customer, complaint=labels.complaint(latest.complaint),
            count=len(history), command=latest.command, when=_when(latest.recorded_at, zone),
            timezone=ctx.obj.isp_profile.timezone)
    ), highlight=False)
    print_decision(Decision(**latest.decision))
