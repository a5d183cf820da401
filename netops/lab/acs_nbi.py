"""A GenieACS NBI stand-in that answers as GenieACS's own source says it does.

GenieACS needs MongoDB, which the lab cannot run, so this server keeps device, task and fault
documents in memory in GenieACS's shapes and simulates the CPEs' CWMP sessions with threads.
The NBI semantics follow github.com/genieacs/genieacs at commit
3cbae19497cb038cee4a873ec3476ffd82f8212a:

- lib/nbi.ts, POST /devices/<id>/tasks: without `connection_request` the task is stored and the
  answer is 202. With it: wait up to 30 s for the device's session lock (acquireLock(...,
  30000)); not free -> task stored, 202 "Task queued but not processed". Otherwise store the task,
  make the connection request (its error text, e.g. "Device is offline", is the 202 reason), wait
  `timeout` ms (default cwmp.deviceOnlineThreshold, 4000) for the session to *start*
  (awaitSessionStart), then up to 120 s for it to *end* (awaitSessionEnd); either wait running
  out is 202 "Task queued but not processed"; a fault recorded for the task is 202 "Task
  faulted"; else 200. The body is the task, with its `_id` and `timestamp`.
- lib/api-functions.ts: awaitSessionStart / awaitSessionEnd poll every 500 ms; insertTasks;
  deleteFault (deleting a task_ fault deletes the task too).
- lib/nbi.ts, DELETE /tasks/<id> (404 "Task not found", 503 "Device is in session" while the
  device's session holds the lock, else task and its fault deleted), POST /tasks/<id>/retry
  (the fault deleted), DELETE /faults/<id>, GET /devices|tasks|faults/?query=&projection=.
- lib/connection-request.ts: "Device is offline" (refused or 503), "Connection request error:
  Incorrect connection request credentials".
- lib/cwmp/db.ts saveFault and lib/soap.ts: a fault is {_id: "<device>:task_<id>", device,
  channel, code "cwmp.<FaultCode>", message, detail {faultCode, faultString,
  setParameterValuesFault: [{parameterName, faultCode, faultString}]}, retries, timestamp}.
- lib/cwmp.ts: a session runs the device's due tasks in order; a task that completes is deleted,
  one that faults stays (with its fault) and is not retried in the next sessions.
A SetParameterValues is all or nothing (TR-069 A.3.2.1): one refused parameter, nothing applied.

Lab devices (serial numbers): LAB098OK (TR-098), LAB098EMPTY (a KeyPassphrase reads back empty,
as TR-098 says), LAB181OK (TR-181, radio 1 is 5 GHz), LAB181WPA3 (TR-181, 2.4 GHz WPA2/WPA3,
5 GHz WPA3 with SAEPassphrase), LABOPEN (TR-098, 5 GHz without security), LABOFFLINE (the
connection request is refused: "Device is offline"), LABCRAUTH (connection request credentials
refused), LABSILENT (the CPE never opens the session), LABFAULT (refuses the 5 GHz passphrase:
fault 9003 with 9007 for that parameter), LAB24ONLY (one 2.4 GHz radio), LABNO5G (an RTF3505VW
whose data model shows no 5 GHz radio), LABVENDOR (band from a vendor OperatingFrequencyBand,
passphrase under WLANConfiguration as ZTE does), LABSLOW (its session applying a change lasts
12 s), LABSLOWREAD (a read-back session of 2 s), LABNOREAD (every getParameterValues faults 9002).

Lab-only calls: POST /__lab/inform/<device id> starts a CPE-initiated session now (a periodic
inform; {"hold_seconds": N} keeps that session, and so the device's lock, N seconds longer);
POST /__lab/device/<device id> with a JSON object changes that device's lab flags (cr:
ok/offline/auth/silent, set_seconds, read_seconds).

Run: python -m netops.lab.acs_nbi --port 17557 [--lock-wait 30] [--session-end-wait 120]
"""

from __future__ import annotations

import argparse
import copy
import json
import secrets
import socket
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from netops.lab.state import LabContext, ServiceInfo, tcp_open, wait_until

NAME = "acs"
DEFAULT_PORT = 17557
LOCK_WAIT = 30.0  # acquireLock(`cwmp_session_${deviceId}`, 5000, 30000) in lib/nbi.ts
SESSION_END_WAIT = 120.0  # awaitSessionEnd(deviceId, 120000)
DEVICE_ONLINE_THRESHOLD_MS = 4000  # cwmp.deviceOnlineThreshold default
POLL = 0.5  # awaitSessionStart / awaitSessionEnd poll every 500 ms
QUEUED = "Task queued but not processed"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _leaf(value: Any, kind: str = "xsd:string", writable: bool = True) -> dict[str, Any]:
    return {"_value": value, "_type": kind, "_writable": writable, "_timestamp": _now()}


def _wlan98(ssid: str, key: str, channel: int, possible: str, beacon: str = "11i") -> dict[str, Any]:
    return {
        "_object": True,
        "Enable": _leaf(True, "xsd:boolean"),
        "SSID": _leaf(ssid),
        "Channel": _leaf(channel, "xsd:unsignedInt"),
        "PossibleChannels": _leaf(possible, writable=False),
        "BeaconType": _leaf(beacon),
        "PreSharedKey": {"1": {"_object": True, "KeyPassphrase": _leaf(key), "PreSharedKey": _leaf("")}},
    }


def _device(oui: str, product: str, serial: str, root: dict[str, Any], **flags: Any) -> dict[str, Any]:
    encoded = product.replace("-", "%2D")
    top = next(iter(root))
    root[top]["ManagementServer"] = {"ConnectionRequestURL": _leaf(f"http://198.51.100.7:7547/{serial}", writable=False)}
    return {
        "_id": f"{oui}-{encoded}-{serial}",
        "_deviceId": {"_Manufacturer": "Lab", "_OUI": oui, "_ProductClass": product, "_SerialNumber": serial},
        "_lastInform": _now(),
        **root,
        "_lab": {"cr": "ok", "inform_delay": 0.05, "session_seconds": 0.1, **flags},
    }


def _tr098(serial: str, product: str, five: bool = True, beacon5: str = "11i", **flags: Any) -> dict[str, Any]:
    wlans = {"1": _wlan98("NETCENTER-2G", "OldKey2g2024", 6, "1-13")}
    wlans["2"] = _wlan98("NETCENTER-GUEST", "GuestKey2024", 6, "1-13")
    if five:
        wlans["5"] = _wlan98("NETCENTER-5G", "OldKey5g2024", 36, "36,40,44,48,149,153,157,161", beacon5)
    root = {"InternetGatewayDevice": {"_object": True, "DeviceInfo": {"SoftwareVersion": _leaf("lab")},
                                      "LANDevice": {"1": {"WLANConfiguration": wlans}}}}
    return _device("00259E", product, serial, root, **flags)


def _tr181(serial: str, product: str, modes: tuple[str, str] = ("WPA2-Personal", "WPA2-Personal")) -> dict[str, Any]:
    def security(key: str, mode: str) -> dict[str, Any]:
        found = {"ModeEnabled": _leaf(mode), "KeyPassphrase": _leaf(key), "PreSharedKey": _leaf("")}
        if "WPA3" in mode:
            found["SAEPassphrase"] = _leaf(key)
        return found

    wifi = {
        "Radio": {
            "1": {"OperatingFrequencyBand": _leaf("5GHz"), "Channel": _leaf(44, "xsd:unsignedInt")},
            "2": {"OperatingFrequencyBand": _leaf("2.4GHz"), "Channel": _leaf(11, "xsd:unsignedInt")},
        },
        "SSID": {
            "1": {"SSID": _leaf("NETCENTER-5G"), "LowerLayers": _leaf("Device.WiFi.Radio.1")},
            "2": {"SSID": _leaf("NETCENTER-2G"), "LowerLayers": _leaf("Device.WiFi.Radio.2")},
        },
        "AccessPoint": {
            "1": {"SSIDReference": _leaf("Device.WiFi.SSID.1"), "Security": security("OldKey5g2024", modes[1])},
            "2": {"SSIDReference": _leaf("Device.WiFi.SSID.2"), "Security": security("OldKey2g2024", modes[0])},
        },
    }
    return _device("E4C0E2", product, serial,
                   {"Device": {"_object": True, "DeviceInfo": {"SoftwareVersion": _leaf("lab")}, "WiFi": wifi}})


def lab_devices() -> list[dict[str, Any]]:
    vendor = _tr098("LABVENDOR", "RTF8225VW")
    for wlan in vendor["InternetGatewayDevice"]["LANDevice"]["1"]["WLANConfiguration"].values():
        five = wlan["Channel"]["_value"] > 14
        del wlan["Channel"], wlan["PossibleChannels"]
        wlan["X_LAB_OperatingFrequencyBand"] = _leaf("5GHz" if five else "2.4GHz", writable=False)
        wlan["Standard"] = _leaf("ac" if five else "b,g,n", writable=False)
        wlan["KeyPassphrase"] = wlan.pop("PreSharedKey")["1"]["KeyPassphrase"]
    return [
        vendor,
        _tr098("LAB098OK", "RTF3505VW-N2"),
        _tr098("LAB098EMPTY", "GPT-2541GNAC-N1", hidden_keys=True),
        _tr181("LAB181OK", "GPT-2742GX4X5"),
        _tr181("LAB181WPA3", "GPT-2742GX4X5", ("WPA2-WPA3-Personal", "WPA3-Personal")),
        _tr098("LABOPEN", "RTF3505VW-N1", beacon5="Basic"),
        _tr098("LABOFFLINE", "RTF8115VW", cr="offline"),
        _tr098("LABCRAUTH", "RTF8115VW", cr="auth"),
        _tr098("LABSILENT", "RTF8115VW", cr="silent"),
        _tr098("LABFAULT", "GPT-2741GNAC-N2", fault_on=".5.PreSharedKey.1.KeyPassphrase"),
        _tr098("LAB24ONLY", "GPT-2731GN2A4P", five=False),
        _tr098("LABNO5G", "RTF3505VW-N1", five=False),
        _tr098("LABSLOW", "RTF3507VW", set_seconds=12.0),
        _tr098("LABSLOWREAD", "RTF3507VW", read_seconds=2.0),
        _tr098("LABNOREAD", "RTF8117VW", no_read=True),
    ]


def _get(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _fits(path: str, value: str) -> bool:
    """The data models' types: a passphrase is 8-63 characters, a PreSharedKey 64 hex digits."""
    if path.endswith(("KeyPassphrase", "SAEPassphrase")):
        return 8 <= len(value) <= 63
    if path.endswith("PreSharedKey"):
        return len(value) == 64 and all(c in "0123456789abcdefABCDEF" for c in value)
    return True


def _matches(doc: dict[str, Any], query: dict[str, Any]) -> bool:
    for path, wanted in query.items():
        found = _get(doc, path)
        if isinstance(found, dict) and "_value" in found:
            found = found["_value"]
        if found != wanted:
            return False
    return True


def _project(doc: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"_id": doc["_id"]}
    for path in paths:
        value = _get(doc, path)
        if value is None:
            continue
        node = out
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = copy.deepcopy(value)
    return out


def _cwmp_fault(code: str, message: str, parameter: str | None = None, parameter_code: str = "") -> dict[str, Any]:
    detail: dict[str, Any] = {"faultCode": code, "faultString": message}
    if parameter is not None:
        detail["setParameterValuesFault"] = [
            {"parameterName": parameter, "faultCode": parameter_code, "faultString": "Invalid parameter value"}
        ]
    return {"code": f"cwmp.{code}", "message": message, "detail": detail}


class Acs:
    """Devices, tasks and faults as GenieACS keeps them, and the CPEs' sessions."""

    def __init__(self, lock_wait: float = LOCK_WAIT, session_end_wait: float = SESSION_END_WAIT) -> None:
        self.devices = {d["_id"]: d for d in lab_devices()}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.faults: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, str] = {}  # device id -> lock token of the CWMP session holding it
        self.lock = threading.Lock()
        self.lock_wait = lock_wait
        self.session_end_wait = session_end_wait

    # -- the CPE side --------------------------------------------------------------------------
    def start_session(self, device_id: str, delay: float = 0.0, hold: float | None = None) -> None:
        threading.Thread(target=self._session, args=(device_id, delay, hold), daemon=True).start()

    def _session(self, device_id: str, delay: float, hold: float | None) -> None:
        time.sleep(delay)
        with self.lock:
            if device_id in self.sessions:  # one session at a time per device
                return
            device = self.devices[device_id]
            self.sessions[device_id] = f"cwmp_session_{secrets.token_hex(4)}"
            device["_lastInform"] = _now()
            due = sorted(
                (t for t in self.tasks.values()
                 if t["device"] == device_id and f"{device_id}:task_{t['_id']}" not in self.faults),
                key=lambda t: t["timestamp"],
            )
        flags = device["_lab"]
        for task in due:
            seconds = {"setParameterValues": flags.get("set_seconds"), "getParameterValues": flags.get("read_seconds")}
            time.sleep(seconds.get(task["name"]) or flags["session_seconds"])
            with self.lock:
                if task["_id"] not in self.tasks:  # deleted meanwhile
                    continue
                fault = self.run_task(device, task)
                if fault is None:
                    del self.tasks[task["_id"]]
                else:
                    fault_id = f"{device_id}:task_{task['_id']}"
                    retries = self.faults[fault_id]["retries"] + 1 if fault_id in self.faults else 0
                    self.faults[fault_id] = {
                        "_id": fault_id, "device": device_id, "channel": f"task_{task['_id']}",
                        "timestamp": _now(), "code": fault["code"], "message": fault["message"],
                        "detail": fault["detail"], "retries": retries, "provisions": "[]",
                    }
        time.sleep(hold if hold is not None else 0.05)  # the rest of the session (Inform, other RPCs)
        with self.lock:
            self.sessions.pop(device_id, None)

    def run_task(self, device: dict[str, Any], task: dict[str, Any]) -> dict[str, Any] | None:
        """Execute a task as the CPE would; returns a GenieACS fault or None."""
        flags = device["_lab"]
        if task["name"] == "setParameterValues":
            changes = []
            for path, value, *_ in task.get("parameterValues", []):
                leaf = _get(device, path)
                if flags.get("fault_on") and path.endswith(flags["fault_on"]):
                    return _cwmp_fault("9003", "Invalid arguments", path, "9007")
                if not isinstance(leaf, dict) or "_value" not in leaf:
                    return _cwmp_fault("9003", "Invalid arguments", path, "9005")
                if not leaf.get("_writable", True):
                    return _cwmp_fault("9003", "Invalid arguments", path, "9008")
                if not _fits(path, str(value)):
                    return _cwmp_fault("9003", "Invalid arguments", path, "9007")
                changes.append((leaf, value))
            for leaf, value in changes:  # all or nothing
                leaf["_value"], leaf["_timestamp"] = value, _now()
            return None
        if task["name"] == "getParameterValues":
            if flags.get("no_read"):
                return _cwmp_fault("9002", "Internal error")
            for path in task.get("parameterNames", []):
                leaf = _get(device, path)
                if not isinstance(leaf, dict) or "_value" not in leaf:
                    return _cwmp_fault("9005", "Invalid parameter name")
                if path.endswith(("KeyPassphrase", "SAEPassphrase", "PreSharedKey")) and flags.get("hidden_keys"):
                    leaf["_value"] = ""  # TR-098: a passphrase reads back as an empty string
                leaf["_timestamp"] = _now()
            return None
        if task["name"] == "refreshObject":
            return None
        return _cwmp_fault("9000", f"Method not supported: {task['name']}")

    def connection_request(self, device_id: str) -> str:
        """lib/connection-request.ts: "" when the CPE accepted it, else the error text."""
        how = self.devices[device_id]["_lab"]["cr"]
        if how == "offline":
            return "Device is offline"
        if how == "auth":
            return "Connection request error: Incorrect connection request credentials"
        if how == "ok":
            self.start_session(device_id, self.devices[device_id]["_lab"]["inform_delay"])
        return ""  # "silent": accepted, but the CPE never calls back

    # -- the NBI waits -------------------------------------------------------------------------
    def acquire(self, device_id: str, wait: float) -> bool:
        deadline = time.monotonic() + wait
        while True:
            with self.lock:
                if device_id not in self.sessions:
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def await_session_start(self, device_id: str, last_inform: str, timeout: float) -> bool:
        while True:
            with self.lock:
                if self.devices[device_id]["_lastInform"] > last_inform or device_id in self.sessions:
                    return True
            if timeout < POLL:
                return False
            time.sleep(POLL)
            timeout -= POLL

    def await_session_end(self, device_id: str, timeout: float) -> bool:
        while True:
            with self.lock:
                if device_id not in self.sessions:
                    return True
            if timeout < POLL:
                return False
            time.sleep(POLL)
            timeout -= POLL


_TASK_NAMES = ("setParameterValues", "getParameterValues", "refreshObject")


class NbiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    acs: Acs

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle and delayed ACKs
        # add 40 ms to every loopback request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt: str, *args: object) -> None:
        sys.stderr.write(f"{self.command} {urlsplit(self.path).path}\n")

    def _reply(self, status: int, body: Any = None, reason: str | None = None) -> None:
        """JSON for documents, plain text for GenieACS's one-line answers ("No such device")."""
        if isinstance(body, str):
            data, kind = body.encode(), "text/plain"
        else:
            data, kind = (b"" if body is None else json.dumps(body).encode()), "application/json"
        try:
            self.send_response(status, reason)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.close_connection = True

    def _query(self) -> tuple[list[str], dict[str, list[str]]]:
        parts = urlsplit(self.path)
        segments = [unquote(s) for s in parts.path.strip("/").split("/")]
        return segments, parse_qs(parts.query, keep_blank_values=True)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:
        segments, params = self._query()
        try:
            query = json.loads(params.get("query", ["{}"])[0] or "{}")
        except ValueError as exc:
            self._reply(400, f"SyntaxError: {exc}")
            return
        if not isinstance(query, dict):
            self._reply(400, "SyntaxError: query must be an object")
            return
        with self.acs.lock:
            if segments == ["devices"]:
                projection = [p.strip() for p in ",".join(params.get("projection", [])).split(",") if p.strip()]
                docs = [d for d in self.acs.devices.values() if _matches(d, query)]
                body = [_project(d, projection) if projection else {k: v for k, v in d.items() if k != "_lab"}
                        for d in docs]
            elif segments == ["tasks"]:
                body = [t for t in self.acs.tasks.values() if _matches(t, query)]
            elif segments == ["faults"]:
                body = [f for f in self.acs.faults.values() if _matches(f, query)]
            else:
                self._reply(404, "404 Not Found")
                return
        self._reply(200, copy.deepcopy(body))

    def do_DELETE(self) -> None:
        segments, _ = self._query()
        with self.acs.lock:
            if len(segments) == 2 and segments[0] == "tasks":
                task = self.acs.tasks.get(segments[1])
                if task is None:
                    self._reply(404, "Task not found")
                elif task["device"] in self.acs.sessions:
                    self._reply(503, "Device is in session")
                else:
                    del self.acs.tasks[segments[1]]
                    self.acs.faults.pop(f"{task['device']}:task_{segments[1]}", None)
                    self._reply(200)
            elif len(segments) == 2 and segments[0] == "faults":
                device_id, _, channel = segments[1].partition(":")
                if device_id in self.acs.sessions:
                    self._reply(503, "Device is in session")
                    return
                self.acs.faults.pop(segments[1], None)
                if channel.startswith("task_"):
                    self.acs.tasks.pop(channel[5:], None)
                self._reply(200)
            else:
                self._reply(404, "404 Not Found")

    def do_POST(self) -> None:
        segments, params = self._query()
        raw = self._body()
        if len(segments) == 3 and segments[0] == "__lab":
            self._lab(segments[1], segments[2], raw)
        elif len(segments) == 3 and segments[0] == "tasks" and segments[2] == "retry":
            self._retry(segments[1])
        elif len(segments) == 3 and segments[0] == "devices" and segments[2] == "tasks":
            self._task(segments[1], params, raw)
        else:
            self._reply(404, "404 Not Found")

    def _retry(self, task_id: str) -> None:
        with self.acs.lock:
            task = self.acs.tasks.get(task_id)
            if task is None:
                self._reply(404, "Task not found")
            elif task["device"] in self.acs.sessions:
                self._reply(503, "Device is in session")
            else:
                self.acs.faults.pop(f"{task['device']}:task_{task_id}", None)
                self._reply(200)

    def _task(self, device_id: str, params: dict[str, list[str]], raw: bytes) -> None:
        acs = self.acs
        try:
            task = json.loads(raw) if raw else None
        except ValueError as exc:
            self._reply(400, f"SyntaxError: {exc}")
            return
        if not isinstance(task, dict) or task.get("name") not in _TASK_NAMES:
            self._reply(500, "Error: Invalid task name")  # insertTasks throws; the server answers 500
            return
        with acs.lock:
            device = acs.devices.get(device_id)
        if device is None:
            self._reply(404, "No such device")
            return
        task = {**task, "device": device_id, "_id": secrets.token_hex(12), "timestamp": _now()}
        if "connection_request" not in params:
            with acs.lock:
                acs.tasks[task["_id"]] = task
            self._reply(202, task)
            return
        if not acs.acquire(device_id, acs.lock_wait):
            with acs.lock:
                acs.tasks[task["_id"]] = task
            self._reply(202, task, QUEUED)
            return
        with acs.lock:
            acs.tasks[task["_id"]] = task
            last_inform = device["_lastInform"]
        try:
            threshold = int(params["timeout"][0]) if "timeout" in params else DEVICE_ONLINE_THRESHOLD_MS
        except ValueError:  # not a number: the lab does not wait at all
            threshold = 0
        status = acs.connection_request(device_id)
        if not status:
            if not acs.await_session_start(device_id, last_inform, threshold / 1000) or not acs.await_session_end(device_id, acs.session_end_wait):
                status = QUEUED
            else:
                with acs.lock:
                    if f"{device_id}:task_{task['_id']}" in acs.faults:
                        status = "Task faulted"
        if status:
            self._reply(202, task, status)
        else:
            self._reply(200, task)

    def _lab(self, what: str, device_id: str, raw: bytes) -> None:
        with self.acs.lock:
            device = self.acs.devices.get(device_id)
        if device is None:
            self._reply(404, "No such device")
        elif what == "inform":
            self.acs.start_session(device_id, hold=json.loads(raw or b"{}").get("hold_seconds"))
            self._reply(200)
        elif what == "device":
            device["_lab"].update(json.loads(raw or b"{}"))
            self._reply(200)
        else:
            self._reply(404, "404 Not Found")


def serve(host: str, port: int, lock_wait: float = LOCK_WAIT, session_end_wait: float = SESSION_END_WAIT) -> None:
    handler = type("LabNbiHandler", (NbiHandler,), {"acs": Acs(lock_wait, session_end_wait)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.serve_forever()


def start(ctx: LabContext) -> ServiceInfo:
    port = ctx.port(DEFAULT_PORT)
    pid = ctx.spawn("acs-nbi", [ctx.python(), "-m", "netops.lab.acs_nbi", "--host", ctx.host, "--port", str(port)])
    wait_until(lambda: tcp_open(ctx.host, port), 10, "ACS NBI", pid)
    url = f"http://{ctx.host}:{port}"
    return ServiceInfo(
        name=NAME, pids=[pid], endpoints={"nbi": url},
        usage=[f"NETOPS_ACS_URL={url} netops wifi reset LAB098OK --via acs"],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="GenieACS NBI stand-in (lab).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--lock-wait", type=float, default=LOCK_WAIT,
                        help="seconds a task waits for a session in progress (GenieACS: 30)")
    parser.add_argument("--session-end-wait", type=float, default=SESSION_END_WAIT,
                        help="seconds a task waits for its session to end (GenieACS: 120)")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.lock_wait, args.session_end_wait)


if __name__ == "__main__":
    main()
