"""Change the Wi-Fi key through the ISP's TR-069 ACS (GenieACS NBI at NETOPS_ACS_URL).

The device is found by serial number; the band's instance is discovered from the data model
(TR-098 WLANConfiguration by channel, TR-181 AccessPoint -> SSID -> Radio by frequency band),
never assumed. A task answered 200 ran in the session the connection request opened; 202 means
queued (device offline or the task faulted: the fault list says which). Read-back is a
getParameterValues task, then the stored value; an empty passphrase means "cannot verify".
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from netops.cpe.outcome import BandOutcome, ResetOutcome
from netops.errors import (
    ConfigError,
    DeviceError,
    DeviceTimeout,
    InputError,
    NotFound,
    ProtocolError,
)

if TYPE_CHECKING:
    from netops.cpe.reset import ResetRequest
    from netops.transport.http import HttpResponse, HttpSession

log = logging.getLogger("netops.cpe")

TR098_WLAN = "InternetGatewayDevice.LANDevice.1.WLANConfiguration"
TR181_WIFI = "Device.WiFi"
TASK_TIMEOUT_MS = 3000


@dataclass
class BandPaths:
    band: str
    key: str
    ssid: str
    old_key: str
    old_ssid: str
    psk: str = ""  # where a 64-hex-digit PSK goes: KeyPassphrase holds 8-63 characters only


def _value(node: Any) -> Any:
    return node.get("_value") if isinstance(node, dict) else None


def _instances(node: Any) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(node, dict):
        return []
    found = [(k, v) for k, v in node.items() if k.isdigit() and isinstance(v, dict)]
    return sorted(found, key=lambda item: int(item[0]))


def band_of_channels(channel: Any, possible: Any) -> str | None:
    """2.4 or 5 from a channel number or a PossibleChannels list ("1-13", "36,40,...")."""
    numbers = [int(n) for n in re.findall(r"\d+", str(possible or ""))]
    top = max(numbers) if numbers else None
    if top is None and str(channel or "").isdigit() and int(channel) > 0:
        top = int(channel)
    if top is None:
        return None
    if top <= 14:
        return "2.4"
    if 32 <= top <= 177:
        return "5"
    return None


def band_of_text(text: Any) -> str | None:
    cleaned = str(text or "").replace(" ", "").replace(",", ".").upper()
    if cleaned.startswith("2.4"):
        return "2.4"
    if cleaned.startswith("5"):
        return "5"
    return None


def band_of_standard(text: Any) -> str | None:
    """802.11 letters: only a/ac (no b/g) is 5 GHz; b or g is 2.4 GHz; n alone says nothing."""
    letters = set(re.findall(r"ax|ac|a|b|g|n", str(text or "").lower()))
    if letters & {"b", "g"}:
        return "2.4"
    if letters & {"a", "ac"}:
        return "5"
    return None


def _wlan_band(wlan: dict[str, Any]) -> str | None:
    band = band_of_channels(_value(wlan.get("Channel")), _value(wlan.get("PossibleChannels")))
    for name, node in wlan.items():
        if band is None and name.endswith("OperatingFrequencyBand"):
            band = band_of_text(_value(node))
    return band or band_of_standard(_value(wlan.get("Standard")))


def discover(doc: dict[str, Any]) -> dict[str, BandPaths]:
    """The first (primary) access point of each band, TR-098 or TR-181."""
    bands: dict[str, BandPaths] = {}
    wlans = doc.get("InternetGatewayDevice", {}).get("LANDevice", {}).get("1", {}).get("WLANConfiguration")
    for index, wlan in _instances(wlans):
        band = _wlan_band(wlan)
        if band is None or band in bands:
            continue
        base = f"{TR098_WLAN}.{index}"
        psk = wlan.get("PreSharedKey", {}).get("1", {})
        key_path, old_key = f"{base}.PreSharedKey.1.KeyPassphrase", psk.get("KeyPassphrase")
        if old_key is None and "KeyPassphrase" in wlan:  # some vendors (ZTE) keep it one level up
            key_path, old_key = f"{base}.KeyPassphrase", wlan["KeyPassphrase"]
        bands[band] = BandPaths(
            band, key_path, f"{base}.SSID", str(_value(old_key) or ""), str(_value(wlan.get("SSID")) or ""),
            f"{base}.PreSharedKey.1.PreSharedKey",
        )
    wifi = doc.get("Device", {}).get("WiFi", {})
    radios = {f"Device.WiFi.Radio.{i}": band_of_text(_value(r.get("OperatingFrequencyBand")))
              or band_of_channels(_value(r.get("Channel")), _value(r.get("PossibleChannels")))
              for i, r in _instances(wifi.get("Radio"))}
    ssids = {f"Device.WiFi.SSID.{i}": (i, s) for i, s in _instances(wifi.get("SSID"))}
    for index, ap in _instances(wifi.get("AccessPoint")):
        # references as the standard links them; without them, the same instance number
        ref = str(_value(ap.get("SSIDReference")) or f"Device.WiFi.SSID.{index}").rstrip(".")
        if ref not in ssids:
            continue
        ssid_index, ssid = ssids[ref]
        lower = str(_value(ssid.get("LowerLayers")) or f"Device.WiFi.Radio.{ssid_index}")
        band = radios.get(lower.split(",")[0].strip().rstrip("."))
        if band is None or band in bands:
            continue
        bands[band] = BandPaths(
            band, f"Device.WiFi.AccessPoint.{index}.Security.KeyPassphrase", f"Device.WiFi.SSID.{ssid_index}.SSID",
            str(_value(ap.get("Security", {}).get("KeyPassphrase")) or ""), str(_value(ssid.get("SSID")) or ""),
            f"Device.WiFi.AccessPoint.{index}.Security.PreSharedKey",
        )
    return bands


class Nbi:
    """The few GenieACS NBI calls we need."""

    def __init__(self, http: HttpSession) -> None:
        self.http = http

    def _ok(self, response: HttpResponse, what: str) -> Any:
        if response.status >= 400:
            raise ProtocolError(f"the ACS answered HTTP {response.status} to {what}")
        return response.json_body

    def devices(self, query: dict[str, Any], projection: list[str]) -> list[dict[str, Any]]:
        params = {"query": json.dumps(query)}
        if projection:
            params["projection"] = ",".join(projection)
        body = self._ok(self.http.request("GET", "/devices/", params=params), "a device query")
        if not isinstance(body, list):
            raise ProtocolError("the ACS device query did not return a list")
        return body

    def task(self, device_id: str, task: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        # The id already holds percent-encoded parts; it must be encoded again in the path.
        # `connection_request` is a bare flag, written as the GenieACS documentation writes it.
        path = f"/devices/{quote(device_id, safe='')}/tasks?connection_request&timeout={TASK_TIMEOUT_MS}"
        response = self.http.request("POST", path, json=task)
        if response.status == 404:
            raise NotFound(f"the ACS does not know device {device_id}")
        if response.status not in (200, 202):
            raise ProtocolError(f"the ACS answered HTTP {response.status} to a {task['name']} task")
        return response.status, response.json_body if isinstance(response.json_body, dict) else {}

    def fault_for(self, device_id: str, task_id: str) -> dict[str, Any] | None:
        params = {"query": json.dumps({"_id": f"{device_id}:task_{task_id}"})}
        body = self._ok(self.http.request("GET", "/faults/", params=params), "a fault query")
        return body[0] if isinstance(body, list) and body else None

    def delete_task(self, task_id: str) -> bool:
        """Drop a faulted task (and its fault), so the ACS does not retry it later unseen."""
        try:
            return self.http.request("DELETE", f"/tasks/{quote(task_id, safe='')}").status == 200
        except DeviceError:
            return False


def acs_url() -> str:
    url = os.environ.get("NETOPS_ACS_URL", "").strip()
    if not url:
        raise ConfigError("NETOPS_ACS_URL is not set", hint="export NETOPS_ACS_URL=http://acs.example:7557")
    if not url.startswith(("http://", "https://")):
        scheme = url.split("://", 1)[0] + "://" if "://" in url else "no scheme"  # the rest may hold a password
        raise ConfigError(f"NETOPS_ACS_URL must start with http:// or https:// (got {scheme})")
    return url


def reset_via_acs(
    request: ResetRequest, outcome: ResetOutcome, note: Callable[[str], None],
    before_send: Callable[[], None] = lambda: None,
) -> None:
    from netops.transport.http import HttpSession

    serial = request.host.strip()
    if not serial or any(ch in serial for ch in "\"\\"):
        raise InputError(f"not a serial number: {serial!r}")
    timeout = max(request.timeout, TASK_TIMEOUT_MS / 1000 + 5)
    with HttpSession(acs_url(), timeout=timeout, what="ACS", verify=True) as http:
        nbi = Nbi(http)
        found = nbi.devices({"_deviceId._SerialNumber": serial}, ["_id"])
        if not found:
            raise NotFound(f"the ACS has no device with serial number {serial}", hint="check the serial on the label")
        if len(found) > 1:
            raise InputError(f"{len(found)} ACS devices have serial number {serial}")
        device_id = str(found[0]["_id"])
        outcome.extra["acs_device"] = device_id
        note(f"ACS device {device_id}")
        bands = _discover(nbi, device_id, note)
        before_send()
        outcome.bands = []
        for band in request.bands:
            result = BandOutcome(band=band)
            outcome.bands.append(result)
            paths = bands.get(band)
            if paths is None:
                result.status = "failed" if request.explicit_band else "absent"
                result.detail, result.error = f"no {band} GHz access point in the device's data model", "radio_absent"
                continue
            result.ssid = paths.old_ssid
            try:
                _set_band(nbi, device_id, paths, request.key, request.ssid, result, note)
            except DeviceError as exc:
                result.status, result.detail, result.error = "failed", exc.message, exc.code


def _discover(nbi: Nbi, device_id: str, note: Callable[[str], None]) -> dict[str, BandPaths]:
    projection = [TR098_WLAN, TR181_WIFI]
    docs = nbi.devices({"_id": device_id}, projection)
    bands = discover(docs[0]) if docs else {}
    if bands:
        return bands
    note("Wi-Fi objects not in the ACS yet; asking the device")
    root = TR181_WIFI if docs and "Device" in docs[0] else TR098_WLAN
    status, _ = nbi.task(device_id, {"name": "refreshObject", "objectName": root})
    if status == 202:
        raise DeviceError(
            f"device {device_id} did not answer the ACS connection request",
            hint="the CPE may be offline; try again when it is online",
        )
    docs = nbi.devices({"_id": device_id}, projection)
    return discover(docs[0]) if docs else {}


def _set_band(
    nbi: Nbi, device_id: str, paths: BandPaths, key: str, ssid: str | None, result: BandOutcome,
    note: Callable[[str], None],
) -> None:
    from netops.transport.http import ConnectionDropped

    hex_psk = bool(paths.psk) and re.fullmatch(r"[0-9A-Fa-f]{64}", key) is not None
    key_path, old_key = (paths.psk, "") if hex_psk else (paths.key, paths.old_key)
    values = [[key_path, key, "xsd:string"]]
    if ssid is not None:
        values.append([paths.ssid, ssid, "xsd:string"])
    note(f"{paths.band} GHz: setParameterValues {key_path}")
    try:
        status, task = nbi.task(device_id, {"name": "setParameterValues", "parameterValues": values})
    except (DeviceTimeout, ConnectionDropped) as exc:
        # the ACS stores the task before it opens the CPE session: it may run, or already has
        result.status, result.error = "pending", exc.code
        result.detail = f"the ACS did not confirm the task ({exc.message}); it may still be applied"
        return
    task_id = str(task.get("_id", ""))
    if status == 202:
        fault = nbi.fault_for(device_id, task_id) if task_id else None
        if fault:
            removed = nbi.delete_task(task_id)
            result.status, result.verified, result.error = "failed", False, str(fault.get("code", "fault"))
            result.detail = f"the device refused the change: {fault.get('code')} {fault.get('message', '')}".strip()
            if removed:
                result.detail += " (task removed from the ACS)"
            return
        result.status, result.error = "pending", "queued"
        result.detail = f"task {task_id} queued: the device will apply it at its next ACS session"
        return
    names = [key_path] + ([paths.ssid] if ssid is not None else [])
    try:
        status, _ = nbi.task(device_id, {"name": "getParameterValues", "parameterNames": names})
        docs = nbi.devices({"_id": device_id}, names) if status == 200 else []
    except DeviceError as exc:  # the set itself was confirmed: a failed read-back proves nothing
        status, docs = 0, []
        log.debug("read-back failed: %s", exc.code)
    if status != 200:  # the stored values are only what the ACS itself wrote, not a read-back
        result.status, result.verified = "unverified", None
        result.detail = "accepted by the device (HTTP 200); the read-back task did not run"
        return
    doc = docs[0] if docs else {}
    read_key = str(_value(_path(doc, key_path)) or "")
    read_ssid = _value(_path(doc, paths.ssid))
    if read_ssid is not None:
        result.ssid = str(read_ssid)
    if ssid is not None and read_ssid is not None and read_ssid != ssid:
        result.status, result.verified, result.error = "failed", False, "ssid_not_changed"
        result.detail = "the key was accepted but the SSID did not change"
    elif read_key == key:
        result.status, result.verified, result.detail = "changed", True, "read back through the ACS: new key"
    elif read_key == "":
        result.status, result.verified = "unverified", None
        result.detail = "accepted by the device (HTTP 200); the key reads back empty, as TR-098 allows"
    elif old_key and read_key == old_key:
        result.status, result.verified, result.error = "failed", False, "old_key"
        result.detail = "the device still reports the old key"
    else:
        result.status, result.verified, result.error = "failed", False, "other_key"
        result.detail = "the device reports a key that is neither the old nor the new one"


def _path(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node
