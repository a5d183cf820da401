"""`netops lab up|status|down`: simulated devices on loopback for practice and tests."""

from __future__ import annotations

from typing import Annotated

import typer

from netops.cli import render
from netops.cli.render import OutputOption

NAME = "lab"
HELP = "Start, inspect and stop the built-in lab of simulated devices on loopback."

app = typer.Typer(no_args_is_help=True)


def _describe(services: list, output: render.Output, heading: str) -> None:
    from dataclasses import asdict

    from netops.lab.state import lab_dir, pid_alive

    if output is render.Output.json:
        render.emit_json(
            {
                "directory": str(lab_dir()),
                "running": any(pid_alive(p) for s in services for p in s.pids),
                "services": [
                    {**asdict(s), "alive": all(pid_alive(p) for p in s.pids)} for s in services
                ],
            }
        )
        return
    console = render.stdout()
    console.print(heading)
    from rich.table import Table

    table = Table("service", "state", "endpoints")
    for svc in services:
        alive = all(pid_alive(p) for p in svc.pids)
        endpoints = ", ".join(f"{k} {v}" for k, v in svc.endpoints.items())
        table.add_row(svc.name, "[green]running[/]" if alive else "[red]stopped[/]", endpoints)
    console.print(table)
    usage = [line for svc in services for line in svc.usage]
    if usage:
        console.print("Try:")
        for line in usage:
            console.print(f"  {line}", highlight=False, markup=False)


@app.command()
def up(
    free_ports: Annotated[
        bool,
        typer.Option("--free-ports", help="Use any free loopback ports instead of the lab's usual ones."),
    ] = False,
    output: OutputOption = render.Output.table,
) -> None:
    """Start every simulated device and write the lab inventory (use it with `--inventory lab`)."""
    from netops.lab import manager
    from netops.lab.state import lab_dir

    if manager.running():
        _describe(manager.read_state(), output, f"Lab already running in {lab_dir()}")
        return
    services = manager.up(fixed_ports=not free_ports)
    _describe(services, output, f"Lab started in {lab_dir()}")


@app.command()
def status(output: OutputOption = render.Output.table) -> None:
    """Show what the lab runs and where; exit 3 when it is not running."""
    from netops.lab import manager

    services = manager.read_state()
    if not services:
        if output is render.Output.json:
            render.emit_json({"running": False, "services": []})
        else:
            render.stderr().print("The lab is not running (start it with `netops lab up`).")
        render.finish(render.Status.UNKNOWN)
    _describe(services, output, "Lab")
    healthy = manager.running() and all(
        manager.pid_alive(p) for s in services for p in s.pids
    )
    render.finish(render.Status.OK if healthy else render.Status.WARNING)


@app.command()
def down(output: OutputOption = render.Output.table) -> None:
    """Stop every lab process by PID."""
    from netops.lab import manager

    stopped = manager.down()
    if output is render.Output.json:
        render.emit_json({"stopped": stopped})
    else:
        render.stdout().print(f"Lab stopped ({stopped} process(es)).")
