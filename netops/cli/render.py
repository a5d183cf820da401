"""Shared rendering: output formats, JSON on stdout, colours, progress on stderr.

JSON (and csv/prometheus) go to stdout and nothing else does; tables go to stdout too, while
progress, warnings and logs go to stderr. Progress bars appear only when stderr is a terminal.
Rich honours NO_COLOR by itself.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from netops.i18n import N_, _, local
from netops.results import Status


class Output(str, Enum):
    """Formats every command offers."""

    table = "table"
    json = "json"


class RowsOutput(str, Enum):
    """Formats for commands that produce rows (scans)."""

    table = "table"
    json = "json"
    csv = "csv"
    prometheus = "prometheus"


OutputOption = Annotated[
    Output, typer.Option("--output", "-o", help=N_("Output format."), case_sensitive=False)
]
RowsOutputOption = Annotated[
    RowsOutput, typer.Option("--output", "-o", help=N_("Output format."), case_sensitive=False)
]

STATUS_STYLE = {
    Status.OK: "bold green",
    Status.WARNING: "bold yellow",
    Status.CRITICAL: "bold red",
    Status.UNKNOWN: "bold magenta",
}


def stdout() -> Console:
    """Tables on stdout; piped to a file or pager, use $COLUMNS or 160 rather than squeeze to 80."""
    wide = sys.stdout.isatty() or "COLUMNS" in os.environ
    return Console(soft_wrap=False, width=None if wide else 160)


def stderr() -> Console:
    return Console(stderr=True)


def literal(text: object) -> Text:
    """Text to print exactly as it is: device and ticket text is data, never console markup
    (a `netops.i18n.Message` in the technician's language, other text as it is)."""
    return Text(local(text))


# The global options this run was given with a value (`--inventory lab`): every command netops
# prints as a hint (in backquotes, `netops ...`) gets them too, so it works as printed.
hint_options: list[tuple[str, str]] = []
_HINTED_COMMAND = re.compile(r"`netops((?: [^`]*)?)`")


def hint_commands(text: str) -> str:
    """`text` with this run's global options added to each `netops ...` command it names."""
    if not hint_options:
        return text

    def complete(match: re.Match[str]) -> str:
        words = match.group(1)
        extra = "".join(f" {name} {shlex.quote(value)}" for name, value in hint_options
                        if name not in words.split())
        return f"`netops{extra}{words}`"

    return _HINTED_COMMAND.sub(complete, text)


def warn(message: str) -> None:
    """One warning line on stderr, printed literally, in the technician's language (a
    `netops.i18n.Message` is translated; other text is shown as it is), hinted commands completed."""
    line = _("netops: warning: {message}").format(message=hint_commands(local(message)))
    stderr().print(Text(line), highlight=False, soft_wrap=True)


def status_text(status: Status) -> Text:
    return Text(status.name, style=STATUS_STYLE[status])


def emit_json(data: Any) -> None:
    """Write one JSON document to stdout (and nothing else)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    sys.stdout.write("\n")
    sys.stdout.flush()


def finish(status: Status) -> None:
    """End the command with the exit code of its overall status."""
    raise typer.Exit(int(status))


def is_interactive() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal; otherwise an object that does nothing.

    Yields a callable `advance(n=1)`; `set_total(n)` is available as an attribute.
    """
    if not is_interactive():
        yield _NoProgress()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr(),
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield _RichProgress(progress, task)


class _NoProgress:
    def __call__(self, amount: int = 1) -> None:
        pass

    def set_total(self, total: int) -> None:
        pass


class _RichProgress:
    def __init__(self, progress: Any, task: Any) -> None:
        self._progress = progress
        self._task = task

    def __call__(self, amount: int = 1) -> None:
        self._progress.advance(self._task, amount)

    def set_total(self, total: int) -> None:
        self._progress.update(self._task, total=total)
