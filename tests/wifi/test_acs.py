"""`wifi reset --via acs` against the GenieACS NBI stand-in (real HTTP on loopback).

The stand-in answers as GenieACS's source says (github.com/genieacs/genieacs, lib/nbi.ts and
lib/api-functions.ts at commit 3cbae19497cb038cee4a873ec3476ffd82f8212a): a task with a
connection request is held until the CPE's session ends, 202 carries the reason, a session in
progress holds the device's lock. Its CPEs run their sessions in threads, some slowly.
"""

from __future__ import annotations

import json
import time

import pytest

from netops.lab.state import free_port

from .conftest import interrupted_run

pytestmark = pytest.mark.integration


def reset(cli, serial, *extra):
    return cli("wifi", "reset", serial, "--via", "acs", "-o", "json", *extra)


def wlans(acs, serial):
    return acs.device(serial)["InternetGatewayDevice"]["LANDevice"]["1"]["WLANConfiguration"]


def test_tr098_one_task_for_every_band_then_one_read_back(env, cli, acs, golden):
    result = reset(cli, "LAB098OK", "--ssid", "Casa")
    assert result.code == 0, result.err
    data = result.json()
    golden("wifi-reset-acs", data)
    assert data["acs_device"] == "00259E-RTF3505VW%2DN2-LAB098OK"  # percent-encoded id, encoded again in paths
    assert data["model"] == "RTF3505VW-N2" and data["profile"] == "askey-broadcom"  # the ACS's model
    assert all(b["status"] == "changed" and b["verified"] and b["ssid"] == "Casa" for b in data["bands"])
    found = wlans(acs, "LAB098OK")
    assert found["1"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == data["key"]
    assert found["5"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == data["key"]
    assert found["2"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == "GuestKey2024"  # guest SSID untouched
    assert len(acs.task_posts()) == 2  # one setParameterValues, one getParameterValues
    (record,) = env.audit()
    assert record["via"] == "acs" and record["acs_task"] == data["acs_task"]
    assert record["acs_band_parameters"]["5"] == ["InternetGatewayDevice.LANDevice.1.WLANConfiguration.5.PreSharedKey.1.KeyPassphrase"]
    assert acs.get("tasks") == []


def test_a_change_that_takes_12_seconds_ends_ok_not_pending(env, cli, acs):
    """GenieACS holds the answer until the session ends; netops waits for it (issue seen on real units)."""
    result = reset(cli, "LABSLOW", "--band", "2.4")
    assert result.code == 0, result.err
    (band,) = result.json()["bands"]
    assert band["status"] == "changed" and band["verified"] is True


def test_a_session_in_progress_is_waited_for(env, cli, acs):
    """A CPE-initiated session holds the device's lock: the task waits for it, then runs."""
    acs.inform("LAB098OK", hold_seconds=1.5)
    time.sleep(0.3)
    result = reset(cli, "LAB098OK", "--band", "5")
    assert result.code == 0, result.err
    assert result.json()["bands"][0]["status"] == "changed"


def test_a_session_that_holds_the_lock_too_long_leaves_the_task_queued(env, cli, acs_server):
    acs = acs_server(lock_wait=1)
    acs.inform("LAB098OK", hold_seconds=8)
    time.sleep(0.3)
    result = reset(cli, "LAB098OK")
    assert result.code == 1, result.err
    data = result.json()
    for band in data["bands"]:
        assert band["status"] == "pending" and band["error"] == "queued"
        assert "Task queued but not processed" in band["detail"] and f"netops wifi status {data['acs_task']}" in band["detail"]
    (task,) = acs.get("tasks")
    assert task["_id"] == data["acs_task"] and task["name"] == "setParameterValues"
    assert len(task["parameterValues"]) == 2  # both bands in the one task


def test_a_session_that_does_not_end_in_time_is_pending_then_applied(env, cli, acs_server):
    acs = acs_server(session_end_wait=1)
    acs.lab("LABSLOW", set_seconds=2.5)
    result = reset(cli, "LABSLOW")
    assert result.code == 1, result.err
    assert {b["status"] for b in result.json()["bands"]} == {"pending"}
    acs.wait_for_no_tasks("LABSLOW")  # the session went on and applied it
    assert wlans(acs, "LABSLOW")["5"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == result.json()["key"]


@pytest.mark.parametrize("serial, reason, error", [
    ("LABOFFLINE", "Device is offline", "offline"),
    ("LABCRAUTH", "Connection request error: Incorrect connection request credentials", "queued"),
    ("LABSILENT", "Task queued but not processed", "queued"),
])
def test_a_task_that_did_not_run_says_why_and_how_to_follow_it(env, cli, acs, serial, reason, error):
    result = reset(cli, serial, "--timeout", "1")
    assert result.code == 1, result.err
    data = result.json()
    for band in data["bands"]:
        assert band["status"] == "pending" and band["verified"] is None and band["error"] == error
        assert reason in band["detail"] and data["acs_task"] in band["detail"]
    assert [t["_id"] for t in acs.get("tasks")] == [data["acs_task"]]  # queued for the next inform


def test_serial_option_and_summary_maps(env, cli, acs):
    result = cli("wifi", "reset", "192.168.15.1", "--via", "acs", "--serial", "LAB181OK", "--model", "GPT-2742GX4X5",
                 "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["host"] == "LAB181OK" and data["bands_changed"] == ["2.4", "5"]
    assert data["verified"] == {"2.4": True, "5": True}
    assert data["ssids"] == {"2.4": "NETCENTER-2G", "5": "NETCENTER-5G"}


def test_a_model_that_contradicts_the_acs_is_refused_before_anything_is_sent(env, cli, acs):
    result = reset(cli, "LAB098OK", "--model", "GPT-2741GNAC")
    assert result.code == 3
    assert "the ACS knows device LAB098OK as a RTF3505VW-N2, not a GPT-2741GNAC" in result.err
    assert acs.task_posts() == [] and acs.get("tasks") == []
    assert "New Wi-Fi key" not in result.err


def test_the_acs_model_sets_the_key_rules(env, cli, acs):
    """The ACS says RTF3505VW: the Askey Broadcom pages' forbidden characters apply, given no --model."""
    result = reset(cli, "LAB098OK", "--key", "Chave&Nova1")
    assert result.code == 3 and "'&'" in result.err
    assert acs.task_posts() == []


def test_tr181_band_discovered_not_assumed(env, cli, acs):
    result = reset(cli, "LAB181OK", "--band", "5")
    assert result.code == 0, result.err
    wifi = acs.device("LAB181OK")["Device"]["WiFi"]
    # radio 1 is the 5 GHz one on this device, reached through SSID.1 and AccessPoint.1
    assert wifi["AccessPoint"]["1"]["Security"]["KeyPassphrase"]["_value"] == result.json()["key"]
    assert wifi["AccessPoint"]["2"]["Security"]["KeyPassphrase"]["_value"] == "OldKey2g2024"


def test_wpa3_bands_get_the_key_where_their_mode_reads_it(env, cli, acs):
    """WPA2/WPA3 mixed: KeyPassphrase and SAEPassphrase alike; WPA3 only: SAEPassphrase."""
    result = reset(cli, "LAB181WPA3")
    assert result.code == 0, result.err
    key = result.json()["key"]
    points = acs.device("LAB181WPA3")["Device"]["WiFi"]["AccessPoint"]
    mixed, wpa3 = points["2"]["Security"], points["1"]["Security"]
    assert mixed["ModeEnabled"]["_value"] == "WPA2-WPA3-Personal" and wpa3["ModeEnabled"]["_value"] == "WPA3-Personal"
    assert mixed["KeyPassphrase"]["_value"] == key and mixed["SAEPassphrase"]["_value"] == key
    assert wpa3["SAEPassphrase"]["_value"] == key and wpa3["KeyPassphrase"]["_value"] == "OldKey5g2024"


def test_a_hex_psk_is_refused_on_wpa3(env, cli, acs):
    result = reset(cli, "LAB181WPA3", "--key", "0123456789abcdef" * 4)
    assert result.code == 2, result.err
    for band in result.json()["bands"]:
        assert band["status"] == "failed" and band["error"] == "unsupported_setting" and "WPA3" in band["detail"]
    assert acs.task_posts() == []


def test_an_open_network_is_refused_not_given_a_useless_key(env, cli, acs):
    result = reset(cli, "LABOPEN")
    assert result.code == 2, result.err
    bands = {b["band"]: b for b in result.json()["bands"]}
    assert bands["2.4"]["status"] == "changed"
    assert bands["5"]["status"] == "failed" and "no WPA security (BeaconType Basic)" in bands["5"]["detail"]
    assert wlans(acs, "LABOPEN")["5"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == "OldKey5g2024"


def test_empty_read_back_is_unverified_not_failed(env, cli, acs):
    result = reset(cli, "LAB098EMPTY")
    assert result.code == 1
    assert all(b["status"] == "unverified" and b["verified"] is None for b in result.json()["bands"])


def test_a_refused_parameter_leaves_every_band_unchanged(env, cli, acs):
    """SetParameterValues is all or nothing: the 5 GHz passphrase refused, 2.4 GHz not applied either."""
    result = reset(cli, "LABFAULT")
    assert result.code == 2
    bands = {b["band"]: b for b in result.json()["bands"]}
    assert bands["5"]["status"] == "failed" and bands["5"]["error"] == "cwmp.9003"
    assert "9007 Invalid parameter value" in bands["5"]["detail"]
    assert bands["2.4"]["status"] == "failed" and "all or nothing" in bands["2.4"]["detail"]
    assert all("task removed from the ACS" in b["detail"] for b in bands.values())
    assert acs.get("tasks") == [] and acs.get("faults") == []  # not retried later, unseen
    found = wlans(acs, "LABFAULT")
    assert found["1"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == "OldKey2g2024"


def test_single_band_device_of_unknown_radios(env, cli, acs):
    result = reset(cli, "LAB24ONLY")
    assert result.code == 0, result.err
    assert [b["status"] for b in result.json()["bands"]] == ["changed", "absent"]


def test_a_dual_band_model_without_a_5ghz_radio_in_the_data_model_is_critical(env, cli, acs):
    result = reset(cli, "LABNO5G")
    assert result.code == 2
    bands = {b["band"]: b for b in result.json()["bands"]}
    assert bands["2.4"]["status"] == "changed"
    assert bands["5"]["status"] == "failed" and bands["5"]["error"] == "band_not_found"


def test_vendor_band_names_and_key_path(env, cli, acs):
    result = reset(cli, "LABVENDOR")
    assert result.code == 0, result.err
    found = wlans(acs, "LABVENDOR")
    key = result.json()["key"]
    assert found["1"]["KeyPassphrase"]["_value"] == key and found["5"]["KeyPassphrase"]["_value"] == key
    assert found["2"]["KeyPassphrase"]["_value"] == "GuestKey2024"


def test_a_slow_read_back_is_waited_for(env, cli, acs):
    result = reset(cli, "LABSLOWREAD", "--band", "2.4")
    assert result.code == 0, result.err
    assert result.json()["bands"][0]["status"] == "changed"


def test_a_read_back_that_faulted_is_unverified_and_removed(env, cli, acs):
    result = reset(cli, "LABNOREAD", "--band", "2.4")
    assert result.code == 1, result.err
    (band,) = result.json()["bands"]
    assert band["status"] == "unverified" and band["verified"] is None and "Task faulted" in band["detail"]
    assert acs.get("tasks") == [] and acs.get("faults") == []


def test_an_acs_that_answers_too_late_is_pending_with_the_task(env, cli, acs):
    """--wait caps how long netops waits for GenieACS's answer; the task stays on the ACS."""
    result = reset(cli, "LABSLOW", "--band", "2.4", "--wait", "1")
    assert result.code == 1, result.err
    data = result.json()
    (band,) = data["bands"]
    assert band["status"] == "pending" and band["error"] == "timeout" and band["verified"] is None
    assert data["acs_task"] and data["acs_task"] in band["detail"]


def test_tr181_discovery_without_references():
    from netops.cpe.acs import discover

    def leaf(value):
        return {"_value": value, "_type": "xsd:string"}

    wifi = {
        "Radio": {"1": {"OperatingFrequencyBand": leaf("2.4GHz")}, "2": {"OperatingFrequencyBand": leaf("5GHz")}},
        "SSID": {"1": {"SSID": leaf("a")}, "2": {"SSID": leaf("b")}},
        "AccessPoint": {"1": {"Security": {"KeyPassphrase": leaf("k1")}}, "2": {"Security": {"KeyPassphrase": leaf("k2")}}},
    }
    bands = discover({"Device": {"WiFi": wifi}}).bands
    assert bands["2.4"].key == "Device.WiFi.AccessPoint.1.Security.KeyPassphrase" and bands["2.4"].old_ssid == "a"
    assert bands["5"].ssid == "Device.WiFi.SSID.2.SSID" and bands["5"].old_key == "k2"


def test_band_classification():
    from netops.cpe.acs import band_of_channels, band_of_standard, band_of_text

    assert band_of_channels(6, "1-13") == "2.4" and band_of_channels(0, "36,40,149") == "5"
    assert band_of_channels(44, "") == "5" and band_of_channels("", "") is None
    assert band_of_text("2.4GHz") == "2.4" and band_of_text("5 GHz") == "5" and band_of_text("6GHz") is None
    assert band_of_standard("b,g,n") == "2.4" and band_of_standard("a,n,ac") == "5"
    assert band_of_standard("n") is None


def test_unknown_serial(env, cli, acs):
    result = reset(cli, "NOSUCH123")
    assert result.code == 3 and "no device with serial number NOSUCH123" in result.err
    assert env.audit()[0]["error"] == "not_found"


def test_acs_url_missing(env, cli):
    result = reset(cli, "LAB098OK")
    assert result.code == 3 and "NETOPS_ACS_URL" in result.err


@pytest.mark.parametrize("serial", ["LAB098OK", "LAB181OK"])
def test_no_secret_in_acs_output(env, cli, acs, serial):
    result = cli("--debug", "wifi", "reset", serial, "--via", "acs", "--key", "Chave-Acs-77")
    assert result.code == 0, result.err
    assert result.err.count("Chave-Acs-77") == 1 and result.out.count("Chave-Acs-77") == 1
    for old in ("OldKey2g2024", "OldKey5g2024"):
        assert old not in result.out + result.err + env.audit_file.read_text()
    assert "Chave-Acs-77" not in acs.log.read_text()


def test_credentials_in_the_acs_url_stay_out_of_errors_and_audit(env, cli, monkeypatch):
    monkeypatch.setenv("NETOPS_ACS_URL", f"http://nbi:Acs-Pw-123@127.0.0.1:{free_port()}")
    result = reset(cli, "LAB098OK")
    assert result.code == 3 and "cannot connect to ACS http://127.0.0.1:" in result.err
    assert "Acs-Pw-123" not in result.err + result.out + env.audit_file.read_text()
    monkeypatch.setenv("NETOPS_ACS_URL", "ftp://nbi:Acs-Pw-123@127.0.0.1")
    result = reset(cli, "LAB098OK")
    assert result.code == 3 and "Acs-Pw-123" not in result.err


@pytest.mark.parametrize("serial, where", [
    ("LAB098OK", ("InternetGatewayDevice", "LANDevice", "1", "WLANConfiguration", "1", "PreSharedKey", "1")),
    ("LAB181OK", ("Device", "WiFi", "AccessPoint", "2", "Security")),
])
def test_a_64_hex_key_goes_to_the_psk_parameter(env, cli, acs, serial, where):
    """KeyPassphrase holds 8-63 characters; a raw 64-hex-digit PSK is PreSharedKey."""
    key = "0123456789abcdef" * 4
    result = reset(cli, serial, "--band", "2.4", "--key", key)
    assert result.code == 0, result.err
    (band,) = result.json()["bands"]
    assert band["status"] == "changed" and band["verified"] is True
    node = acs.device(serial)
    for step in where:
        node = node[step]
    assert node["PreSharedKey"]["_value"] == key
    assert node["KeyPassphrase"]["_value"] == "OldKey2g2024"  # the passphrase was not touched


def test_ctrl_c_while_the_acs_holds_the_task(env, acs):
    """A real SIGINT while GenieACS waits for the session: the task may still run; say so."""
    code, _, err = interrupted_run(["wifi", "reset", "LABSLOW", "--via", "acs", "-o", "json"],
                                   "setParameterValues for", {"NETOPS_ACS_URL": acs.url})
    assert code == 130, err
    assert "Wi-Fi change interrupted: 2.4 GHz sent, not confirmed (it may still be applied); 5 GHz sent" in err
    (record,) = [json.loads(line) for line in env.audit_file.read_text().splitlines()]
    assert record["result"] == "interrupted" and {b["status"] for b in record["bands"]} == {"pending"}
