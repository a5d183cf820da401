"""`netops optical` end to end against the lab's SNMP OLTs (snmpsim on loopback)."""

import csv
import io
import re

import pytest

pytestmark = pytest.mark.integration


def by_onu(document):
    return {onu["onu"]: onu for onu in document["onus"]}


def test_scan_huawei_finds_every_teaching_case(cli, lab_env, golden):
    result = cli("optical", "scan", "lab-huawei", "-o", "json")
    assert result.code == 2, result.err
    doc = result.json()
    golden("optical-scan", doc)
    assert doc["summary"]["total"] == 1024
    # 14 offline ONUs sprinkled over the ports, 96 in the fibre cut on 0/2/2, 90 in the power cut on 0/2/3
    assert doc["summary"]["offline"] == 198
    assert doc["summary"]["online"] == 826
    onus = by_onu(doc)
    assert onus["0/1/0:0"]["status"] == "ok" and onus["0/1/0:0"]["rx_dbm"] == -18.52
    assert onus["0/1/0:1"]["flags"] == ["offline", "los"] and onus["0/1/0:1"]["down_cause"] == "los"
    assert onus["0/1/0:1"]["rx_dbm"] is None
    assert onus["0/1/0:2"]["flags"] == ["offline", "dying_gasp"]
    assert onus["0/1/0:3"]["flags"] == ["rx_low"] and onus["0/1/0:3"]["status"] == "critical"
    assert onus["0/1/0:4"]["flags"] == ["olt_rx_low"] and onus["0/1/0:4"]["olt_rx_dbm"] == -28.6
    assert onus["0/1/0:5"]["flags"] == ["rx_high"]
    assert onus["0/1/0:6"]["status"] == "warning"
    assert onus["0/1/0:7"]["status"] == "warning" and onus["0/1/0:7"]["rx_dbm"] == -26.0
    assert onus["0/1/0:8"]["flags"] == ["no_reading"] and onus["0/1/0:8"]["status"] == "unknown"
    assert onus["0/1/0:9"]["rx_dbm"] is None and onus["0/1/0:9"]["tx_dbm"] is not None
    assert doc["onus"][0]["status"] == "critical"  # worst first
    assert doc["summary"]["flagged"] == sum(1 for o in doc["onus"] if o["flags"])


def test_scan_of_one_port_and_flagged_only(cli, lab_env, golden):
    result = cli("optical", "scan", "lab-huawei", "--pon", "0/1/0", "--flagged", "-o", "json")
    doc = result.json()
    assert doc["summary"]["total"] == 128
    golden("optical-scan-flagged", doc)
    assert {o["onu"].rsplit(":")[0] for o in doc["onus"]} == {"0/1/0"}
    assert all(o["flags"] for o in doc["onus"])
    assert len(doc["onus"]) == doc["summary"]["flagged"] < 128


def test_scan_of_a_port_without_onus_is_bad_input(cli, lab_env):
    """A typo in --pon must not scan nothing and say OK (a monitoring check would stay green)."""
    result = cli("optical", "scan", "lab-huawei", "--pon", "0/3/0", "-o", "json")
    assert result.code == 3 and result.out == ""
    assert "no ONUs on PON port 0/3/0" in result.err and "0/1/0, 0/1/1" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("olt, first", [("lab-zte", "1/1/1:1"), ("lab-zte-c600", "1/1/1:1"), ("lab-fiberhome", "1/1/1:1")])
def test_other_vendors_scan_alike(cli, lab_env, olt, first):
    doc = cli("optical", "scan", olt, "-o", "json").json()
    onus = by_onu(doc)
    assert onus[first]["status"] == "ok" and onus[first]["rx_dbm"] == -18.52
    assert onus["1/1/1:2"]["flags"][:2] == ["offline", "los"]
    assert onus["1/1/1:3"]["flags"] == ["offline", "dying_gasp"]
    assert "rx_low" in onus["1/1/1:4"]["flags"]
    assert onus["1/1/1:2"]["serial"].startswith(("ZTEG", "FHTT"))


def test_vsol_reads_its_text_levels_and_has_no_olt_rx(cli, lab_env):
    """The lab's V-SOL serves its optical levels as text with the unit ("-18.520(dBm)")."""
    doc = cli("optical", "scan", "lab-vsol", "--pon", "0/0/1", "-o", "json").json()
    onus = by_onu(doc)
    assert onus["0/0/1:1"]["status"] == "ok" and onus["0/0/1:1"]["rx_dbm"] == -18.52
    assert onus["0/0/1:1"]["olt_rx_dbm"] is None and onus["0/0/1:1"]["serial"].startswith("VSOL")
    assert onus["0/0/1:2"]["flags"] == ["offline", "los"] and onus["0/0/1:3"]["flags"] == ["offline", "dying_gasp"]
    assert onus["0/0/1:4"]["flags"] == ["rx_low"] and onus["0/0/1:9"]["flags"] == ["no_reading"]
    assert onus["0/0/1:5"]["flags"] == []  # low OLT Rx: this profile reads no OLT-side Rx
    bad = cli("optical", "onu", "lab-vsol", "0/1/1:1", "-o", "json")
    assert bad.code == 3 and "V-SOL ports are written 0/0/PON" in bad.err


def test_fiberhome_has_no_olt_rx_and_that_is_not_a_missing_reading(cli, lab_env):
    doc = cli("optical", "onu", "lab-fiberhome", "1/1/1:1", "-o", "json").json()
    assert doc["olt_rx_dbm"] is None and doc["status"] == "ok" and doc["flags"] == []


def test_one_onu_by_id(cli, lab_env, golden):
    result = cli("optical", "onu", "lab-huawei", "0/1/0:3", "-o", "json")
    assert result.code == 2
    doc = result.json()
    assert doc["onu"] == "0/1/0:3" and doc["rx_dbm"] == -27.45 and doc["flags"] == ["rx_low"]
    golden("optical-onu", doc)
    assert doc["thresholds"]["onu_rx_critical_below_dbm"] == -26.0
    assert set(doc) >= {"olt", "onu", "serial", "description", "state", "down_cause", "rx_dbm",
                        "tx_dbm", "olt_rx_dbm", "temperature_c", "status", "flags", "thresholds"}


@pytest.mark.parametrize("serial", ["HWTC1A2B0000", "HWTC-1A2B0000", "485754431A2B0000"])
def test_one_onu_by_serial(cli, lab_env, serial):
    result = cli("optical", "onu", "lab-huawei", serial, "-o", "json")
    assert result.code == 0, result.err
    assert result.json()["onu"] == "0/1/0:0"


def test_table_output_for_a_technician(cli, lab_env):
    result = cli("optical", "onu", "lab-huawei", "0/1/0:1")
    assert result.code == 2
    assert re.search(r"State +offline", result.out) and re.search(r"Last down cause +LOS\b", result.out)
    assert "CRITICAL" in result.out
    scan = cli("optical", "scan", "lab-zte")
    assert "lab-zte: 32 ONUs, 18 online, 14 offline" in scan.out
    assert "MASS OUTAGE — LOS: fibre or splitter, 12 of 16" in scan.out  # 1/1/2, no down times over SNMP


def test_csv_output(cli, lab_env):
    result = cli("optical", "scan", "lab-zte", "-o", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 32
    assert rows[0]["status"] == "critical"
    assert {"offline;los"} <= {r["flags"] for r in rows}


def _samples(text: str) -> dict[tuple[str, frozenset], float]:
    """The exposition as Prometheus's own client library parses it."""
    from prometheus_client.parser import text_string_to_metric_families

    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_prometheus_output(cli, lab_env):
    result = cli("optical", "scan", "lab-zte", "--pon", "1/1/1", "-o", "prometheus")
    assert "# TYPE netops_onu_rx_dbm gauge" in result.out.splitlines()
    samples = _samples(result.out)
    healthy = {"olt": "lab-zte", "pon": "1/1/1", "onu": "1/1/1:1", "serial": "ZTEG1A2B0000",
               "name": "healthy customer", "description": "healthy customer"}
    assert samples[("netops_onu_rx_dbm", frozenset(healthy.items()))] == -18.52
    offline = {"olt": "lab-zte", "pon": "1/1/1", "onu": "1/1/1:2", "serial": "ZTEG1A2B1EEF",
               "name": "fibre cut (LOS)", "description": "fibre cut (LOS)"}
    assert samples[("netops_onu_online", frozenset(offline.items()))] == 0
    assert not any(name == "netops_onu_rx_dbm" and ("onu", "1/1/1:2") in labels for name, labels in samples)
    assert samples[("netops_scan_success", frozenset({("olt", "lab-zte")}))] == 1


# -- bad input and failures: one line on stderr, exit 3, no traceback -------------------------


def assert_one_line_error(result, *fragments):
    assert result.code == 3, (result.out, result.err)
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("onu", ["0/1/0", "0/1/0:x", "HWTC123", "customer"])
def test_malformed_onu(cli, lab_env, onu):
    assert_one_line_error(cli("optical", "onu", "lab-huawei", onu), repr(onu))


def test_onu_not_provisioned(cli, lab_env):
    assert_one_line_error(cli("optical", "onu", "lab-huawei", "0/3/0:5"), "0/3/0:5", "not provisioned")


def test_serial_not_provisioned(cli, lab_env):
    assert_one_line_error(cli("optical", "onu", "lab-huawei", "HWTCFFFFFFFF"), "HWTCFFFFFFFF")


def test_unknown_olt_lists_known_ones(cli, lab_env):
    assert_one_line_error(cli("optical", "scan", "olt-nowhere"), "olt-nowhere", "lab-huawei", "lab-zte")


def test_malformed_pon(cli, lab_env):
    assert_one_line_error(cli("optical", "scan", "lab-huawei", "--pon", "0/1"), "0/1")


def test_olt_not_answering_names_host_and_port(cli, lab_env, custom_inventory, fast_profiles):
    from netops.lab.state import free_port

    port = free_port(kind="udp")

    def edit(data):
        data["olts"]["lab-huawei"].update(profile=fast_profiles)
        data["olts"]["lab-huawei"]["snmp"]["port"] = port

    custom_inventory(edit)
    assert_one_line_error(cli("optical", "scan", "lab-huawei"), f"127.0.0.1:{port}", "did not answer")


def test_wrong_community_is_a_clear_timeout(cli, lab_env, custom_inventory, fast_profiles, monkeypatch):
    monkeypatch.setenv("LAB_COMMUNITY", "not-the-community")

    def edit(data):
        data["olts"]["lab-huawei"].update(profile=fast_profiles)
        data["olts"]["lab-huawei"]["snmp"]["community_env"] = "LAB_COMMUNITY"

    custom_inventory(edit)
    assert_one_line_error(cli("optical", "onu", "lab-huawei", "0/1/0:0"), "community")


def test_missing_secret_names_the_variable(cli, lab_env, custom_inventory, monkeypatch):
    monkeypatch.delenv("OLT_COMMUNITY_X", raising=False)
    custom_inventory(lambda d: d["olts"]["lab-huawei"]["snmp"].update(community_env="OLT_COMMUNITY_X"))
    assert_one_line_error(cli("optical", "onu", "lab-huawei", "0/1/0:0"), "OLT_COMMUNITY_X")


def test_unknown_profile_in_inventory(cli, lab_env, custom_inventory):
    custom_inventory(lambda d: d["olts"]["lab-huawei"].update(profile="huawei_ma9999"))
    assert_one_line_error(cli("optical", "onu", "lab-huawei", "0/1/0:0"), "huawei_ma9999", "huawei_ma5800")


def test_debug_shows_the_traceback(cli, lab_env):
    result = cli("--debug", "optical", "onu", "lab-huawei", "0/3/0:5")
    assert result.code == 3
    assert "Traceback" in result.err and "not provisioned" in result.err


def snmpv3(data, auth_env="LAB_V3_AUTH"):
    # snmpsim's built-in USM user; its data file name is the v3 context
    data["olts"]["lab-zte"]["snmp"] = {
        "version": 3, "port": data["olts"]["lab-zte"]["snmp"]["port"], "user": "simulator",
        "auth_protocol": "MD5", "auth_key_env": auth_env,
        "priv_protocol": "DES", "priv_key_env": "LAB_V3_PRIV", "context": "public",
    }


def test_snmpv3_with_keys_from_the_environment(cli, lab_env, custom_inventory, monkeypatch):
    monkeypatch.setenv("LAB_V3_AUTH", "auctoritas")
    monkeypatch.setenv("LAB_V3_PRIV", "privatus")
    custom_inventory(snmpv3)
    result = cli("optical", "onu", "lab-zte", "1/1/1:1", "-o", "json")
    assert result.code == 0, result.err
    assert result.json()["rx_dbm"] == -18.52
    assert "auctoritas" not in result.out + result.err


def test_snmpv3_wrong_key_is_an_auth_error(cli, lab_env, custom_inventory, monkeypatch):
    monkeypatch.setenv("LAB_V3_AUTH", "not-the-key")
    monkeypatch.setenv("LAB_V3_PRIV", "privatus")
    custom_inventory(snmpv3)
    result = cli("optical", "onu", "lab-zte", "1/1/1:1")
    assert_one_line_error(result, "lab-zte")
    assert "not-the-key" not in result.err


def test_scan_names_the_lab_outages_per_port(cli, lab_env):
    doc = cli("optical", "scan", "lab-huawei", "-o", "json").json()
    pons = {p["pon"]: p for p in doc["pons"]}
    assert len(pons) == 8 and sum(p["total"] for p in pons.values()) == 1024
    assert pons["0/2/2"]["outage"] == {"kind": "los", "affected": 96, "total": 128,
                                       "first_down": "2026-11-21T04:31:02+00:00", "last_down": "2026-11-21T04:31:33+00:00"}
    assert pons["0/2/3"]["outage"]["kind"] == "dying_gasp" and pons["0/2/3"]["dying_gasp"] == 90
    assert [p for p, v in pons.items() if v["outage"]] == ["0/2/2", "0/2/3"]
    table = cli("optical", "scan", "lab-huawei", "--flagged").out
    assert "power cut in the area (dying gasp), 90 of 128" in table


def test_onu_of_an_offline_customer_reads_its_port(cli, lab_env, golden):
    result = cli("optical", "onu", "lab-huawei", "0/2/2:5", "-o", "json")
    doc = result.json()
    golden("optical-onu-offline-with-port", doc)
    assert result.code == 2 and doc["pon"]["outage"]["kind"] == "los"
    assert doc["last_down"] == "2026-11-21T04:31:03+00:00" and doc["distance_m"] is None
    online = cli("optical", "onu", "lab-huawei", "0/1/0:0", "-o", "json").json()
    assert online["pon"] is None and online["distance_m"] > 0 and online["last_up"] == "2026-11-20T08:00:00+00:00"
    text = cli("optical", "onu", "lab-huawei", "0/2/2:5").out
    assert "PON 0/2/2: 128 ONUs, 32 online, 96 offline" in text and "MASS OUTAGE: LOS" in text


def test_prometheus_per_port_gauges(cli, lab_env):
    out = cli("optical", "scan", "lab-huawei", "--flagged", "-o", "prometheus").out
    assert "# TYPE netops_pon_outage gauge" in out.splitlines()
    samples = _samples(out)

    def port(name, pon, **labels):
        return samples[(name, frozenset({"olt": "lab-huawei", "pon": pon, **labels}.items()))]

    assert port("netops_pon_outage", "0/2/2", kind="los") == 1
    assert port("netops_pon_outage", "0/2/2", kind="dying_gasp") == 0
    assert port("netops_pon_outage", "0/2/3", kind="dying_gasp") == 1
    assert port("netops_pon_onus", "0/2/2", state="los") == 96
