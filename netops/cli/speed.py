"""`netops speed test`: download, upload, latency and jitter, judged against the customer's plan."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, Any

import typer

from netops.cli import render
from netops.cli.render import OutputOption
from netops.i18n import N_, _, ngettext

NAME = "speed"
HELP = N_("Measure download/upload/latency and judge them against the customer's plan.")

app = typer.Typer(no_args_is_help=True)


class Engine(str, Enum):
    speedtest = "speedtest"
    iperf3 = "iperf3"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        "-e",
        envvar="NETOPS_SPEED_ENGINE",
        help=N_("speedtest (Ookla legacy HTTP server) or iperf3."),
    ),
]


@app.command()
def test(
    ctx: typer.Context,
    engine: EngineOption = Engine.speedtest,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            "-s",
            metavar="SERVER",
            help=N_("speedtest: server URL (its upload.php or base URL), "
                   "speedtest.net server ID or HOST[:PORT]; iperf3: HOST[:PORT]. Without it: "
                   "the ISP profile's server, else the best speedtest.net server."),
            show_default=False,
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", metavar="NAME", help=N_("Plan name from the ISP profile."), show_default=False),
    ] = None,
    plan_down: Annotated[
        float | None,
        typer.Option("--plan-down", metavar="MBPS", help=N_("Contracted download, Mbit/s."), show_default=False),
    ] = None,
    plan_up: Annotated[
        float | None,
        typer.Option("--plan-up", metavar="MBPS", help=N_("Contracted upload, Mbit/s."), show_default=False),
    ] = None,
    streams: Annotated[
        int | None,
        typer.Option(
            "--streams",
            metavar="N",
            help=N_("Parallel TCP streams (default 8 for speedtest, 4 for iperf3)."),
            show_default=False,
        ),
    ] = None,
    no_upload: Annotated[
        bool, typer.Option("--no-upload", help=N_("Measure the download only."))
    ] = False,
    duration: Annotated[
        float, typer.Option("--duration", metavar="S", help=N_("Measured seconds per direction."))
    ] = 8.0,
    warmup: Annotated[
        float, typer.Option("--warmup", metavar="S", help=N_("Seconds discarded first (TCP slow start)."))
    ] = 2.0,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", metavar="S", help=N_("Seconds before an unanswered or stalled connection is an error.")
        ),
    ] = 10.0,
    output: OutputOption = render.Output.table,
) -> None:
    """Run a speed test and give a verdict against the plan.

    OK when every direction reaches the plan's warning ratio (or no plan is given), WARNING below
    it, CRITICAL below the critical ratio (Netcenter: 80 % and 40 %). JSON on stdout with -o json.

    Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 the test could not run (bad input, server
    unreachable or failing, iperf3 missing or busy).
    """
    from netops.speed.engines import run_test
    from netops.speed.model import SpeedOptions
    from netops.speed.policy import check, resolve_plan, speed_json

    policy = ctx.obj.isp_profile.speed
    chosen_plan = resolve_plan(policy, plan, plan_down, plan_up)  # bad input fails before traffic
    options = SpeedOptions(
        streams=streams, duration=duration, warmup=warmup, timeout=timeout, upload=not no_upload
    )
    with _live_progress() as progress:
        measured = run_test(engine.value, server, options, policy, progress)
    result = check(measured, chosen_plan, policy)
    data = speed_json(result, policy)
    if output is render.Output.json:
        render.emit_json(data)
    else:
        _table(data, result.status)
    render.finish(result.status)


def _table(data: dict[str, Any], status: render.Status) -> None:
    def num(value: float | None, unit: str, digits: int = 1) -> str:
        return "—" if value is None else f"{value:.{digits}f} {unit}"

    def ratio(value: float | None) -> str:
        return "" if value is None else _("{percent} of plan", percent=format(value, ".0%"))

    plan = data["plan"]
    server = data["server"]
    table = render.FitTable(render.Column("", style="bold"), render.Column("", fold=True),
                            render.Column("", fold=True), header=False)
    table.add_row(_("Server"), server.get("url") or server.get("name"), "")
    table.add_row(_("Engine"), data["engine"],
                  ngettext("{count} stream", "{count} streams", data["streams"]).format(count=data["streams"]))
    table.add_row(_("Ping"), num(data["ping_ms"], "ms", 2),
                  _("jitter {jitter}", jitter=num(data["jitter_ms"], "ms", 2)))
    table.add_row(_("Download"), num(data["download_mbps"], "Mbit/s"), ratio(data["ratio"]["down"]))
    table.add_row(_("Upload"), num(data["upload_mbps"], "Mbit/s"), ratio(data["ratio"]["up"]))
    if plan:
        speeds = f"{plan['down_mbps']:g}" + (f"/{plan['up_mbps']:g}" if plan["up_mbps"] else "")
        table.add_row(_("Plan"), plan["name"] or _("(typed in)"), f"{speeds} Mbit/s")
    table.add_row(_("Status"), render.status_text(status), "" if plan else _("no plan given"))
    table.print()


# The phases the engines report (netops.speed.engines, netops.transport.speed_http), as the
# progress line names them: which direction is being measured, and whether it counts yet.
PHASES = {
    "choosing server": N_("Choosing a server"),
    "latency": N_("Measuring latency"),
    "download warm-up": N_("Download ↓ (warm-up, not counted)"),
    "download": N_("Download ↓"),
    "upload warm-up": N_("Upload ↑ (warm-up, not counted)"),
    "upload": N_("Upload ↑"),
}


class SpeedProgress:
    """The test's progress on a console: one line per step (latency, download, upload), each with
    its bar, current rate and its own timer.

    A step's line stops its timer when the step ends, the next step's starts at zero: rich freezes
    a task's clock once its bar is full, so one bar reused for both directions showed the
    download's time through the whole upload.
    """

    def __init__(self, console: Any, clock: Callable[[], float] | None = None) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("{task.description:<34}"),
            BarColumn(),
            TextColumn("{task.fields[rate]:>14}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            get_time=clock,  # None: the monotonic clock
        )
        self.step: str | None = None  # the step on screen, and its rich task
        self.task: Any = None

    def __call__(self, phase: str, mbps: float, fraction: float) -> None:
        """netops.speed.model.Progress: `phase` as the engine names it (`upload warm-up`)."""
        step = phase.split()[0]
        if step != self.step:
            if self.task is not None:
                self.progress.update(self.task, completed=1.0)  # its timer stops
            self.task = self.progress.add_task("", total=1.0, rate="")
            self.step = step
        label = PHASES.get(phase)
        rate = "" if math.isnan(mbps) else f"{mbps:8.1f} Mbit/s"
        self.progress.update(self.task, description=_(label) if label else phase,
                             completed=fraction, rate=rate)


@contextmanager
def _live_progress() -> Iterator[Any]:
    """The test's progress on stderr while it runs; nothing when stderr is not a terminal."""
    if not render.is_interactive():
        yield lambda phase, mbps, fraction: None
        return
    display = SpeedProgress(render.stderr())
    with display.progress:
        yield display
