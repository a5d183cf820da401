"""What technicians and tickets type is checked strictly: ASCII digits only, short quotes of bad
input, impossible optical facts refused, ticket text made inert."""

from __future__ import annotations

import pytest

from netops.errors import InputError
from netops.models import OnuRef, PonRef, parse_onu_target


@pytest.mark.parametrize("text", ["0/١/0:3", "0/1/0:３", "٠/1/0", "0/1/0:3\u0663"])
def test_other_scripts_digits_are_refused(text):
    with pytest.raises(InputError):
        OnuRef.parse(text) if ":" in text else PonRef.parse(text)


def test_bad_input_is_quoted_short():
    with pytest.raises(InputError) as info:
        parse_onu_target("0/1/" + "9" * 5000)
    line = info.value.one_line()
    assert len(line) < 250 and "(5004 characters)" in line


def test_cli_refuses_arabic_digit_with_one_line(cli):
    result = cli("optical", "onu", "lab-huawei", "0/١/0:3")
    assert result.code == 3 and result.out == ""
    assert result.err.startswith("netops: error: malformed ONU id") and result.err.count("\n") == 1


@pytest.mark.parametrize("value", [1e308, -21474836.48, 999.99, -60])
def test_ticket_refuses_impossible_optical_facts(value):
    from netops.triage.ticket import parse_ticket

    with pytest.raises(InputError) as info:
        parse_ticket({"customer": "Maria", "complaint": "slow", "observed": {"rx_dbm": value}})
    assert "observed.rx_dbm" in info.value.message and "not a possible optical level" in info.value.message


def test_ticket_free_text_is_inert():
    from netops.triage.ticket import parse_ticket

    ticket = parse_ticket({"customer": "Maria\x1b]0;pwned\x07 [bold]Silva[/]\x07", "complaint": "other",
                           "protocol": "2026\x1b[2J-1"})
    assert "\x1b" not in ticket.customer and ticket.customer.startswith("Maria")
    assert "[bold]Silva[/]" in ticket.customer and "\\x07" in ticket.customer
    assert ticket.protocol == "2026-1"
