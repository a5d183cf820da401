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
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

import typer
from rich.cells import cell_len
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


def unbroken(console: Console, line: str, style: str | None = None) -> None:
    """A command, key or text meant to be pasted, printed as one unbroken line: never wrapped by
    us (a line wider than the terminal is left long for the terminal to wrap), never boxed,
    never read as markup, printed exactly as it is."""
    console.print(Text(line, style=style or ""), soft_wrap=True, highlight=False)


def heading(console: Console, title: str) -> None:
    """A section heading: a rule with the title when it fits on one line (a rule would cut a
    longer title short), else the title alone, whole."""
    text = Text(title, style="bold")
    if cell_len(title) + 6 <= console.width:
        console.rule(text, align="left")
    else:
        console.print(text, highlight=False)


def pasteable(console: Console, title: str, text: str) -> None:
    """Text to copy (a ticket note) under a heading, each line as it is: no box, so no `│`
    comes along when it is copied."""
    heading(console, title)
    for line in text.splitlines() or [""]:
        unbroken(console, line)


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


# -- tables that fit the terminal -------------------------------------------------------------

KEY = 1_000  # a column's `keep` that is never dropped: the values the table exists to show


@dataclass(frozen=True)
class Column:
    """One column of a `FitTable`.

    `keep` ranks the column: when the table is wider than the terminal the lowest is left out
    first; `KEY` columns are never left out. A column is shown whole on one line (never cut,
    never ellipsised) unless `fold`: long free text that wraps onto more lines, down to
    `min_width`, rather than push a key column off the screen.
    """

    header: str
    keep: int = KEY
    fold: bool = False
    min_width: int = 12
    justify: str = "left"
    style: str | None = None


def _text(cell: object) -> Text:
    return cell if isinstance(cell, Text) else literal(cell)


def _width(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _widest_word(text: Text) -> int:
    return max((cell_len(word) for word in text.plain.split()), default=0)


class FitTable:
    """A table laid out for the terminal it is printed on: every kept column at the width its
    values need, folded text columns sharing what is left, and the least important columns left
    out (named in a note under the table) when even that does not fit.

    Cells are text, never markup (`str` is shown as it is; pass a `Text` for style).
    Every table netops prints is one of these, so none is ever squeezed into `0/…`.
    """

    def __init__(self, *columns: Column, title: str | Text | None = None,
                 caption: str | None = None, header: bool = True, padding: int = 1,
                 more: str = "-o json") -> None:
        self.columns = list(columns)
        self.title = title
        self.caption = caption
        self.header = header
        self.padding = padding
        self.more = more
        self.rows: list[tuple[list[Text], str | None, bool]] = []

    def add_row(self, *cells: object, style: str | None = None, end_section: bool = False) -> None:
        self.rows.append(([_text(c) for c in cells], style, end_section))

    def _widths(self) -> tuple[list[int], list[int]]:
        """Each column's natural width (its widest line, or header) and the narrowest it may be:
        the natural width again, or for folded text its minimum, never narrower than its longest
        word, so no word is split."""
        natural, least = [], []
        for index, column in enumerate(self.columns):
            header = cell_len(column.header) if self.header else 0
            cells = [cells[index] for cells, _, _ in self.rows]
            natural.append(max([header] + [_width(cell) for cell in cells]))
            if column.fold:
                words = max([header] + [_widest_word(cell) for cell in cells])
                least.append(min(natural[-1], max(column.min_width, words)))
            else:
                least.append(natural[-1])
        return natural, least

    def _empty(self) -> set[int]:
        """The columns with no text in any row (a device that fills no descriptions)."""
        return {index for index in range(len(self.columns))
                if not any(cells[index].plain.strip() for cells, _, _ in self.rows)}

    def _frame(self, count: int) -> int:
        """Width of borders and padding around `count` columns."""
        borders = count + 1 if self.header else 0
        pad = 2 * self.padding * count - (0 if self.header else 2 * self.padding)
        return borders + max(pad, 0)

    def layout(self, width: int) -> tuple[list[int], dict[int, int]]:
        """Which columns are shown (indexes) and the width of each, for a terminal `width` wide.

        Should the key columns alone be wider than the terminal, they are all kept and the
        table is wider than `width`; `renderables` then lets them wrap rather than be cut."""
        natural, least = self._widths()
        kept = list(range(len(self.columns)))
        empty = self._empty()

        def needed() -> int:
            return self._frame(len(kept)) + sum(least[i] for i in kept)

        while needed() > width:
            droppable = [i for i in kept if self.columns[i].keep < KEY]
            if not droppable:
                break  # key columns alone are wider than the terminal: shown whole anyway
            # a column with nothing in it goes first, then the lowest ranked, rightmost first
            kept.remove(min(droppable, key=lambda i: (i not in empty, self.columns[i].keep, -i)))
        widths = {i: least[i] for i in kept}
        spare = width - needed()
        for i in sorted(kept, key=lambda i: -self.columns[i].keep):
            if spare <= 0:
                break
            grow = min(spare, natural[i] - widths[i])
            widths[i] += grow
            spare -= grow
        return kept, widths

    def renderables(self, width: int) -> list[Any]:
        """The rich table, and the note naming the columns left out (if any)."""
        from rich import box
        from rich.table import Table

        kept, widths = self.layout(width)
        crowded = self._frame(len(kept)) + sum(widths.values()) > width
        table = Table(
            title=self.title, title_justify="left", caption=self.caption, caption_justify="left",
            show_header=self.header, box=box.HEAVY_HEAD if self.header else None,
            padding=(0, self.padding), pad_edge=self.header, expand=False,
        )
        for i in kept:
            column = self.columns[i]
            table.add_column(
                column.header if self.header else "", justify=column.justify,  # type: ignore[arg-type]
                style=column.style, width=None if crowded else widths[i],
                no_wrap=not (column.fold or crowded),
                overflow="fold",
            )
        for cells, style, end_section in self.rows:
            table.add_row(*(cells[i] for i in kept), style=style, end_section=end_section)
        shown: list[Any] = [table]
        hidden = set(range(len(self.columns))) - set(kept) - self._empty()  # empty: nothing lost
        left_out = [self.columns[i].header for i in sorted(hidden)]
        if left_out:
            shown.append(Text(_("Not shown at this width: {columns} ({more} or a wider terminal "
                                "shows them).").format(columns=", ".join(left_out), more=self.more),
                              style="dim"))
        return shown

    def print(self, console: Console | None = None) -> None:
        console = console or stdout()
        for renderable in self.renderables(console.width):
            console.print(renderable, highlight=False)


def key_value_table(title: str | Text | None = None) -> FitTable:
    """Two columns without a header or box: a bold name, and its value folded to the width."""
    return FitTable(Column("", style="bold"), Column("", fold=True, min_width=20),
                    title=title, header=False)
