"""`netops cases list|show`: the local log of every decision and its protocol number."""

from __future__ import annotations

from typing import Annotated

import typer

from netops.cli import render
from netops.cli.render import OutputOption

NAME = "cases"
HELP = "List and show the decisions kept in the local case log, by protocol number."
EPILOG = "Exit codes: 0 OK, 3 unknown protocol number or an unreadable case log."

app = typer.Typer(no_args_is_help=True)

MAX_LIMIT = 1_000_000  # more than any local log holds; SQLite cannot take a larger number anyway


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ")


@app.command("list")
def list_cases(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="How many cases.")
    ] = 50,
    output: OutputOption = render.Output.table,
) -> None:
    """The newest cases first (the latest decision of each protocol)."""
    from rich.table import Table

    from netops.triage.caselog import CaseLog

    log = CaseLog()
    records = log.latest(limit)
    if output is render.Output.json:
        render.emit_json({"path": str(log.path), "cases": [r.summary() for r in records]})
        return
    if not records:
        render.stderr().print(f"No cases yet in {log.path}.")
        return
    table = Table("protocol", "recorded (UTC)", "customer", "complaint", "decision", "rule")
    for r in records:
        table.add_row(
            r.protocol, _when(r.recorded_at), r.customer, r.complaint,
            r.level or (f"→ {r.route}" if r.route else "no ticket"), r.rule,
        )
    render.stdout().print(table)


@app.command("show")
def show_case(
    protocol: Annotated[str, typer.Argument(help="The protocol number.")],
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
    latest = history[-1]
    console = render.stdout()
    console.print(
        f"Case {protocol}: {latest.customer}, {latest.complaint} "
        f"({len(history)} decision(s), latest by `netops {latest.command}` at {_when(latest.recorded_at)} UTC)",
        highlight=False,
    )
    print_decision(Decision(**latest.decision))
