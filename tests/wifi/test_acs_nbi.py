"""The NBI stand-in answers as GenieACS's source says, checked on its own (no netops client).

Each expectation below is read from github.com/genieacs/genieacs at commit
3cbae19497cb038cee4a873ec3476ffd82f8212a: lib/nbi.ts (status codes, reason phrases and
bodies), lib/api-functions.ts (insertTasks, deleteFault), lib/cwmp/db.ts (saveFault: the fault
document) and lib/soap.ts (the SetParameterValuesFault detail).
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.integration

SPV = {"name": "setParameterValues", "parameterValues": [
    ["InternetGatewayDevice.LANDevice.1.WLANConfiguration.5.PreSharedKey.1.KeyPassphrase", "Nova-Chave-1", "xsd:string"],
]}


def tasks_path(acs, serial, query=""):
    return f"/devices/{quote(acs.device(serial)['_id'], safe='')}/tasks{query}"


def test_a_task_without_connection_request_is_stored_and_202(acs):
    status, reason, task = acs.call("POST", tasks_path(acs, "LAB098OK"), SPV)
    assert (status, reason) == (202, "Accepted")  # writeHead(202) with no reason: Node's default
    assert re.fullmatch(r"[0-9a-f]{24}", task["_id"]) and task["device"] == acs.device("LAB098OK")["_id"]
    assert task["name"] == "setParameterValues" and task["timestamp"].endswith("Z")
    assert [t["_id"] for t in acs.get("tasks")] == [task["_id"]]


def test_a_task_run_in_the_session_it_opened_is_200_and_gone(acs):
    status, reason, task = acs.call("POST", tasks_path(acs, "LAB098OK", "?connection_request&timeout=3000"), SPV)
    assert (status, reason) == (200, "OK") and task["name"] == "setParameterValues"
    assert acs.get("tasks") == []
    wlan = acs.device("LAB098OK")["InternetGatewayDevice"]["LANDevice"]["1"]["WLANConfiguration"]["5"]
    assert wlan["PreSharedKey"]["1"]["KeyPassphrase"]["_value"] == "Nova-Chave-1"


def test_unknown_device_and_task(acs):
    assert acs.call("POST", "/devices/NOPE/tasks?connection_request", SPV)[::2] == (404, "No such device")
    assert acs.call("DELETE", "/tasks/0123456789abcdef01234567")[::2] == (404, "Task not found")


@pytest.mark.parametrize("serial, reason", [
    ("LABOFFLINE", "Device is offline"),
    ("LABCRAUTH", "Connection request error: Incorrect connection request credentials"),
    ("LABSILENT", "Task queued but not processed"),
])
def test_a_task_not_run_says_why_in_the_reason_phrase(acs, serial, reason):
    status, got, task = acs.call("POST", tasks_path(acs, serial, "?connection_request&timeout=600"), SPV)
    assert (status, got) == (202, reason)
    assert [t["_id"] for t in acs.get("tasks")] == [task["_id"]]  # stored before the connection request


def test_a_refused_parameter_is_task_faulted_with_the_cwmp_fault(acs):
    status, reason, task = acs.call("POST", tasks_path(acs, "LABFAULT", "?connection_request"), SPV)
    assert (status, reason) == (202, "Task faulted")
    device_id = acs.device("LABFAULT")["_id"]
    (fault,) = acs.get("faults")
    assert fault["_id"] == f"{device_id}:task_{task['_id']}" and fault["channel"] == f"task_{task['_id']}"
    assert fault["code"] == "cwmp.9003" and fault["message"] == "Invalid arguments" and fault["retries"] == 0
    assert fault["detail"]["setParameterValuesFault"] == [{
        "parameterName": SPV["parameterValues"][0][0], "faultCode": "9007", "faultString": "Invalid parameter value",
    }]
    assert [t["_id"] for t in acs.get("tasks")] == [task["_id"]]  # a faulted task stays
    # retry clears the fault; deleting the fault deletes its task too
    assert acs.call("POST", f"/tasks/{task['_id']}/retry")[0] == 200 and acs.get("faults") == []
    assert acs.call("DELETE", f"/faults/{quote(fault['_id'], safe='')}")[0] == 200
    assert acs.get("tasks") == []


def test_a_device_in_session_cannot_lose_its_task(acs):
    acs.inform("LAB098OK", hold_seconds=2)
    time.sleep(0.3)
    status, _, task = acs.call("POST", tasks_path(acs, "LAB098OK"), SPV)  # for the next session
    assert acs.call("DELETE", f"/tasks/{task['_id']}")[::2] == (503, "Device is in session")


def test_the_wait_for_a_session_in_progress_is_the_lock_wait(acs_server):
    acs = acs_server(lock_wait=0.5)
    acs.inform("LAB098OK", hold_seconds=3)
    time.sleep(0.3)
    started = time.monotonic()
    status, reason, _ = acs.call("POST", tasks_path(acs, "LAB098OK", "?connection_request"), SPV)
    assert (status, reason) == (202, "Task queued but not processed")
    assert time.monotonic() - started < 2.5  # it did not wait for the session


def test_projection_returns_only_the_asked_paths(acs):
    device_id = acs.device("LAB181OK")["_id"]
    query = quote(json.dumps({"_id": device_id}))
    path = f"/devices/?query={query}&projection=Device.WiFi.SSID.1.SSID,_deviceId._ProductClass"
    (doc,) = acs.call("GET", path)[2]
    assert doc == {"_id": device_id, "Device": {"WiFi": {"SSID": {"1": {"SSID": doc["Device"]["WiFi"]["SSID"]["1"]["SSID"]}}}},
                   "_deviceId": {"_ProductClass": "GPT-2742GX4X5"}}
