"""Helpers for the width tests: run netops at a terminal width, read its tables back.

The width is what a terminal reports through $COLUMNS (rich reads it when stdout is not a
terminal), so each command runs exactly as it does in an 80- or a 120-column window.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

WIDTHS = (80, 120)


@pytest.fixture
def at_width(cli, monkeypatch):
    """Run `netops ARGS...` (the suite's `cli`) in a terminal `width` columns wide."""

    def invoke(width: int, *args: str):
        monkeypatch.setenv("COLUMNS", str(width))
        return cli(*args)

    return invoke


def assert_fits(text: str, width: int) -> None:
    """No line wider than the terminal, and nothing cut short with an ellipsis."""
    for line in text.splitlines():
        assert cell_len(line) <= width, f"wider than {width} columns: {line!r}"
    assert "…" not in text, text


def table_lines(text: str) -> list[list[str]]:
    """Every body line of the boxed tables in `text`, as stripped cells."""
    return [[cell.strip() for cell in line[1:-1].split("│")] for line in text.splitlines()
            if line.startswith("│ ") and line.endswith("│")]


def rows(text: str) -> list[list[str]]:
    """The first line of every row of the boxed tables in `text`. A folded row's further lines
    (first cell empty) are not rows of their own."""
    return [cells for cells in table_lines(text) if cells[0]]


def column(text: str, header: str) -> bool:
    """Whether a boxed table in `text` has a column headed `header`."""
    return any(line.startswith("┃") and header in [c.strip() for c in line.strip("┃").split("┃")]
               for line in text.splitlines())


def command_problem(line: str) -> str | None:
    """Why `line` (`netops ...`, as netops prints it) would not run as typed, or None.

    The words go the way `netops` itself takes them (global options anywhere, then the
    command tree), and the command's own parser reads the rest: an unknown command or option,
    a bad choice or a missing value is a problem. A bare command name (`netops ixc diagnose`),
    named rather than given to run, only has to exist.
    """
    import shlex

    import typer

    from netops.cli import argv
    from netops.cli.app import app
    from netops.errors import NetopsError

    words = shlex.split(line, comments=True)
    assert words[0] == "netops", line
    top = typer.main.get_command(app)
    try:
        _given, rest = argv.split(top, words[1:])
    except NetopsError as exc:  # a global option without its value
        return f"{line}: {exc.one_line()}"
    command, path = top, ["netops"]
    while rest and hasattr(command, "commands") and not rest[0].startswith("-"):
        sub = command.commands.get(rest[0])
        if sub is None:
            return f"{line}: no command {rest[0]!r} under {' '.join(path)}"
        command, path, rest = sub, [*path, rest.pop(0)], rest
    if hasattr(command, "commands") and not rest:  # a group named alone shows its help
        return None
    try:
        command.make_context(" ".join(path), list(rest))
    except typer.Exit:
        return None
    except typer.TyperException as exc:  # the framework's usage errors
        if type(exc).__name__ == "MissingParameter" and not rest:
            return None
        return f"{line}: {exc.format_message()}"
    return None
