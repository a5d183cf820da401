"""A GenieACS NBI stand-in: the calls `wifi reset --via acs` uses, as GenieACS documents them.

GenieACS needs MongoDB, which the lab cannot run, so this server keeps device documents in
memory in GenieACS's own shape (`{"_value", "_type", "_writable", "_timestamp"}` leaves,
`_deviceId`, ids with percent-encoded parts) and answers:

- GET  /devices/?query=<json>&projection=<paths>   (equality queries on dotted paths)
- POST /devices/<id>/tasks[?connection_request][&timeout=ms]  setParameterValues,
  getParameterValues, refreshObject: 200 when executed in the session the connection request
  opened, 202 when queued (device offline, or the task faulted: the fault is recorded)
- GET  /tasks/?query=...   DELETE /tasks/<id>   GET /faults/?query=...

Lab devices (serial numbers): LAB098OK (TR-098, reads keys back), LAB098EMPTY (TR-098, a
KeyPassphrase reads back empty as the standard says), LAB181OK (TR-181, radio 1 is 5 GHz),
LABOFFLINE (queues every task), LABFAULT (refuses the 5 GHz passphrase with fault 9007),
LAB24ONLY (TR-098, one 2.4 GHz radio), LABVENDOR (TR-098 without channels: band from a
vendor OperatingFrequencyBand, passphrase directly under WLANConfiguration as ZTE does),
LABSLOW (TR-098 whose CWMP session for a setParameterValues lasts 10 s: the NBI answers late,
as GenieACS does while it waits for the session to end), LABSLOWREAD (the same for a
getParameterValues), LABNOREAD (TR-098 that faults every
getParameterValues with 9002: the key is set but cannot be read back).

Run: python -m netops.lab.acs_nbi --port 17557
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
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from netops.lab.state import LabContext, ServiceInfo, tcp_open, wait_until

NAME = "acs"
DEFAULT_PORT = 17557


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _leaf(value: Any, kind: str = "xsd:string", writable: bool = True) -> dict[str, Any]:
    return {"_value": value, "_type": kind, "_writable": writable, "_timestamp": _now()}


def _wlan98(ssid: str, key: str, channel: int, possible: str) -> dict[str, Any]:
    return {
        "_object": True,
        "Enable": _leaf(True, "xsd:boolean"),
        "SSID": _leaf(ssid),
        "Channel": _leaf(channel, "xsd:unsignedInt"),
        "PossibleChannels": _leaf(possible, writable=False),
        "BeaconType": _leaf("11i"),
        "PreSharedKey": {"1": {"_object": True, "KeyPassphrase": _leaf(key), "PreSharedKey": _leaf("")}},
    }


def _device(oui: str, product: str, serial: str, root: dict[str, Any], **flags: Any) -> dict[str, Any]:
    encoded = product.replace("-", "%2D")
    return {
        "_id": f"{oui}-{encoded}-{serial}",
        "_deviceId": {"_Manufacturer": "Lab", "_OUI": oui, "_ProductClass": product, "_SerialNumber": serial},
        "_lastInform": _now(),
        **root,
        "_lab": flags,
    }


def lab_devices() -> list[dict[str, Any]]:
    def tr098(serial: str, product: str, five: bool = True, **flags: Any) -> dict[str, Any]:
        wlans = {"1": _wlan98("NETCENTER-2G", "OldKey2g2024", 6, "1-13")}
        wlans["2"] = _wlan98("NETCENTER-GUEST", "GuestKey2024", 6, "1-13")
        if five:
            wlans["5"] = _wlan98("NETCENTER-5G", "OldKey5g2024", 36, "36,40,44,48,149,153,157,161")
        root = {"InternetGatewayDevice": {"_object": True, "DeviceInfo": {"SoftwareVersion": _leaf("lab")},
                                          "LANDevice": {"1": {"WLANConfiguration": wlans}}}}
        return _device("00259E", product, serial, root, **flags)

    wifi181 = {
        "Radio": {
            "1": {"OperatingFrequencyBand": _leaf("5GHz"), "Channel": _leaf(44, "xsd:unsignedInt")},
            "2": {"OperatingFrequencyBand": _leaf("2.4GHz"), "Channel": _leaf(11, "xsd:unsignedInt")},
        },
        "SSID": {
            "1": {"SSID": _leaf("NETCENTER-5G"), "LowerLayers": _leaf("Device.WiFi.Radio.1")},
            "2": {"SSID": _leaf("NETCENTER-2G"), "LowerLayers": _leaf("Device.WiFi.Radio.2")},
        },
        "AccessPoint": {
            "1": {"SSIDReference": _leaf("Device.WiFi.SSID.1"),
                  "Security": {"KeyPassphrase": _leaf("OldKey5g2024"), "PreSharedKey": _leaf(""),
                               "ModeEnabled": _leaf("WPA2-Personal")}},
            "2": {"SSIDReference": _leaf("Device.WiFi.SSID.2"),
                  "Security": {"KeyPassphrase": _leaf("OldKey2g2024"), "PreSharedKey": _leaf(""),
                               "ModeEnabled": _leaf("WPA2-Personal")}},
        },
    }
    tr181 = _device("E4C0E2", "GPT-2742GX4X5", "LAB181OK",
                    {"Device": {"_object": True, "DeviceInfo": {"SoftwareVersion": _leaf("lab")}, "WiFi": wifi181}})
    vendor = tr098("LABVENDOR", "RTF8225VW")
    for wlan in vendor["InternetGatewayDevice"]["LANDevice"]["1"]["WLANConfiguration"].values():
        five = wlan["Channel"]["_value"] > 14
        del wlan["Channel"], wlan["PossibleChannels"]
        wlan["X_LAB_OperatingFrequencyBand"] = _leaf("5GHz" if five else "2.4GHz", writable=False)
        wlan["Standard"] = _leaf("ac" if five else "b,g,n", writable=False)
        wlan["KeyPassphrase"] = wlan.pop("PreSharedKey")["1"]["KeyPassphrase"]
    return [
        vendor,
        tr098("LAB098OK", "RTF3505VW-N2"),
        tr098("LAB098EMPTY", "GPT-2541GNAC-N1", hidden_keys=True),
        tr181,
        tr098("LABOFFLINE", "RTF8115VW", offline=True),
        tr098("LABFAULT", "GPT-2741GNAC-N2", fault_on=".5.PreSharedKey.1.KeyPassphrase"),
        tr098("LAB24ONLY", "GPT-2731GN2A4P", five=False),
        tr098("LABSLOW", "RTF3507VW", slow=10.0),
        tr098("LABSLOWREAD", "RTF3507VW", slow_read=10.0),
        tr098("LABNOREAD", "RTF8117VW", no_read=True),
    ]


def _get(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _fits(path: str, value: str) -> bool:
    """The data models' types: a KeyPassphrase is 8-63 characters, a PreSharedKey 64 hex digits."""
    if path.endswith("KeyPassphrase"):
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


class Acs:
    def __init__(self) -> None:
        self.devices = {d["_id"]: d for d in lab_devices()}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.faults: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def run_task(self, device: dict[str, Any], task: dict[str, Any]) -> dict[str, Any] | None:
        """Execute a task as the CPE session would; returns a fault or None."""
        flags = device["_lab"]
        if task["name"] == "setParameterValues":
            for path, value, *_ in task.get("parameterValues", []):
                leaf = _get(device, path)
                if flags.get("fault_on") and path.endswith(flags["fault_on"]):
                    return {"code": "cwmp.9007", "message": "Invalid parameter value"}
                if not isinstance(leaf, dict) or "_value" not in leaf:
                    return {"code": "cwmp.9005", "message": "Invalid parameter name"}
                if not leaf.get("_writable", True):
                    return {"code": "cwmp.9008", "message": "Attempt to set a non-writable parameter"}
                if not _fits(path, str(value)):
                    return {"code": "cwmp.9007", "message": "Invalid parameter value"}
                leaf["_value"], leaf["_timestamp"] = value, _now()
            return None
        if task["name"] == "getParameterValues":
            if flags.get("no_read"):
                return {"code": "cwmp.9002", "message": "Internal error"}
            for path in task.get("parameterNames", []):
                leaf = _get(device, path)
                if not isinstance(leaf, dict) or "_value" not in leaf:
                    return {"code": "cwmp.9005", "message": "Invalid parameter name"}
                if path.endswith(("KeyPassphrase", "PreSharedKey")) and flags.get("hidden_keys"):
                    leaf["_value"] = ""  # TR-098: a passphrase reads back as an empty string
                leaf["_timestamp"] = _now()
            return None
        if task["name"] == "refreshObject":
            return None
        return {"code": "cwmp.9000", "message": f"unsupported task {task['name']}"}


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

    def _reply(self, status: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.close_connection = True

    def _query(self) -> tuple[list[str], dict[str, list[str]]]:
        parts = urlsplit(self.path)
        segments = [unquote(s) for s in parts.path.strip("/").split("/")]
        return segments, parse_qs(parts.query, keep_blank_values=True)

    def _json_query(self, params: dict[str, list[str]]) -> dict[str, Any] | None:
        try:
            query = json.loads(params.get("query", ["{}"])[0] or "{}")
        except ValueError:
            self._reply(400, {"error": "query is not JSON"})
            return None
        if not isinstance(query, dict):
            self._reply(400, {"error": "query must be an object"})
            return None
        return query

    def do_GET(self) -> None:  # noqa: N802
        segments, params = self._query()
        with self.acs.lock:
            query = self._json_query(params)
            if query is None:
                return
            if segments == ["devices"]:
                projection = [p for p in ",".join(params.get("projection", [])).split(",") if p]
                docs = [d for d in self.acs.devices.values() if _matches(d, query)]
                out = [
                    _project(d, projection) if projection else {k: v for k, v in d.items() if k != "_lab"}
                    for d in docs
                ]
                self._reply(200, out)
            elif segments == ["tasks"]:
                self._reply(200, [t for t in self.acs.tasks.values() if _matches(t, query)])
            elif segments == ["faults"]:
                self._reply(200, [f for f in self.acs.faults.values() if _matches(f, query)])
            else:
                self._reply(404, {"error": "not found"})

    def do_DELETE(self) -> None:  # noqa: N802
        segments, _ = self._query()
        with self.acs.lock:
            if len(segments) == 2 and segments[0] == "tasks" and segments[1] in self.acs.tasks:
                task = self.acs.tasks.pop(segments[1])
                self.acs.faults.pop(f"{task['device']}:task_{segments[1]}", None)  # as GenieACS does
                self._reply(200)
            else:
                self._reply(404, {"error": "no such task"})

    def do_POST(self) -> None:  # noqa: N802
        segments, params = self._query()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        flags = self.acs.devices.get(segments[1], {}).get("_lab", {}) if len(segments) == 3 else {}
        # the CWMP session is still running: GenieACS waits for its end before it answers
        if flags.get("slow") and b"setParameterValues" in raw:
            time.sleep(flags["slow"])
        if flags.get("slow_read") and b"getParameterValues" in raw:
            time.sleep(flags["slow_read"])
        with self.acs.lock:
            if len(segments) != 3 or segments[0] != "devices" or segments[2] != "tasks":
                self._reply(404, {"error": "not found"})
                return
            device = self.acs.devices.get(segments[1])
            if device is None:
                self._reply(404, {"error": "No such device"})
                return
            try:
                task = json.loads(raw or b"{}")
            except ValueError:
                self._reply(400, {"error": "body is not JSON"})
                return
            if not isinstance(task, dict) or task.get("name") not in (
                "setParameterValues", "getParameterValues", "refreshObject"
            ):
                self._reply(400, {"error": "invalid task"})
                return
            task = {**task, "_id": secrets.token_hex(12), "device": device["_id"], "timestamp": _now()}
            online = not device["_lab"].get("offline")
            if "connection_request" not in params or not online:
                self.acs.tasks[task["_id"]] = task
                self._reply(202, task)
                return
            fault = self.acs.run_task(device, task)
            if fault is not None:
                self.acs.tasks[task["_id"]] = {**task, "fault": fault}
                fault_id = f"{device['_id']}:task_{task['_id']}"
                self.acs.faults[fault_id] = {
                    "_id": fault_id, "device": device["_id"], "channel": f"task_{task['_id']}",
                    "code": fault["code"], "message": fault["message"], "detail": fault,
                    "retries": 0, "timestamp": _now(),
                }
                self._reply(202, task)
                return
            self._reply(200, task)


def serve(host: str, port: int) -> None:
    handler = type("LabNbiHandler", (NbiHandler,), {"acs": Acs()})
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
        usage=[f"NETOPS_ACS_URL={url} netops wifi reset LAB098OK --via acs --model RTF3505VW"],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="GenieACS NBI stand-in (lab).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    serve(args.host, args.port)


if __name__ == "__main__":
    main()
