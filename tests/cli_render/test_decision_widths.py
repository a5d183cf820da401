"""Decisions, cases and profiles at 80 and 120 columns (no device: `triage` decides from the
ticket's facts), and the ticket text printed to be pasted: unboxed, its lines unbroken, and
`-o text` exactly the text of the decision's JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import WIDTHS, assert_fits, rows

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
AT = "2026-07-08T10:00"
TICKETS = ["ticket-los.yaml", "ticket-billing-blocked.yaml", "ticket-cancellation.json"]


def decide(at_width, width: int, ticket: str, *options: str):
    return at_width(width, "triage", "-t", str(EXAMPLES / ticket), "--at", AT, *options)


@pytest.mark.parametrize("width", (40, *WIDTHS))
@pytest.mark.parametrize("ticket", TICKETS)
def test_the_decision_fits_and_its_ticket_text_is_pasteable(at_width, width, ticket):
    data = decide(at_width, width, ticket, "-o", "json").json()
    result = decide(at_width, width, ticket)
    assert result.code == 0, result.err
    body = result.out.split("ticket text", 1)[1].splitlines()[1:]  # below its heading
    # each line of the text is a line of the output as it is: no box, no wrapping of ours
    assert body == data["message"].splitlines()
    assert_fits(result.out.split("ticket text", 1)[0], width)
    assert data["protocol"] in result.out and data["rule"] in result.out


@pytest.mark.parametrize("ticket", TICKETS)
def test_output_text_is_exactly_the_ticket_text(at_width, ticket):
    data = decide(at_width, 40, ticket, "-o", "json").json()
    result = decide(at_width, 40, ticket, "-o", "text")
    assert result.code == 0, result.err
    assert result.out == data["message"] + "\n"


@pytest.mark.parametrize("width", WIDTHS)
def test_cases_list_and_show(at_width, width):
    for ticket in TICKETS:
        decide(at_width, width, ticket)
    cases = at_width(width, "cases", "list", "-o", "json").json()["cases"]
    result = at_width(width, "cases", "list")
    assert result.code == 0, result.err
    assert_fits(result.out, width)
    listed = {cells[0]: cells for cells in rows(result.out)}
    assert set(listed) == {case["protocol"] for case in cases}
    for case in cases:
        assert case["level"] in listed[case["protocol"]] or case["level"] is None
    shown = at_width(width, "cases", "show", cases[0]["protocol"])
    assert shown.code == 0, shown.err
    assert_fits(shown.out.split("ticket text", 1)[0], width)


@pytest.mark.parametrize("width", WIDTHS)
def test_profiles_list(at_width, width):
    profiles = at_width(width, "profiles", "list", "-o", "json").json()["profiles"]
    result = at_width(width, "profiles", "list")
    assert_fits(result.out, width)
    listed = {(cells[0], cells[1]) for cells in rows(result.out)}
    assert listed == {(p["kind"], p["id"]) for p in profiles}
