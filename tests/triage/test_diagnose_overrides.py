"""`diagnose --resolver/--speed-server` are checked as `dns check` and `speed test` check them:
bad input is exit 3 and one line, before any traffic and before any decision is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

SLOW_LINE = str(Path(__file__).resolve().parents[2] / "docs" / "examples" / "ticket-slow-line.yaml")


@pytest.mark.parametrize("option, value, words", [
    ("--resolver", "999.1.1.1", "malformed resolver address '999.1.1.1'"),
    ("--resolver", "127.0.0.1:99999", "port 99999 out of range"),
    ("--resolver", "", "empty resolver address"),
    ("--speed-server", "file:///etc/passwd", "bad server URL 'file:///etc/passwd'"),
    ("--speed-server", "", "bad"),
])
def test_a_bad_override_is_bad_input(cli, option, value, words):
    result = cli("diagnose", "--ticket", SLOW_LINE, option, value)
    assert result.code == 3
    assert result.err.startswith(f"netops: error: {option}: ") and words in result.err
    assert result.err.count("\n") == 1 and result.out == ""
    assert cli("cases", "list", "-o", "json").json()["cases"] == []  # no decision was made


@pytest.mark.parametrize("option, value", [("--resolver", "999.1.1.1"), ("--speed-server", "ftp://x")])
def test_the_same_values_are_bad_input_for_the_checks_themselves(cli, option, value):
    """The oracle: `dns check` and `speed test` refuse them too (exit 3)."""
    command = ("dns", "check", value) if option == "--resolver" else ("speed", "test", "--server", value)
    assert cli(*command).code == 3
