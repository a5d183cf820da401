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


def rows(text: str) -> list[list[str]]:
    """The first line of every row of the boxed tables in `text`, as stripped cells. A folded
    row's further lines (first cell empty) are not rows of their own."""
    found = []
    for line in text.splitlines():
        if line.startswith("│ ") and line.endswith("│"):
            cells = [cell.strip() for cell in line[1:-1].split("│")]
            if cells[0]:
                found.append(cells)
    return found


def column(text: str, header: str) -> bool:
    """Whether a boxed table in `text` has a column headed `header`."""
    return any(line.startswith("┃") and header in [c.strip() for c in line.strip("┃").split("┃")]
               for line in text.splitlines())
