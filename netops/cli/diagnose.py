"""`netops diagnose`: run the checks a ticket calls for, fill its observed facts, then decide."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from netops.cli import render
from netops.cli.triage import (
    DECISION_EPILOG,
    AtOption,
    DecisionOutput,
    DecisionOutputOption,
    NewCaseOption,
    TicketOption,
    emit,
)
from netops.i18n import L_, N_, _, local

NAME = "diagnose"
HELP = (
    N_("Check the ticket's ONU, the ISP's resolvers and the speed, then decide the escalation (exit 0 when a decision was produced, 3 for bad input).")
)

EPILOG = DECISION_EPILOG

def diagnose(
    ctx: typer.Context,
    ticket: TicketOption,
    at: AtOption = None,
    skip_speed: Annotated[
        bool, typer.Option("--skip-speed", help=N_("Do not run the speed test."))
    ] = False,
    resolver: Annotated[
        list[str] | None,
        typer.Option("--resolver", help=N_("Check this resolver instead of the profile's (repeat)."),
                     show_default=False),
    ] = None,
    speed_server: Annotated[
        str | None,
        typer.Option("--speed-server", metavar="URL", help=N_("Speed test server URL (default: the profile's)."),
                     show_default=False),
    ] = None,
    new_case: NewCaseOption = False,
    output: DecisionOutputOption = DecisionOutput.table,
) -> None:
    """Read the ticket's ONU from its OLT, check DNS (and the speed for a slow line), then decide.

    The observed facts in the ticket are replaced by what the checks measured; a check that
    cannot run is reported as UNKNOWN and the decision is still made.
    """
    from netops.triage.diagnose import diagnose as run_diagnose
    from netops.triage.service import instant, triage
    from netops.triage.ticket import read_ticket

    app_ctx = ctx.obj
    isp = app_ctx.isp_profile
    parsed = read_ticket(ticket)
    when = instant(at, isp)
    console = render.stderr()
    options = diagnose_options(app_ctx.inventory, resolver, speed_server, skip_speed)
    found = run_diagnose(parsed, isp, app_ctx.load_inventory, options,
                         notify=lambda text: console.print(render.literal(f"… {local(text)}"), style="dim"))
    decision = triage(found.ticket, isp, when, command="diagnose",
                      checks=[check.to_dict() for check in found.checks], new_case=new_case)
    emit(decision, output)


COMMAND = diagnose


def diagnose_options(inventory: str | None, resolver: list[str] | None,
                     speed_server: str | None, skip_speed: bool) -> Any:
    """The options of a diagnosis from the command line (the lab's servers with `-i lab`)."""
    from netops.triage.diagnose import DiagnoseOptions

    resolvers, speed_server = _lab_defaults(inventory, resolver or None, speed_server, skip_speed)
    return DiagnoseOptions(skip_speed=skip_speed, resolvers=resolvers, speed_server=speed_server)


def _lab_defaults(
    inventory: str | None, resolvers: list[str] | None, speed_server: str | None,
    skip_speed: bool = False,
) -> tuple[list[str] | None, str | None]:
    """With `--inventory lab`, check the lab's resolver and speed server, never the ISP's."""
    import os

    from netops.cli.context import LAB_INVENTORY_NAME
    from netops.errors import ConfigError

    if (inventory or os.environ.get("NETOPS_INVENTORY")) != LAB_INVENTORY_NAME:
        return resolvers, speed_server
    from netops.lab.manager import servers

    found = servers()
    no_resolver = not resolvers and not found.resolver
    no_speed = not (speed_server or skip_speed) and not found.speed
    if no_resolver or no_speed:
        raise ConfigError(
            L_("the lab runs no DNS resolver (--resolver) and no speed server (--speed-server); the ISP's own servers are not checked against the lab") if no_resolver and no_speed
            else L_("the lab runs no DNS resolver (--resolver); the ISP's own servers are not checked against the lab") if no_resolver
            else L_("the lab runs no speed server (--speed-server); the ISP's own servers are not checked against the lab"),
            hint=L_("start the lab with `netops lab up`, or pass the options named"),
        )
    if resolvers is None and found.resolver:
        resolvers = [found.resolver]
        render.stderr().print(render.literal(_("… using the lab's resolver {resolvers}", resolvers=resolvers[0])),
                              style="dim")
    if speed_server is None and found.speed:
        speed_server = found.speed
    return resolvers, speed_server
