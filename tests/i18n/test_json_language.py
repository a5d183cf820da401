"""JSON is for scripts: the same bytes whatever language the technician's terminal speaks, its
error and reason sentences included (the shipped pt_BR and es catalogs are used as they are)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
AT = "2026-07-11T22:30:00-03:00"  # a fixed instant after every example opened (outside desk hours)


def _json_in(cli, monkeypatch, language: str, *args: str) -> str:
    monkeypatch.setenv("NETOPS_LANG", language)
    result = cli(*args)
    assert result.out.strip().startswith("{"), (language, result.err)
    return result.out


@pytest.fixture
def broken_profile(tmp_path):
    """An ISP profile with three mistakes: its errors land in the JSON's `error`."""
    folder = tmp_path / "isp"
    folder.mkdir()
    path = folder / "three.yaml"
    path.write_text("id: other\ntimezone: 7\nnot_a_key: true\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["pt_BR", "es"])
def test_an_invalid_profile_reads_the_same_in_every_language(cli, monkeypatch, broken_profile, language):
    args = ("profiles", "validate", str(broken_profile), "-o", "json")
    english = _json_in(cli, monkeypatch, "en", *args)
    assert '"valid": false' in english
    assert _json_in(cli, monkeypatch, language, *args) == english


@pytest.mark.parametrize("ticket", ["ticket-los.yaml", "ticket-slow-line.yaml", "ticket-billing-blocked.yaml"])
@pytest.mark.parametrize("language", ["pt_BR", "es"])
def test_a_decision_reads_the_same_in_every_language(cli, monkeypatch, ticket, language):
    args = ("triage", "--ticket", str(EXAMPLES / ticket), "--at", AT, "-o", "json")
    english = _json_in(cli, monkeypatch, "en", *args)
    translated = _json_in(cli, monkeypatch, language, *args)
    strip = [line for line in english.splitlines() if '"protocol"' not in line]  # a new number each run
    assert [line for line in translated.splitlines() if '"protocol"' not in line] == strip


def test_the_table_of_the_same_profile_is_translated(cli, monkeypatch, broken_profile):
    """The check above is not vacuous: the same run on a table does change with the language."""
    monkeypatch.setenv("NETOPS_LANG", "en")
    english = cli("profiles", "validate", str(broken_profile))
    monkeypatch.setenv("NETOPS_LANG", "pt_BR")
    portuguese = cli("profiles", "validate", str(broken_profile))
    assert english.code == portuguese.code == 3
    assert english.out != portuguese.out
