"""The one table layout every netops table uses (`render.FitTable`), on rich consoles of known
widths: key values whole, the least important columns left out first and named, free text
folded, nothing wider than the terminal and nothing cut with an ellipsis."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from netops.cli.render import KEY, Column, FitTable, key_value_table

from .conftest import WIDTHS, assert_fits, rows


def printed(table: FitTable, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    table.print(console)
    return console.file.getvalue()


def onu_like(description: str = "a long description of where the customer lives, street and number") -> FitTable:
    table = FitTable(
        Column("ONU"), Column("serial", keep=40), Column("state"), Column("Rx", justify="right"),
        Column("Tx", keep=20, justify="right"), Column("status"),
        Column("flags", keep=50, fold=True, min_width=10),
        Column("description", keep=60, fold=True),
        more="-o json, -o csv",
    )
    table.add_row("0/16/15:127", "HWTC1A2B3C4D", "offline (dying_gasp)", "-27.45", "2.31",
                  "CRITICAL", "offline, dying_gasp", description)
    table.add_row("0/1/0:3", "HWTC00000001", "online", "-19.02", "2.05", "OK", "", "casa")
    return table


@pytest.mark.parametrize("width", WIDTHS)
def test_key_values_are_whole_and_the_table_fits(width):
    text = printed(onu_like(), width)
    assert_fits(text, width)
    first, second = rows(text)
    for value in ("0/16/15:127", "offline (dying_gasp)", "-27.45", "CRITICAL"):
        assert value in first
    for value in ("0/1/0:3", "online", "-19.02", "OK"):
        assert value in second


def test_at_80_the_lowest_ranked_go_first_and_are_named():
    text = printed(onu_like(), 80)
    note = [line for line in text.splitlines() if line.startswith("Not shown")]
    assert note, text
    # Tx (20) before serial (40) before flags (50); the description (60) stays, folded
    assert "Tx" in note[0] and "serial" in note[0]
    assert "description" not in " ".join(note)
    assert "-o json, -o csv" in text
    assert "street" in text  # the folded description is all there, on more lines


def test_at_120_more_columns_stay():
    narrow, wide = printed(onu_like(), 80), printed(onu_like(), 120)
    assert "HWTC1A2B3C4D" in wide and "HWTC1A2B3C4D" not in narrow


def test_a_table_that_fits_shows_everything_and_no_note():
    text = printed(onu_like("casa"), 200)
    assert "Not shown" not in text
    assert "HWTC1A2B3C4D" in text and "2.31" in text


def test_a_folded_column_never_splits_a_word():
    table = FitTable(Column("id"), Column("text", fold=True, min_width=8))
    table.add_row("1", "supercalifragilistic word")
    text = printed(table, 30)
    assert "supercalifragilistic" in text
    assert_fits(text, 30)


def test_key_columns_wider_than_the_terminal_wrap_rather_than_lose_text():
    table = FitTable(Column("a"), Column("b"), Column("c", keep=1))
    table.add_row("alpha beta gamma", "delta epsilon zeta", "dropped")
    text = printed(table, 24)
    for word in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        assert word in text
    assert "…" not in text
    assert "dropped" not in text.split("Not shown")[0]


def test_cells_are_text_never_markup():
    table = FitTable(Column("name", keep=KEY))
    table.add_row("[red]cliente[/red] [bold]")
    assert "[red]cliente[/red] [bold]" in printed(table, 80)


@pytest.mark.parametrize("width", (40, 80))
def test_key_value_tables_fold_the_value(width):
    table = key_value_table()
    table.add_row("Description", "x" * 10 + " " + "word " * 30)
    table.add_row("Serial", "HWTC1A2B3C4D")
    text = printed(table, width)
    assert_fits(text, width)
    assert "Serial" in text and "HWTC1A2B3C4D" in text
    assert text.count("word") == 30


def test_an_empty_column_gives_way_first_and_is_not_named():
    table = FitTable(Column("ONU"), Column("name", keep=30, fold=True),
                     Column("description", keep=60, fold=True))
    table.add_row("1/1/1:4", "low ONU Rx, a customer name long enough to need room", "")
    table.add_row("1/1/1:5", "another name", "")
    assert "description" in printed(table, 80)  # room for all: shown, empty
    text = printed(table, 36)  # the name (30) would go before the description (60) were it not empty
    assert "description" not in text  # empty everywhere: nothing lost, nothing to name
    assert "low ONU Rx" in text and "name" in text
    assert "Not shown" not in text
