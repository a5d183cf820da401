"""`netops diagnose` and `netops demo` end to end against the lab's real servers on loopback."""

from __future__ import annotations

import io
import json

import pytest

from netops.cli.app import run
from netops.settings import load_inventory
from netops.triage.diagnose import DiagnoseOptions, diagnose
from netops.triage.engine import decide
from netops.triage.ticket import parse_ticket

from .conftest import at

pytestmark = pytest.mark.integration

WEDNESDAY_10 = "2026-07-08 10:00"


@pytest.fixture(scope="module")
def lab(full_lab):
    directory, endpoints = full_lab
    return {
        "dir": directory,
        "inventory": str(directory / "inventory.yaml"),
        "resolver": endpoints["dns"]["resolver"],
        "resolver_udp_dropped": endpoints["dns"]["resolver (UDP dropped)"],
        "speed": endpoints["speed"]["http"],
    }


def run_diagnose(lab, isp, resolver="resolver", skip_speed=True, **fields):
    data = {"customer": "Cliente Lab", "olt": "lab-huawei", **fields}
    options = DiagnoseOptions(resolvers=[lab[resolver]], speed_server=lab["speed"],
                              skip_speed=skip_speed, speed_duration_s=1.0, speed_warmup_s=0.2)
    inventory = load_inventory(lab["inventory"])
    found = diagnose(parse_ticket(data), isp, lambda: inventory, options)
    return found, decide(found.ticket, isp, at(WEDNESDAY_10), "LAB")


def statuses(found):
    return {check.name: check.status.label for check in found.checks}


# ONU ids are the lab OLT's teaching cases (netops/lab/olt_data.py SPECIAL).
LAB_CASES = [
    ("0/1/0:1", "no_connection", {}, "offline-los", "N3", {"optical": "critical"}),
    ("0/1/0:2", "no_connection", {}, "dying-gasp", "N1", {"optical": "critical"}),
    ("0/1/0:2", "no_connection", {"observed": {"power_checked": True}},
     "dying-gasp-power-checked", "N3", {"optical": "critical"}),
    ("0/1/0:3", "intermittent", {}, "low-signal", "N2", {"optical": "critical", "dns": "ok"}),
    ("0/1/0:4", "slow", {}, "low-signal", "N2", {"optical": "critical", "dns": "ok"}),
    ("0/1/0:7", "slow", {}, "all-fine", "N1", {"optical": "warning", "dns": "ok"}),
    ("0/1/0:0", "intermittent", {}, "all-fine", "N1", {"optical": "ok", "dns": "ok"}),
    ("0/1/0:200", "no_connection", {}, "unverified-no-connection", "N3",
     {"optical": "unknown", "dns": "ok"}),
]


@pytest.mark.parametrize("onu, complaint, extra, rule, level, checks", LAB_CASES,
                         ids=[f"{c[0]}-{c[3]}" for c in LAB_CASES])
def test_diagnose_reads_the_lab(lab, isp, onu, complaint, extra, rule, level, checks):
    found, decision = run_diagnose(lab, isp, onu=onu, complaint=complaint, **extra)
    assert statuses(found) == checks
    assert (decision.rule, decision.level) == (rule, level)


def test_observed_facts_come_from_the_olt(lab, isp):
    stale = {"onu_state": "offline", "down_cause": "los", "rx_dbm": -40.0}
    found, decision = run_diagnose(lab, isp, onu="0/1/0:3", complaint="slow", observed=stale)
    observed = found.ticket.observed
    assert (observed.onu_state, observed.rx_dbm, observed.olt_rx_dbm) == ("online", -27.45, -24.3)
    assert "ONU Rx -27.50" not in " ".join(decision.reasons)
    assert "ONU Rx -27.45 dBm worse than -26.00" in decision.reasons[1]


def test_an_offline_onu_drops_stale_levels_from_the_ticket(lab, isp):
    stale = {"onu_state": "online", "rx_dbm": -30.0, "olt_rx_dbm": -30.0}
    found, decision = run_diagnose(lab, isp, onu="0/1/0:1", complaint="slow", observed=stale)
    observed = found.ticket.observed
    assert (observed.onu_state, observed.down_cause) == ("offline", "los")
    assert (observed.rx_dbm, observed.olt_rx_dbm) == (None, None)
    assert decision.rule == "offline-los"
    assert "Rx da ONU" not in decision.message


def test_dns_failure_from_a_resolver_that_drops_udp(lab, isp):
    found, decision = run_diagnose(lab, isp, resolver="resolver_udp_dropped",
                                   onu="0/1/0:0", complaint="no_connection")
    assert statuses(found) == {"optical": "ok", "dns": "critical"}
    assert found.ticket.observed.dns == "failing"
    assert (decision.rule, decision.level) == ("dns-failing", "N2")


def test_speed_measured_against_the_lab_server(lab, isp):
    found, decision = run_diagnose(lab, isp, skip_speed=False, onu="0/1/0:0", complaint="slow",
                                   plan={"down_mbps": 100, "up_mbps": 50})
    assert statuses(found) == {"optical": "ok", "dns": "ok", "speed": "ok"}
    assert found.ticket.observed.download_mbps > 100
    assert found.ticket.observed.upload_mbps > 50
    assert decision.rule == "all-fine"


def test_no_checks_for_requests_that_are_not_faults(lab, isp):
    found, decision = run_diagnose(lab, isp, complaint="cancellation")
    assert found.checks == []
    assert decision.route == "Ouvidoria"


def test_diagnose_cli_from_stdin(lab, capsys, monkeypatch):
    ticket = {"customer": "Stdin", "complaint": "no_connection", "olt": "lab-huawei",
              "onu": "0/1/0:1"}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(ticket)))
    code = run(["--inventory", lab["inventory"], "diagnose", "-t", "-", "--at", "2026-07-08T10:00",
                "--resolver", lab["resolver"], "-o", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    decision = json.loads(out)
    assert decision["level"] == "N3" and decision["notify_group"] is True
    assert decision["checks"][0]["name"] == "optical"
    assert decision["checks"][0]["measurements"]["down_cause"] == "los"
    code = run(["cases", "show", decision["protocol"], "-o", "json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["decisions"][0]["command"] == "diagnose"
    assert shown["decisions"][0]["ticket"]["observed"]["onu_state"] == "offline"


BAD = [
    ({"complaint": "no_connection"}, "onu: required"),
    ({"complaint": "no_connection", "onu": "not-an-onu"}, "ticket: onu:"),
    ({"complaint": "no_connection", "onu": "0/1/0:1", "olt": None}, "ticket: olt: required"),
    ({"complaint": "no_connection", "onu": "0/1/0:1", "olt": "olt-nowhere"}, "ticket: olt: unknown OLT"),
]


@pytest.mark.parametrize("fields, message", BAD, ids=[b[1] for b in BAD])
def test_bad_diagnose_input_is_one_line(lab, capsys, tmp_path, fields, message):
    ticket = {"customer": "X", "olt": "lab-huawei", **fields}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(ticket))
    code = run(["--inventory", lab["inventory"], "diagnose", "-t", str(path),
                "--resolver", lab["resolver"], "-o", "json"])
    out, err = capsys.readouterr()
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and message in err


def test_demo_runs_every_example_and_stops_its_lab(capsys, tmp_path, monkeypatch, golden):
    monkeypatch.setenv("NETOPS_LAB_DIR", str(tmp_path / "user-lab"))  # must stay untouched
    code = run(["demo", "--at", "2026-07-08T10:00", "-o", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    cases = {case["title"]: case for case in json.loads(out)["cases"]}
    golden("demo", json.loads(out))
    rules = {title: case["rule"] for title, case in cases.items()}
    assert rules == {
        "Fibre cut (LOS)": "offline-los",
        "Low signal": "low-signal",
        "DNS failure (the resolver drops UDP 53)": "dns-failing",
        "Slow line (60 Mbit/s on a 100 Mbit/s plan)": "slow-line",
        "Forgotten Wi-Fi key": "wifi-key",
        "Cancellation": "cancellation",
        "IXC ticket 1001 (no connection; the ONU found from the IXC fibre record)": "offline-los",
        "IXC ticket 1003 (ONU swapped; IXC keeps the old record too)": "all-fine",
    }
    noted = cases["IXC ticket 1001 (no connection; the ONU found from the IXC fibre record)"]
    assert noted["ixc"]["posted"] and noted["ixc"]["message_id"]
    assert "Protocolo 202607080031" in noted["ixc"]["note"]["mensagem"]
    slow = cases["Slow line (60 Mbit/s on a 100 Mbit/s plan)"]
    speed = next(c for c in slow["checks"] if c["name"] == "speed")
    # measured on the lab's line shaped to 60 Mbit/s, not typed in
    assert speed["status"] == "warning"
    assert 50 < speed["measurements"]["download_mbps"] < 66
    assert not (tmp_path / "user-lab").exists()
    assert "stopping the lab" in err


def test_lab_inventory_uses_the_lab_resolver_and_speed_server(lab, capsys, monkeypatch, tmp_path, golden):
    monkeypatch.setenv("NETOPS_LAB_DIR", str(lab["dir"]))
    path = tmp_path / "t.yaml"
    path.write_text("customer: X\ncomplaint: slow\nolt: lab-huawei\nonu: 0/1/0:0\n"
                    "plan: 100M\n")
    code = run(["--inventory", "lab", "diagnose", "-t", str(path), "--at", "2026-07-08T10:00",
                "-o", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    checks = {c["name"]: c for c in json.loads(out)["checks"]}
    golden("diagnose-lab", json.loads(out))
    assert checks["dns"]["measurements"]["resolvers"] == [lab["resolver"]]
    assert checks["speed"]["status"] == "ok"
    assert checks["speed"]["measurements"]["server"].startswith("http://127.0.0.1:")
    assert "using the lab's resolver" in err


def test_lab_inventory_without_a_running_lab_never_falls_back_to_the_isp_servers(
    capsys, monkeypatch, tmp_path
):
    import yaml

    from netops.profiles import builtin_profiles_dir

    # Were the guard missing, the checks would go to this profile's resolver: a closed loopback port.
    profile = yaml.safe_load((builtin_profiles_dir() / "isp" / "netcenter.yaml").read_text())
    profile["dns"]["resolvers"] = ["127.0.0.1:9"]
    (tmp_path / "profiles" / "isp").mkdir(parents=True)
    (tmp_path / "profiles" / "isp" / "netcenter.yaml").write_text(yaml.safe_dump(profile))
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "profiles"))
    monkeypatch.setenv("NETOPS_LAB_DIR", str(tmp_path / "no-lab"))
    path = tmp_path / "t.yaml"
    path.write_text("customer: X\ncomplaint: slow\nplan: 100M\nobserved: {onu_state: online}\n")
    for extra, named in (([], "no DNS resolver (--resolver) and no speed server"),
                         (["--skip-speed"], "no DNS resolver (--resolver);"),
                         (["--resolver", "127.0.0.1:9"], "no speed server (--speed-server)")):
        code = run(["--inventory", "lab", "diagnose", "-t", str(path), *extra, "-o", "json"])
        out, err = capsys.readouterr()
        assert code == 3 and out == ""
        assert err.startswith("netops: error: the lab runs ") and err.count("\n") == 1
        assert named in err


def test_a_mass_outage_is_one_case_for_the_port(lab, cli, tmp_path):
    """The lab's 0/2/2 lost its feeder fibre (96 of 128 ONUs in LOS within a minute): the first
    customer's case carries the N3 and the group notice, the next one is attached to it."""
    cases = []
    for n, onu in enumerate(("0/2/2:5", "0/2/2:7")):
        ticket = tmp_path / f"t{n}.yaml"
        ticket.write_text(f"customer: Cliente {n}\ncomplaint: no_connection\nolt: lab-huawei\nonu: {onu}\n")
        result = cli("--inventory", lab["inventory"], "diagnose", "--ticket", str(ticket), "--resolver",
                     lab["resolver"], "--skip-speed", "--at", "2026-11-21T10:00", "-o", "json")
        assert result.code == 0, result.err
        cases.append(result.json())
    first, second = cases
    assert (first["rule"], first["level"], first["notify_group"]) == ("mass-outage-los", "N3", True)
    assert "96 de 128 ONUs em LOS" in first["message"] and "os outros 95 clientes" in first["message"]
    assert (second["rule"], second["level"], second["notify_group"]) == ("mass-outage-reported", None, False)
    assert f"vincular este atendimento ao protocolo {first['protocol']}" in second["message"]
    history = cli("optical", "history", "lab-huawei", "0/2/2:5", "-o", "json").json()
    assert history["readings"][-1]["down_cause"] == "los"  # diagnose kept what it read
