"""`netops triage`: the escalation decision from a ticket's facts alone (no device access)."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netops.cli import labels, render
from netops.i18n import N_, _, local

if TYPE_CHECKING:
    from netops.triage.engine import Decision

NAME = "triage"
HELP = (
    N_("Decide N1/N2/N3 or the sector for a ticket from its facts and the ISP policy (exit 0 when a decision was produced, 3 for bad input).")
)

class DecisionOutput(str, Enum):
    """`text` is the ticket text alone, exactly as it is to be pasted (nothing else on stdout)."""

    table = "table"
    json = "json"
    markdown = "markdown"
    text = "text"


DecisionOutputOption = Annotated[
    DecisionOutput,
    typer.Option("--output", "-o", help=N_("Output format (text: only the ticket text, to paste)."),
                 case_sensitive=False),
]
TicketOption = Annotated[
    str,
    typer.Option(
        "--ticket", "-t", metavar="FILE", help=N_("Ticket file (YAML or JSON), or - for stdin."), show_default=False
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="TIME",
        help=N_("Decide as at this instant (ISO-8601; local to the ISP without an offset). "
        "Default: now."),
        show_default=False,
    ),
]

DECISION_EPILOG = (
    N_("Exit codes: 0 a decision was produced (whatever it is), 3 bad input or configuration. Every decision gets a protocol number and is kept in the case log (`netops cases`).")
)


def _what(decision: Decision) -> str:
    if decision.level:
        return decision.level
    if decision.route:
        return _("route to {route}", route=decision.route)
    return _("no ticket")


def _schedule(decision: Decision) -> str:
    if decision.transfer_now:
        return _("now")
    if decision.next_window:
        return _("next window {window}", window=decision.next_window)
    return "—"


def decision_rows(decision: Decision) -> list[tuple[str, str]]:
    """The decision's fields as (name, value) rows, in the reader's language."""
    return [
        (_("protocol"), decision.protocol),
        (_("decision"), _what(decision)),
        (_("action"), decision.action or "—"),
        (_("subject"), decision.subject or "—"),
        (_("sector"), decision.sector or decision.route or "—"),
        (_("priority"), str(decision.priority)),
        (_("transfer"), _schedule(decision)),
        (_("deadline"), decision.deadline or "—"),
        (_("notify group"), labels.yes_no(decision.notify_group)),
        (_("rule"), decision.rule),
    ]


def print_decision(decision: Decision, title: str | None = None) -> None:
    """A technician's view: the decision, why, the checks, and the text to paste (unboxed, its
    lines unbroken, so that copying it picks up nothing else)."""
    console = render.stdout()
    table = render.key_value_table(title)
    for index, (key, value) in enumerate(decision_rows(decision)):
        style = "bold red" if index == DECISION_ROW and decision.level == "N3" else None
        table.add_row(key, value, style=style)
    table.add_row(_("why"), "\n".join(f"• {local(r)}" for r in decision.reasons))
    table.print(console)
    if decision.checks:
        checks = render.FitTable(render.Column(_("check")), render.Column(_("status")),
                                 render.Column(_("summary"), fold=True))
        for check in decision.checks:
            status = render.Status.parse(check["status"])
            checks.add_row(check["name"], render.status_text(status), check["summary"])
        checks.print(console)
    render.pasteable(console, _("ticket text"), decision.message)


DECISION_ROW = 1  # the row of decision_rows that names the level (red for N3)


def markdown(decision: Decision, title: str | None = None) -> str:
    """The decision as Markdown (a wiki, a chat), headings and row names in the reader's language."""
    heading = _("{title} — protocol {protocol}", title=title, protocol=decision.protocol) if title \
        else _("Decision — protocol {protocol}", protocol=decision.protocol)
    lines = [f"## {heading}", ""]
    lines += [_("| field | value |"), "|---|---|"]
    lines += [f"| {k} | {v.replace('|', '/')} |" for k, v in decision_rows(decision)]
    lines += ["", "**{}**".format(_("Why")), ""] + [f"- {local(r)}" for r in decision.reasons]
    if decision.checks:
        lines += ["", "**{}**".format(_("Checks")), ""]
        lines += [f"- {c['name']}: {c['status']} — {local(c['summary'])}" for c in decision.checks]
    lines += ["", "**{}**".format(_("Ticket text")), "", "```text", decision.message, "```", ""]
    return "\n".join(lines)


def plain_text(message: str) -> None:
    """The ticket text exactly, one newline after it: `-o text | xclip` copies nothing else."""
    sys.stdout.write(message.rstrip("\n") + "\n")
    sys.stdout.flush()


def emit(decision: Decision, output: DecisionOutput) -> None:
    if output is DecisionOutput.json:
        render.emit_json(decision.to_dict())
    elif output is DecisionOutput.markdown:
        sys.stdout.write(markdown(decision))
    elif output is DecisionOutput.text:
        plain_text(decision.message)
    else:
        print_decision(decision)


def isp_of(ctx: typer.Context) -> Any:
    return ctx.obj.isp_profile


EPILOG = DECISION_EPILOG

NewCaseOption = Annotated[
    bool,
    typer.Option(
        "--new-case",
        help=N_("Open a new case (a new protocol) even if this same ticket was decided before; by default a re-run updates its case."),
    ),
]


def triage(
    ctx: typer.Context,
    ticket: TicketOption,
    at: AtOption = None,
    new_case: NewCaseOption = False,
    output: DecisionOutputOption = DecisionOutput.table,
) -> None:
    """Decide the escalation for a ticket from the facts it carries (no device access).

    Complaints: no_connection, slow, intermittent, wifi_key, router_password, router_reset,
    address_change, cancellation, suspension, fixed_ip, new_contract, point_change, other.
    See docs/triage.md for the ticket format and docs/examples/ for sample tickets.
    """
    from netops.triage.service import instant
    from netops.triage.service import triage as run_triage
    from netops.triage.ticket import read_ticket, require_onu

    isp = isp_of(ctx)
    parsed = read_ticket(ticket)
    require_onu(parsed)
    decision = run_triage(parsed, isp, instant(at, isp), new_case=new_case)
    emit(decision, output)


COMMAND = triage
