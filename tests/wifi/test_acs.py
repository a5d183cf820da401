"""`wifi reset --via acs` against the GenieACS NBI stand-in (real HTTP on loopback)."""

from __future__ import annotations

import json
import urllib.request

import pytest


def reset(cli, serial, *extra):
    return cli("wifi", "reset", serial, "--via", "acs", "--model", "RTF3505VW", "-o", "json", *extra)


def device(acs, serial):
    query = urllib.request.quote(json.dumps({"_deviceId._SerialNumber": serial}))
    with urllib.request.urlopen(f"{acs.url}/devices/?query={query}", timeout=5) as response:
        return json.loads(response.read())[0]


def test_tr098_set_and_read_back(env, cli, acs):
    result = reset(cli, "LAB098OK", "--ssid", "Casa")
    assert result.code == 0, result.err
    data = result.json()
    assert data["acs_device"] == "00259E-RTF3505VW%2DN2-LAB098OK"  # percent-encoded id, encoded again in paths
    assert all(b["status"] == "changed" and b["verified"] and b["ssid"] == "Casa" for b in data["bands"])
    wlans = device(acs, "LAB098OK")["InternetGatewayDevice"]["LANDevice"]["1"]["WLANConfiguration"]
    assert wlans["1"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == data["key"]
    assert wlans["5"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == data["key"]
    assert wlans["2"]["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == "GuestKey2024"  # guest SSID untouched
    assert env.audit()[0]["via"] == "acs"


def test_tr181_band_discovered_not_assumed(env, cli, acs):
    result = reset(cli, "LAB181OK", "--band", "5")
    assert result.code == 0, result.err
    wifi = device(acs, "LAB181OK")["Device"]["WiFi"]
    # radio 1 is the 5 GHz one on this device, reached through SSID.1 and AccessPoint.1
    assert wifi["AccessPoint"]["1"]["Security"]["KeyPassphrase"]["_value"] == result.json()["key"]
    assert wifi["AccessPoint"]["2"]["Security"]["KeyPassphrase"]["_value"] == "OldKey2g2024"


def test_serial_option_and_summary_maps(env, cli, acs):
    result = cli("wifi", "reset", "192.168.15.1", "--via", "acs", "--serial", "LAB181OK", "--model", "GPT-2742GX4X5",
                 "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["host"] == "LAB181OK" and data["bands_changed"] == ["2.4", "5"]
    assert data["verified"] == {"2.4": True, "5": True}
    assert data["ssids"] == {"2.4": "NETCENTER-2G", "5": "NETCENTER-5G"}


def test_empty_read_back_is_unverified_not_failed(env, cli, acs):
    result = reset(cli, "LAB098EMPTY")
    assert result.code == 1
    assert all(b["status"] == "unverified" and b["verified"] is None for b in result.json()["bands"])


def test_offline_device_is_pending_202(env, cli, acs):
    result = reset(cli, "LABOFFLINE")
    assert result.code == 1
    for band in result.json()["bands"]:
        assert band["status"] == "pending" and "queued" in band["detail"]
    with urllib.request.urlopen(f"{acs.url}/tasks/", timeout=5) as response:
        assert len(json.loads(response.read())) == 2


def test_fault_on_one_band_is_reported_per_band(env, cli, acs):
    result = reset(cli, "LABFAULT")
    assert result.code == 2
    bands = {b["band"]: b for b in result.json()["bands"]}
    assert bands["2.4"]["status"] == "changed"
    assert bands["5"]["status"] == "failed" and bands["5"]["error"] == "cwmp.9007"


def test_single_band_device(env, cli, acs):
    result = reset(cli, "LAB24ONLY")
    assert result.code == 0
    assert [b["status"] for b in result.json()["bands"]] == ["changed", "absent"]


def test_vendor_band_names_and_key_path(env, cli, acs):
    result = reset(cli, "LABVENDOR")
    assert result.code == 0, result.err
    wlans = device(acs, "LABVENDOR")["InternetGatewayDevice"]["LANDevice"]["1"]["WLANConfiguration"]
    key = result.json()["key"]
    assert wlans["1"]["KeyPassphrase"]["_value"] == key and wlans["5"]["KeyPassphrase"]["_value"] == key
    assert wlans["2"]["KeyPassphrase"]["_value"] == "GuestKey2024"


def test_tr181_discovery_without_references():
    from netops.cpe.acs import discover

    def leaf(value):
        return {"_value": value, "_type": "xsd:string"}

    wifi = {
        "Radio": {"1": {"OperatingFrequencyBand": leaf("2.4GHz")}, "2": {"OperatingFrequencyBand": leaf("5GHz")}},
        "SSID": {"1": {"SSID": leaf("a")}, "2": {"SSID": leaf("b")}},
        "AccessPoint": {"1": {"Security": {"KeyPassphrase": leaf("k1")}}, "2": {"Security": {"KeyPassphrase": leaf("k2")}}},
    }
    bands = discover({"Device": {"WiFi": wifi}})
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
    result = cli("--debug", "wifi", "reset", serial, "--via", "acs", "--model", "RTF3505VW", "--key", "Chave-Acs-77")
    assert result.code == 0, result.err
    assert result.err.count("Chave-Acs-77") == 1 and result.out.count("Chave-Acs-77") == 1
    for old in ("OldKey2g2024", "OldKey5g2024"):
        assert old not in result.out + result.err + env.audit_file.read_text()
    assert "Chave-Acs-77" not in acs.log.read_text()


def test_faulted_task_is_removed_so_the_acs_does_not_retry_it(env, cli, acs):
    result = reset(cli, "LABFAULT", "--band", "5")
    assert result.code == 2
    (band,) = result.json()["bands"]
    assert band["status"] == "failed" and "task removed" in band["detail"]
    for collection in ("tasks", "faults"):
        with urllib.request.urlopen(f"{acs.url}/{collection}/", timeout=5) as response:
            assert json.loads(response.read()) == []


def test_an_acs_that_answers_too_late_is_pending_not_failed(env, cli, acs):
    """The task is stored before the CPE session: when the answer times out it may still apply."""
    result = reset(cli, "LABSLOW", "--band", "2.4", "--timeout", "0.5")
    assert result.code == 1, result.err
    (band,) = result.json()["bands"]
    assert band["status"] == "pending" and band["verified"] is None and band["error"] == "timeout"


def test_a_read_back_that_did_not_run_is_not_verified(env, cli, acs):
    """After a set, the ACS stores the value it wrote: only a read-back task that ran proves it."""
    result = reset(cli, "LABNOREAD", "--band", "2.4")
    assert result.code == 1, result.err
    (band,) = result.json()["bands"]
    assert band["status"] == "unverified" and band["verified"] is None


def test_credentials_in_the_acs_url_stay_out_of_errors_and_audit(env, cli, monkeypatch):
    from netops.lab.state import free_port

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
    node = device(acs, serial)
    for step in where:
        node = node[step]
    assert node["PreSharedKey"]["_value"] == key
    assert node["KeyPassphrase"]["_value"] == "OldKey2g2024"  # the passphrase was not touched


def test_a_read_back_that_times_out_is_unverified_not_failed(env, cli, acs):
    result = reset(cli, "LABSLOWREAD", "--band", "2.4", "--timeout", "0.5")
    assert result.code == 1, result.err
    (band,) = result.json()["bands"]
    assert band["status"] == "unverified" and band["verified"] is None
