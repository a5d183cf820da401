"""The same ONUs through `--via snmp` and `--via cli` give the same JSON, apart from `source`
and the readings a profile declares one path cannot give (an SNMP profile without that column;
the CLI profile's `unsupported`, and its `scan_lacks` for whole-port scans)."""

from __future__ import annotations

import pytest

from netops.olt.profile import OltProfile
from netops.olt.reading import DETAILS, READINGS
from netops.profiles import load_profile

CLI_OLTS = [("lab-huawei", "huawei_ma5800", "0/1/0", 0), ("lab-zte", "zte_c300", "1/1/1", 1),
            ("lab-zte-c600", "zte_c600", "1/1/1", 1)]
ids = [olt for olt, *_ in CLI_OLTS]


def excluded(profile_id: str, scan: bool) -> set[str]:
    profile = load_profile("olt", profile_id, OltProfile)
    # no MIB has an ONT online duration: uptime is CLI-only everywhere
    snmp_lacks = {name for name in READINGS + DETAILS if getattr(profile.snmp.columns, name, None) is None}
    cli_lacks = set(profile.cli.unsupported) | (set(profile.cli.scan_lacks) if scan else set())
    return {"source"} | snmp_lacks | cli_lacks


def strip(item: dict, fields: set[str]) -> dict:
    """Without the excluded fields; times compared as the OLT's clock shows them, since Huawei's
    `display ont info summary` prints them without the UTC offset its MIB's DateAndTime carries."""
    kept = {key: value for key, value in item.items() if key not in fields}
    for key in ("last_up", "last_down", "first_down"):
        if kept.get(key):
            kept[key] = kept[key][:19]
    if kept.get("outage"):
        kept["outage"] = strip(kept["outage"], set())
    if "pons" in kept:
        kept["pons"] = [strip(pon, set()) for pon in kept["pons"]]
    return kept


def test_declared_exclusions_are_what_we_think():
    """Keeps the contract honest: only these fields are ever left out of the comparison."""
    assert excluded("huawei_ma5800", scan=True) == {"source", "uptime_s"}
    assert excluded("zte_c300", scan=False) == {"source", "temperature_c", "last_up", "last_down", "uptime_s"}
    assert excluded("zte_c300", scan=True) == {"source", "temperature_c", "down_cause", "distance_m", "last_up",
                                               "last_down", "uptime_s"}
    assert excluded("zte_c600", scan=False) == {"source", "temperature_c", "tx_dbm", "uptime_s"}


@pytest.mark.parametrize("olt,profile,pon,first", CLI_OLTS, ids=ids)
def test_teaching_cases_one_by_one(cli, env, olt, profile, pon, first):
    fields = excluded(profile, scan=False)
    # healthy, LOS, dying gasp, low Rx, sentinel, garbled (the port scans below compare them all)
    for position in (0, 1, 2, 3, 8, 9):
        ref = f"{pon}:{first + position}"
        snmp = cli("optical", "onu", olt, ref, "--via", "snmp", "-o", "json")
        over_cli = cli("optical", "onu", olt, ref, "--via", "cli", "-o", "json")
        assert snmp.code == over_cli.code, (ref, snmp.err, over_cli.err)
        assert strip(snmp.json(), fields) == strip(over_cli.json(), fields), ref
        assert (snmp.json()["source"], over_cli.json()["source"]) == ("snmp", "cli")


@pytest.mark.parametrize("olt,profile,pon,first", CLI_OLTS, ids=ids)
def test_whole_port_scan(cli, env, olt, profile, pon, first):
    fields = excluded(profile, scan=True)
    snmp = cli("optical", "scan", olt, "--pon", pon, "--via", "snmp", "-o", "json")
    over_cli = cli("optical", "scan", olt, "--pon", pon, "--via", "cli", "-o", "json")
    assert snmp.code == over_cli.code == 2
    a, b = snmp.json(), over_cli.json()
    assert strip(a, {"onus"}) == strip(b, {"onus"})  # olt, pons, summary, status, thresholds
    assert [strip(o, fields) for o in a["onus"]] == [strip(o, fields) for o in b["onus"]]


def test_whole_olt_scan_huawei_1024_onus(cli, env):
    snmp = cli("optical", "scan", "lab-huawei", "--via", "snmp", "-o", "json").json()
    over_cli = cli("optical", "scan", "lab-huawei", "--via", "cli", "-o", "json").json()
    assert snmp["summary"]["total"] == 1024
    assert [strip(o, {"source"}) for o in snmp["onus"]] == [strip(o, {"source"}) for o in over_cli["onus"]]
    assert strip(snmp, {"onus"}) == strip(over_cli, {"onus"})


def test_serial_lookup_agrees(cli, env):
    for olt, serial in (("lab-huawei", "HWTC1A2B5CCD"), ("lab-zte", "ZTEG1A2B5CCD")):
        a = cli("optical", "onu", olt, serial, "--via", "snmp", "-o", "json").json()
        b = cli("optical", "onu", olt, serial, "--via", "cli", "-o", "json").json()
        assert a["onu"] == b["onu"]


# -- --via auto --------------------------------------------------------------------------------


def test_auto_uses_snmp_when_it_answers(cli, env):
    result = cli("optical", "onu", "lab-huawei", "0/1/0:3", "--via", "auto", "-o", "json")
    assert result.json()["source"] == "snmp"


def test_auto_falls_back_to_cli_when_snmp_does_not_answer(cli, env, inventory, write_inventory, profile_override):
    from netops.lab.state import free_port

    profile_override("zte_c300", snmp={"timeout_s": 0.3, "retries": 0})
    inventory["olts"]["lab-zte"]["snmp"]["port"] = free_port(kind="udp")
    write_inventory(inventory)
    auto = cli("optical", "onu", "lab-zte", "1/1/1:4", "--via", "auto", "-o", "json")
    over_cli = cli("optical", "onu", "lab-zte", "1/1/1:4", "--via", "cli", "-o", "json")
    assert auto.code == 2 and auto.json() == over_cli.json()
    snmp_only = cli("optical", "onu", "lab-zte", "1/1/1:4", "--via", "snmp")
    assert snmp_only.code == 3
    scan = cli("optical", "scan", "lab-zte", "--pon", "1/1/1", "--via", "auto", "-o", "json")
    assert scan.code == 2 and {o["source"] for o in scan.json()["onus"]} == {"cli"}


def test_auto_fills_cli_only_readings(cli, env):
    """The C600 SNMP profile maps no ONU Tx; the CLI shows it: auto gives both."""
    snmp = cli("optical", "onu", "lab-zte-c600", "1/1/1:4", "--via", "snmp", "-o", "json").json()
    auto = cli("optical", "onu", "lab-zte-c600", "1/1/1:4", "--via", "auto", "-o", "json").json()
    assert snmp["tx_dbm"] is None and auto["tx_dbm"] is not None
    assert auto["source"] == "snmp+cli"
    assert strip(auto, {"source", "tx_dbm"}) == strip(snmp, {"source", "tx_dbm"})


def test_auto_fallback_that_fails_is_one_line(env, inventory, write_inventory, profile_override, monkeypatch):
    """SNMP silent, then the CLI refuses the login: one line that reports both failures (a real
    process, since pytest's log handlers would hide a warning printed on a bare stderr)."""
    import os
    import subprocess
    import sys

    from netops.lab.state import free_port

    profile_override("zte_c300", snmp={"timeout_s": 0.3, "retries": 0})
    inventory["olts"]["lab-zte"]["snmp"]["port"] = free_port(kind="udp")
    write_inventory(inventory)
    monkeypatch.setenv("NETOPS_LAB_OLT_PASSWORD", "wrong-password")
    result = subprocess.run(
        [sys.executable, "-m", "netops", "optical", "onu", "lab-zte", "1/1/1:4", "--via", "auto"],
        capture_output=True, text=True, timeout=60, env=os.environ.copy(),
    )
    assert result.returncode == 3 and result.stdout == ""
    assert result.stderr.startswith("netops: error: ") and "login refused" in result.stderr
    assert "SNMP did not answer" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_find_agrees_over_the_cli(cli, env, inventory, write_inventory):
    """`find --via cli` lists the same ONU as over SNMP (Huawei `display ont info F all`, ZTE's
    running-config and state table), including the telnet OLTs, which have no SNMP."""
    over_snmp = cli("find", "low ONU Rx", "--refresh", "-o", "json").json()
    over_cli = cli("find", "low ONU Rx", "--via", "cli", "--refresh", "-o", "json").json()
    snmp_cli_olts = {m["olt"]: m for m in over_snmp["matches"] if m["olt"] in ("lab-huawei", "lab-zte", "lab-zte-c600")}
    cli_matches = {m["olt"]: m for m in over_cli["matches"]}
    assert snmp_cli_olts and all(cli_matches[olt] == match for olt, match in snmp_cli_olts.items())
    assert {"lab-huawei-telnet", "lab-zte-telnet", "lab-zte-c600-telnet"} <= set(cli_matches)
    assert "lab-fiberhome" in {e["olt"] for e in over_cli["errors"]}  # no CLI in its profile: listed, not fatal
