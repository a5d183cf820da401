"""`netops lab up|status|down`: simulated devices on loopback for practice and tests."""

from __future__ import annotations

from typing import Annotated

import typer

from netops.cli import render
from netops.cli.render import OutputOption
from netops.i18n import N_, _

NAME = "lab"
HELP = N_("Start, inspect and stop the built-in lab of simulated devices on loopback.")
EPILOG = (
    N_("Exit codes: 0 OK; `lab status` 1 when some services are stopped (`netops lab up` restarts them) and 3 when the lab is not running; 3 when the lab cannot start.")
)

app = typer.Typer(no_args_is_help=True)


def _describe(services: list, output: render.Output, heading: str) -> None:
    from dataclasses import asdict

    from netops.lab.manager import service_running
    from netops.lab.state import lab_dir

    alive = {svc.name: service_running(svc) for svc in services}
    if output is render.Output.json:
        render.emit_json(
            {
                "directory": str(lab_dir()),
                "running": any(alive.values()),
                "services": [{**asdict(s), "alive": alive[s.name]} for s in services],
            }
        )
        return
    console = render.stdout()
    console.print(heading)
    from rich.text import Text

    table = render.FitTable(render.Column(_("service")), render.Column(_("state")),
                            render.Column(_("endpoints"), fold=True, min_width=24))
    for svc in services:
        # one endpoint a line, so an address is never split across two
        endpoints = "\n".join(f"{k} {v}" for k, v in svc.endpoints.items())
        state = Text(_("running"), style="green") if alive[svc.name] else Text(_("stopped"), style="red")
        table.add_row(svc.name, state, endpoints)
    table.print(console)
    usage = [line for svc in services for line in svc.usage]
    if usage:
        console.print(_("Try:"))
        for line in usage:  # commands to paste: one line each, however narrow the terminal
            render.unbroken(console, f"  {line}")


@app.command()
def up(
    free_ports: Annotated[
        bool,
        typer.Option("--free-ports", help=N_("Use any free loopback ports instead of the lab's usual ones.")),
    ] = False,
    output: OutputOption = render.Output.table,
) -> None:
    """Start every simulated device and write the lab inventory (use it with `--inventory lab`).

    A lab that already runs is kept; a service of it that stopped is started again.
    """
    from netops.lab import manager
    from netops.lab.state import lab_dir

    before = {svc.name for svc in manager.read_state() if manager.service_running(svc)}
    services = manager.up(fixed_ports=not free_ports)
    restarted = [svc.name for svc in services if svc.name not in before]
    if not before:
        heading = _("Lab started in {directory}", directory=lab_dir())
    elif restarted:
        heading = _("Lab running in {directory}; started again: {services}", directory=lab_dir(),
                    services=", ".join(restarted))
    else:
        heading = _("Lab already running in {directory}", directory=lab_dir())
    _describe(services, output, heading)


@app.command()
def status(output: OutputOption = render.Output.table) -> None:
    """Show what the lab runs and where: exit 0 when every service runs, 1 when some are
    stopped (`netops lab up` starts them again), 3 when the lab is not running."""
    from netops.lab import manager

    services = manager.read_state()
    running = [svc for svc in services if manager.service_running(svc)]
    if not running:
        if output is render.Output.json:
            render.emit_json({"running": False, "services": []})
        else:
            render.unbroken(render.stderr(), render.hint_commands(
                _("The lab is not running (start it with `netops lab up`).")))
        render.finish(render.Status.UNKNOWN)
    _describe(services, output, _("Lab"))
    if len(running) < len(services):
        render.unbroken(render.stderr(), render.hint_commands(
            _("Some lab services are stopped; `netops lab up` starts them again.")))
        render.finish(render.Status.WARNING)
    render.finish(render.Status.OK)


@app.command()
def down(output: OutputOption = render.Output.table) -> None:
    """Stop every lab process by PID (only processes the lab started, checked before each signal)."""
    from netops.lab import manager

    stopped = manager.down()
    if output is render.Output.json:
        render.emit_json({"stopped": stopped})
    else:
        render.stdout().print(_("Lab stopped ({stopped} process(es)).", stopped=stopped))
