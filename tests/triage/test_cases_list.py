"""`netops cases list`: whole protocols, the ISP's local time, filters, and older case logs."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from zoneinfo import ZoneInfo

from netops.cli.app import run

AT = "2026-07-08T10:00"
BAHIA = ZoneInfo("America/Bahia")  # the Netcenter profile's zone


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def decide(capsys, tmp_path, name: str, body: str) -> dict:
    path = tmp_path / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    code, out, err = cli(capsys, "triage", "-t", str(path), "--at", AT, "-o", "json")
    assert code == 0, err
    return json.loads(out)


def listed(capsys, *options: str) -> list[str]:
    code, out, err = cli(capsys, "cases", "list", "-o", "json", *options)
    assert code == 0, err
    return [case["customer"] for case in json.loads(out)["cases"]]


def three_cases(capsys, tmp_path) -> None:
    decide(capsys, tmp_path, "joao", "customer: João Conceição\ncomplaint: cancellation\n")
    decide(capsys, tmp_path, "ana", "customer: Ana Souza\ncomplaint: no_connection\n"
           "olt: lab-huawei\nonu: 0/1/0:1\nobserved:\n  onu_state: offline\n  down_cause: los\n")
    decide(capsys, tmp_path, "bia", "customer: Bia Lima\ncomplaint: no_connection\n"
           "olt: lab-huawei\nonu: 0/1/0:10\nobserved:\n  onu_state: online\n  rx_dbm: -28.4\n")


def test_filters_by_customer_onu_and_level(capsys, tmp_path):
    three_cases(capsys, tmp_path)
    assert listed(capsys) == ["Bia Lima", "Ana Souza", "João Conceição"]
    assert listed(capsys, "--customer", "joao conc") == ["João Conceição"]  # accents, case ignored
    assert listed(capsys, "--customer", "SOUZA") == ["Ana Souza"]
    assert listed(capsys, "--onu", "0/1/0:1") == ["Ana Souza"]  # exactly that ONU, not 0/1/0:10
    assert listed(capsys, "--level", "N3") == ["Ana Souza"]
    assert listed(capsys, "--level", "N2") == ["Bia Lima"]
    assert listed(capsys, "--customer", "nobody") == []
    code, out, err = cli(capsys, "cases", "list", "--customer", "nobody")
    assert code == 0 and out == "" and "No cases match" in err


def test_since_takes_a_date_or_a_time(capsys, tmp_path):
    three_cases(capsys, tmp_path)
    today = dt.datetime.now(BAHIA).date().isoformat()  # a date is the ISP's local day
    assert len(listed(capsys, "--since", today)) == 3
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    assert listed(capsys, "--since", tomorrow) == []
    assert len(listed(capsys, "--since", "2020-01-01T00:00-03:00")) == 3
    code, out, err = cli(capsys, "cases", "list", "--since", "last week")
    assert code == 3 and out == "" and err.count("\n") == 1 and "--since" in err
    code, _, err = cli(capsys, "cases", "list", "--level", "N9")
    assert code == 3 and err.count("\n") == 1


def test_the_table_shows_the_whole_protocol_in_local_time(capsys, tmp_path, monkeypatch):
    decision = decide(capsys, tmp_path, "joao", "customer: '[bold]João[/]'\ncomplaint: cancellation\n")
    monkeypatch.setenv("COLUMNS", "80")  # a laptop's terminal: other columns fold, never the protocol
    code, out, _ = cli(capsys, "cases", "list")
    assert code == 0
    assert decision["protocol"] in out
    assert "[bold]" in out  # a customer's name is text, never markup
    assert "America/Bahia" in out
    recorded = json.loads(cli(capsys, "cases", "list", "-o", "json")[1])["cases"][0]["recorded_at"]
    local = dt.datetime.fromisoformat(recorded).astimezone(BAHIA)
    assert local.strftime("%Y-%m-%d %H:%M") in out


def test_the_table_names_the_complaint_in_words(capsys, tmp_path, monkeypatch):
    """`no connection` in the table and in `cases show`; JSON keeps the ticket's id."""
    monkeypatch.setenv("COLUMNS", "120")  # wide enough for the complaint column
    three_cases(capsys, tmp_path)
    code, out, _ = cli(capsys, "cases", "list")
    assert code == 0 and out.count("no connection") == 2 and "no_connection" not in out
    cases = json.loads(cli(capsys, "cases", "list", "-o", "json")[1])["cases"]
    assert [case["complaint"] for case in cases] == ["no_connection", "no_connection", "cancellation"]
    code, out, _ = cli(capsys, "cases", "show", cases[0]["protocol"])
    assert code == 0 and "Bia Lima, no connection (1 decision, latest by `netops triage`" in " ".join(out.split())


def test_a_case_log_from_an_older_netops_is_read_and_extended(capsys, tmp_path, case_db):
    old = sqlite3.connect(case_db)
    old.executescript("""
        CREATE TABLE decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, protocol TEXT NOT NULL,
            recorded_at TEXT NOT NULL, command TEXT NOT NULL, customer TEXT NOT NULL,
            complaint TEXT NOT NULL, level TEXT, route TEXT, rule TEXT NOT NULL,
            ticket TEXT NOT NULL, decision TEXT NOT NULL);
        INSERT INTO decisions (protocol, recorded_at, command, customer, complaint, level, route,
            rule, ticket, decision) VALUES ('202607070001', '2026-07-07T13:00:00+00:00', 'triage',
            'Old Customer', 'cancellation', NULL, 'Ouvidoria', 'cancellation',
            '{"customer": "Old Customer", "complaint": "cancellation"}', '{}');
    """)
    old.commit()
    old.close()
    assert listed(capsys) == ["Old Customer"]
    first = decide(capsys, tmp_path, "new", "customer: New\ncomplaint: cancellation\n")
    again = decide(capsys, tmp_path, "new", "customer: New\ncomplaint: cancellation\n")
    assert first["protocol"] == again["protocol"] != "202607070001"
    assert listed(capsys) == ["New", "Old Customer"]
