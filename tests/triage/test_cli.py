"""`netops triage` and `netops cases` through the real CLI funnel: exit codes, formats, log."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from netops.cli.app import run

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
AT = "2026-07-08T10:00"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str, name: str = "ticket.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("ticket-*")))
def test_every_documented_example_gives_a_decision(capsys, example):
    code, out, err = cli(capsys, "triage", "--ticket", str(EXAMPLES / example), "--at", AT,
                         "-o", "json")
    assert code == 0, err
    decision = json.loads(out)
    for key in ("level", "route", "action", "subject", "sector", "priority", "reasons",
                "transfer_now", "next_window", "deadline", "notify_group", "message", "protocol"):
        assert key in decision
    assert err == ""


EXPECTED = {
    "ticket-los.yaml": ("N3", None, "offline-los"),
    "ticket-low-signal.yaml": ("N2", None, "low-signal"),
    "ticket-dns-failure.yaml": ("N2", None, "dns-failing"),
    "ticket-slow-line.yaml": ("N2", None, "slow-line"),
    "ticket-dying-gasp.yaml": ("N1", None, "dying-gasp"),
    "ticket-billing-blocked.yaml": ("N1", None, "billing-trust-release"),
    "ticket-wifi-key.yaml": ("N1", None, "wifi-key"),
    "ticket-cancellation.json": (None, "Ouvidoria", "cancellation"),
    "ticket-new-contract.yaml": (None, "Contratar (Canal Digital)", "new-contract"),
}


@pytest.mark.parametrize("example, expected", sorted(EXPECTED.items()))
def test_examples_decide_as_documented(capsys, example, expected, golden):
    _code, out, _ = cli(capsys, "triage", "-t", str(EXAMPLES / example), "--at", AT, "-o", "json")
    decision = json.loads(out)
    golden("triage-" + example.rsplit(".", 1)[0], decision)
    assert (decision["level"], decision["route"], decision["rule"]) == expected


def test_table_and_markdown_outputs(capsys):
    ticket = str(EXAMPLES / "ticket-los.yaml")
    code, out, _ = cli(capsys, "triage", "-t", ticket, "--at", AT)
    assert code == 0 and "Sem Conexão" in out and "ticket text" in out
    code, out, _ = cli(capsys, "triage", "-t", ticket, "--at", AT, "-o", "markdown")
    assert code == 0
    assert out.startswith("## Decision — protocol 202607080101")
    assert "| decision | N3 |" in out and "```text" in out


def test_numeric_customer_code_is_text(capsys, tmp_path):
    ticket = write(tmp_path, "customer: 4711\ncomplaint: cancellation\nprotocol: 2026070800099\n")
    code, out, err = cli(capsys, "triage", "-t", ticket, "--at", AT, "-o", "json")
    assert code == 0, err
    assert json.loads(out)["protocol"] == "2026070800099" and "cliente 4711" in json.loads(out)["message"]


def test_ticket_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"customer": "X", "complaint": "fixed_ip"}'))
    code, out, _ = cli(capsys, "triage", "-t", "-", "--at", AT, "-o", "json")
    assert code == 0
    assert json.loads(out)["route"] == "Contratar PJ"


BAD = [
    ("customer: X\ncomplaint: broken_tv\n", "complaint"),
    ("customer: X\ncomplaint: no_connection\n", "onu: required for a no_connection"),
    ("customer: X\ncomplaint: slow\nobserved: {download_mbps: 10}\n", "onu: required"),
    ("customer: X\ncomplaint: other\nopened_at: yesterday\n", "opened_at: malformed time"),
    ("customer: X\ncomplaint: other\nopened_at: 2026-13-45T10:00\n", "opened_at"),
    ("customer: X\ncomplaint: other\nobserved: {rx_dbm: weak}\n", "observed.rx_dbm"),
    ("customer: X\ncomplaint: slow\nonu: 0-1-0-1\n", "ticket: onu: '0-1-0-1' is neither"),
    ("customer: X\ncomplaint: other\nobserved: {onu_state: sleepy}\n", "observed.onu_state"),
    ("customer: X\ncomplaint: other\ncolour: blue\n", "colour: unknown field"),
    ("complaint: other\n", "customer"),
    ("customer: X\ncomplaint: no_connection\nonu: 0/1/0:1\naccount: {blocked: true}\n",
     "account.overdue_invoices: required"),
    ("customer: X\ncomplaint: slow\nonu: 0/1/0:1\nplan: gold\n", "plan: unknown plan 'gold'"),
    ("customer: X\ncomplaint: slow\nonu: 0/1/0:1\nplan: {down_mbps: 0}\n", "plan"),
    ("customer: X\ncomplaint: other\nopened_at: 2026-07-08T11:00\n", "opened_at"),
    ("- just\n- a list\n", "expected a mapping"),
    ("customer: [unclosed\n", "not valid YAML or JSON"),
    ("customer: X\ncomplaint: other\nopened_at: 2026-13-01\n", "opened_at: malformed time"),
    ("customer: X\ncomplaint: other\nopened_at: 12:30\n", "opened_at: malformed time"),
    ("customer: X\ncomplaint: other\nopened_at: 1783000000\n", "opened_at: malformed time"),
    ("customer: X\ncomplaint: other\nopened_at: 2026-07-01T10:00+99:00\n", "opened_at"),
    ("customer: X\ncomplaint: other\naccount: {last_trust_release: 2026-02-30}\n",
     "account.last_trust_release"),
    ("customer: X\ncomplaint: no_connection\nonu: 0/1/0:1\n"
     "account: {blocked: true, overdue_invoices: 1, last_trust_release: 2026-07-09}\n",
     "account.last_trust_release: 2026-07-09 is later"),
    ("customer: X\ncomplaint: other\nobserved: {rx_dbm: .nan}\n", "observed.rx_dbm"),
    ("customer: X\ncomplaint: slow\nonu: 0/1/0:1\nplan: {down_mbps: .inf}\n",
     "plan.down_mbps"),
    ("customer: X\ncomplaint: slow\nonu: 0/1/0:1\nplan: {down: 100}\n", "plan.down_mbps"),
    ("[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("customer: X\ncomplaint: other\nopened_at: 0001-01-01T00:00\n", "opened_at: '0001-01-01T00:00' is out"),
    ("customer: X\ncomplaint: slow\nonu: 0/1/0:1\nplan: 300\n", "plan: unknown plan '300'"),
    ("customer: true\ncomplaint: other\n", "customer: Input should be a valid string"),
]


@pytest.mark.parametrize("text, field", BAD, ids=[b[1] for b in BAD])
def test_bad_ticket_is_one_line_naming_the_field(capsys, tmp_path, text, field):
    code, out, err = cli(capsys, "triage", "-t", write(tmp_path, text), "--at", AT, "-o", "json")
    assert code == 3
    assert out == ""
    assert err.startswith("netops: error: ") and err.count("\n") == 1
    assert field in err
    assert "Traceback" not in err


def test_binary_ticket_is_one_line(capsys, tmp_path, monkeypatch):
    path = tmp_path / "ticket.yaml"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    code, out, err = cli(capsys, "triage", "-t", str(path), "--at", AT)
    assert code == 3 and out == ""
    assert err.startswith("netops: error: ticket ") and "not UTF-8" in err
    assert err.count("\n") == 1
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfe"), encoding="utf-8"))
    code, out, err = cli(capsys, "triage", "-t", "-", "--at", AT)
    assert code == 3 and err.count("\n") == 1 and "ticket stdin: not UTF-8" in err


def test_endless_ticket_is_one_line(capsys):
    code, out, err = cli(capsys, "triage", "-t", "/dev/zero", "--at", AT)
    assert code == 3 and out == "" and err.count("\n") == 1
    assert "ticket /dev/zero: larger than 1,000,000 characters" in err


def test_empty_ticket_is_one_line(capsys, tmp_path, monkeypatch):
    code, _, err = cli(capsys, "triage", "-t", write(tmp_path, ""), "--at", AT)
    assert code == 3 and err.count("\n") == 1 and "expected a mapping" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = cli(capsys, "triage", "-t", "-", "--at", AT)
    assert code == 3 and err.count("\n") == 1 and "expected a mapping" in err
    code, _, err = cli(capsys, "triage", "-t", str(tmp_path), "--at", AT)
    assert code == 3 and err.count("\n") == 1 and "cannot read ticket" in err


def test_bad_at_and_missing_file(capsys, tmp_path):
    ticket = write(tmp_path, "customer: X\ncomplaint: other\n")
    code, _, err = cli(capsys, "triage", "-t", ticket, "--at", "next tuesday")
    assert code == 3 and "--at: malformed time" in err
    code, _, err = cli(capsys, "triage", "-t", ticket, "--at", "9999-12-31T23:00")
    assert code == 3 and err.count("\n") == 1 and "--at: '9999-12-31T23:00' is out of range" in err
    code, _, err = cli(capsys, "triage", "-t", str(tmp_path / "nope.yaml"))
    assert code == 3 and "cannot read ticket" in err
    code, _, err = cli(capsys, "triage")
    assert code == 3 and "--ticket" in err


def test_case_log_numbers_cases_and_keeps_every_decision(capsys, tmp_path, case_db, golden):
    joana = write(tmp_path, "customer: Joana\ncomplaint: cancellation\n", "joana.yaml")
    pedro = write(tmp_path, "customer: Pedro\ncomplaint: cancellation\n", "pedro.yaml")
    first = json.loads(cli(capsys, "triage", "-t", joana, "--at", AT, "-o", "json")[1])
    second = json.loads(cli(capsys, "triage", "-t", pedro, "--at", AT, "-o", "json")[1])
    assert first["protocol"] == "202607080001"
    assert second["protocol"] == "202607080002"
    assert case_db.exists()

    code, out, _ = cli(capsys, "cases", "list", "-o", "json")
    listed = json.loads(out)["cases"]
    golden("cases-list", json.loads(out))
    assert code == 0
    assert [c["protocol"] for c in listed] == ["202607080002", "202607080001"]
    assert listed[1]["customer"] == "Joana" and listed[1]["route"] == "Ouvidoria"

    code, out, _ = cli(capsys, "cases", "show", "202607080001", "-o", "json")
    shown = json.loads(out)
    golden("cases-show", shown)
    assert code == 0
    assert shown["decisions"][0]["decision"]["rule"] == "cancellation"
    assert shown["decisions"][0]["ticket"]["customer"] == "Joana"

    code, out, _ = cli(capsys, "cases", "show", "202607080002")
    assert code == 0 and "Ouvidoria" in out


def test_the_same_ticket_decided_again_updates_its_case(capsys, tmp_path):
    ticket = write(tmp_path, "customer: Joana\ncomplaint: cancellation\n")
    runs = [json.loads(cli(capsys, "triage", "-t", ticket, "--at", AT, "-o", "json")[1])
            for _ in range(2)]
    assert runs[0]["protocol"] == runs[1]["protocol"] == "202607080001"
    listed = json.loads(cli(capsys, "cases", "list", "-o", "json")[1])["cases"]
    assert [c["protocol"] for c in listed] == ["202607080001"]
    shown = json.loads(cli(capsys, "cases", "show", "202607080001", "-o", "json")[1])
    assert len(shown["decisions"]) == 2
    # a different ticket of the same customer is another case; --new-case forces one
    other = write(tmp_path, "customer: Joana\ncomplaint: fixed_ip\n", "other.yaml")
    assert json.loads(cli(capsys, "triage", "-t", other, "--at", AT, "-o", "json")[1])[
        "protocol"] == "202607080002"
    forced = cli(capsys, "triage", "-t", ticket, "--at", AT, "--new-case", "-o", "json")
    assert json.loads(forced[1])["protocol"] == "202607080003"


def test_ticket_protocol_is_kept_and_history_grows(capsys):
    ticket = str(EXAMPLES / "ticket-los.yaml")
    for _ in range(2):
        cli(capsys, "triage", "-t", ticket, "--at", AT, "-o", "json")
    code, out, _ = cli(capsys, "cases", "show", "202607080101", "-o", "json")
    assert code == 0
    assert len(json.loads(out)["decisions"]) == 2


def test_unknown_case_is_one_line(capsys):
    code, out, err = cli(capsys, "cases", "show", "999")
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "no case with protocol '999'" in err


def test_empty_log_lists_nothing(capsys):
    code, out, _err = cli(capsys, "cases", "list", "-o", "json")
    assert code == 0 and json.loads(out)["cases"] == []


def test_concurrent_triage_never_shares_a_protocol(isp, case_db):
    from concurrent.futures import ThreadPoolExecutor

    from netops.triage.caselog import CaseLog
    from netops.triage.service import triage
    from netops.triage.ticket import parse_ticket

    from .conftest import at

    def one(n):
        ticket = parse_ticket({"customer": f"X{n}", "complaint": "cancellation"})
        return triage(ticket, isp, at("2026-07-08 10:00"), log=CaseLog(case_db)).protocol

    with ThreadPoolExecutor(max_workers=8) as pool:
        protocols = list(pool.map(one, range(24)))
    assert len(set(protocols)) == 24
    assert max(protocols) == "202607080024"


def test_a_bad_ticket_records_nothing(capsys, tmp_path, case_db):
    ticket = write(tmp_path, "customer: X\ncomplaint: other\nopened_at: 2026-07-09T10:00\n")
    code, _, _ = cli(capsys, "triage", "-t", ticket, "--at", AT)
    assert code == 3
    code, out, _ = cli(capsys, "cases", "list", "-o", "json")
    assert json.loads(out)["cases"] == []
