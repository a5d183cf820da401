"""`wifi status`: a pending ACS change looked up later, by task id or serial number.

Against the GenieACS NBI stand-in (see test_acs.py for its source): a device that was offline
comes back (a lab-only call opens its session, as a periodic inform would) and runs the queued
task; the read-back is compared with the audit record's fingerprint of the key that was set.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from netops.lab.state import wait_until

pytestmark = pytest.mark.integration


def status(cli, target, *extra):
    return cli("wifi", "status", target, "-o", "json", *extra)


def pending_change(cli, acs, serial="LABOFFLINE"):
    result = cli("wifi", "reset", serial, "--via", "acs", "--timeout", "1", "-o", "json")
    assert result.code == 1, result.err
    return result.json()


def test_a_queued_change_is_pending_then_changed_once_the_device_runs_it(env, cli, acs, golden):
    change = pending_change(cli, acs)
    task_id = change["acs_task"]
    found = status(cli, task_id)
    assert found.code == 1, found.err
    data = found.json()
    golden("wifi-status", data)
    assert data["task"]["id"] == task_id and data["task"]["state"] == "queued"
    assert [b["status"] for b in data["bands"]] == ["pending", "pending"]
    # the device comes back and informs: GenieACS runs the queued task in that session
    acs.lab("LABOFFLINE", cr="ok")
    acs.inform("LABOFFLINE")
    acs.wait_for_no_tasks("LABOFFLINE")
    for target in (task_id, "LABOFFLINE"):
        found = status(cli, target)
        assert found.code == 0, found.err
        data = found.json()
        assert data["task"]["state"] == "done" and data["bands_changed"] == ["2.4", "5"]
        assert all(b["verified"] is True for b in data["bands"])
        assert change["key"] not in found.out + found.err  # compared by fingerprint, never shown
    assert acs.get("tasks") == []  # the read-backs ran and left nothing behind


def test_cancel_removes_a_queued_change_and_records_it(env, cli, acs):
    change = pending_change(cli, acs)
    found = status(cli, change["acs_task"], "--cancel")
    assert found.code == 2, found.err
    data = found.json()
    assert data["task"]["state"] == "cancelled" and {b["status"] for b in data["bands"]} == {"not_sent"}
    assert acs.get("tasks") == []
    acs.lab("LABOFFLINE", cr="ok")
    acs.inform("LABOFFLINE")
    wlan = acs.device("LABOFFLINE")["InternetGatewayDevice"]["LANDevice"]["1"]["WLANConfiguration"]["1"]
    assert wlan["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == "OldKey2g2024"
    assert env.audit()[-1]["result"] == "cancelled"
    again = status(cli, change["acs_task"], "--cancel")
    assert again.code == 3 and "nothing to cancel" in again.err
    for target in (change["acs_task"], "LABOFFLINE"):  # later, it still reads as cancelled
        later = status(cli, target)
        assert later.code == 2, later.err
        assert later.json()["task"]["state"] == "cancelled"


def test_a_task_made_elsewhere_that_faulted_is_failed(env, cli, acs):
    device_id = acs.device("LABFAULT")["_id"]
    task = {"name": "setParameterValues", "parameterValues": [
        ["InternetGatewayDevice.LANDevice.1.WLANConfiguration.5.PreSharedKey.1.KeyPassphrase", "x", "xsd:string"]]}
    _, _, queued = acs.call("POST", f"/devices/{quote(device_id, safe='')}/tasks", task)
    acs.inform("LABFAULT")
    wait_until(lambda: acs.get("faults"), 10, "the session to fault the task")
    found = status(cli, queued["_id"])
    assert found.code == 2, found.err
    data = found.json()
    assert data["task"]["state"] == "faulted" and data["task"]["reason"].startswith("cwmp.9003")
    assert "9007 Invalid parameter value" in data["bands"][0]["detail"]


def test_a_key_changed_again_since_is_reported(env, cli, acs):
    result = cli("wifi", "reset", "LAB098OK", "--via", "acs", "--band", "2.4", "-o", "json")
    assert result.code == 0, result.err
    device_id = acs.device("LAB098OK")["_id"]
    other = {"name": "setParameterValues", "parameterValues": [
        ["InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.1.KeyPassphrase", "Outra-Chave-9", "xsd:string"]]}
    assert acs.call("POST", f"/devices/{quote(device_id, safe='')}/tasks?connection_request", other)[0] == 200
    found = status(cli, "LAB098OK")
    assert found.code == 2, found.err
    (band,) = found.json()["bands"]
    assert band["status"] == "failed" and band["error"] == "other_key"


@pytest.mark.parametrize("target, fragment", [
    ("0123456789abcdef01234567", "has no task 0123456789abcdef01234567"),
    ("LAB181OK", "no Wi-Fi change through the ACS for LAB181OK"),
    ("NOSUCH1", "no device with serial number NOSUCH1"),
    ("bad\tserial", "not a task id or serial number"),
])
def test_nothing_to_look_up_is_one_line_exit_3(env, cli, acs, target, fragment):
    found = status(cli, target)
    assert found.code == 3 and found.out == ""
    (line,) = found.err.strip().splitlines()
    assert line.startswith("netops: error:") and fragment in line
