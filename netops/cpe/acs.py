"""Change the Wi-Fi key through the ISP's TR-069 ACS (GenieACS NBI at NETOPS_ACS_URL).

Worked as GenieACS's own NBI works (lib/nbi.ts in genieacs/genieacs, commit 3cbae19497cb):
a task POSTed with `connection_request&timeout=T` first waits up to 30 s for a CWMP session
already in progress, then T ms for the session the connection request opens to *start*, then
holds the answer until that session *ends* (up to 120 s): the HTTP wait covers all of it.
200 means the task ran in that session. 202 means it did not, and the reason phrase says why:
"Task faulted" (the fault document has the CWMP fault), "Task queued but not processed" (no
session in time: the device runs it at its next inform), or the connection request's error
("Device is offline", "Connection request error: ..."). Every band goes in one
setParameterValues (all or nothing on the CPE; a second task would wait behind the first's
session). The read-back is one getParameterValues, then the values the ACS stored from it.

The device is found by serial number; its model is the ACS's `_ProductClass`; each band's
instance is discovered from the data model (TR-098 WLANConfiguration by channel, TR-181
AccessPoint -> SSID -> Radio by frequency band), never assumed, and so is its security mode:
the key goes where that mode reads it (WPA3: SAEPassphrase), and a network without WPA is refused.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from netops.cpe.outcome import BandOutcome, BandState, ResetOutcome, read_back
from netops.cpe.profile import same_model
from netops.errors import (
    ConfigError,
    DeviceError,
    InputError,
    NotFound,
    ProtocolError,
)
from netops.i18n import L_
from netops.text import plain

if TYPE_CHECKING:
    from netops.cpe.profile import CpeProfile
    from netops.cpe.request import ResetRequest
    from netops.transport.http import HttpResponse, HttpSession

log = logging.getLogger("netops.cpe")

TR098_WLAN = "InternetGatewayDevice.LANDevice.1.WLANConfiguration"
TR181_WIFI = "Device.WiFi"
# how long GenieACS may hold a task's answer (lib/nbi.ts): the lock wait, the connection request
# (cwmp.connectionRequestTimeout is 2 s by default; some ISPs raise it), the session end
LOCK_WAIT = 30.0
CONNECTION_REQUEST = 10.0
SESSION_END_WAIT = 120.0
MARGIN = 10.0
QUEUED = "Task queued but not processed"
FAULTED = "Task faulted"
_HEX64 = re.compile(r"^[0-9A-Fa-f]{64}$")


@dataclass
class BandPaths:
    """Where one band's settings live in the data model, and what they hold now."""

    band: str
    key: str
    ssid: str
    old_key: str
    old_ssid: str
    psk: str = ""  # where a 64-hex-digit PSK goes: a passphrase holds 8-63 characters only
    sae: str = ""  # TR-181 Security.SAEPassphrase, when the data model has one
    mode: str = ""  # TR-098 BeaconType or TR-181 ModeEnabled, as the device reports it
    mode_name: str = ""  # which of the two it is


class KeyNotTaken(Exception):  # internal: becomes the band's failed state, never raised to a caller
    """This band cannot take the key as it is set up (open network, WPA3 without a parameter)."""


def _value(node: Any) -> Any:
    return node.get("_value") if isinstance(node, dict) else None


def _text(node: Any) -> str:
    value = _value(node)
    return "" if value is None else str(value)


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


@dataclass
class Discovery:
    bands: dict[str, BandPaths] = field(default_factory=dict)
    unclassified: int = 0  # Wi-Fi instances whose band the data model does not tell


def discover(doc: dict[str, Any]) -> Discovery:
    """The first (primary) access point of each band, TR-098 or TR-181."""
    found = Discovery()
    wlans = doc.get("InternetGatewayDevice", {}).get("LANDevice", {}).get("1", {}).get("WLANConfiguration")
    for index, wlan in _instances(wlans):
        band = _wlan_band(wlan)
        if band is None:
            found.unclassified += 1
            continue
        if band in found.bands:
            continue
        base = f"{TR098_WLAN}.{index}"
        psk = wlan.get("PreSharedKey", {}).get("1", {})
        key_path, old_key = f"{base}.PreSharedKey.1.KeyPassphrase", psk.get("KeyPassphrase")
        if old_key is None and "KeyPassphrase" in wlan:  # some vendors (ZTE) keep it one level up
            key_path, old_key = f"{base}.KeyPassphrase", wlan["KeyPassphrase"]
        found.bands[band] = BandPaths(
            band, key_path, f"{base}.SSID", _text(old_key), _text(wlan.get("SSID")),
            psk=f"{base}.PreSharedKey.1.PreSharedKey", mode=_text(wlan.get("BeaconType")), mode_name="BeaconType",
        )
    wifi = doc.get("Device", {}).get("WiFi", {})
    radios = {f"Device.WiFi.Radio.{i}": band_of_text(_value(r.get("OperatingFrequencyBand")))
              or band_of_channels(_value(r.get("Channel")), _value(r.get("PossibleChannels")))
              for i, r in _instances(wifi.get("Radio"))}
    ssids = {f"Device.WiFi.SSID.{i}": (i, s) for i, s in _instances(wifi.get("SSID"))}
    for index, ap in _instances(wifi.get("AccessPoint")):
        # references as the standard links them; without them, the same instance number
        ref = (_text(ap.get("SSIDReference")) or f"Device.WiFi.SSID.{index}").rstrip(".")
        if ref not in ssids:
            continue
        ssid_index, ssid = ssids[ref]
        lower = _text(ssid.get("LowerLayers")) or f"Device.WiFi.Radio.{ssid_index}"
        band = radios.get(lower.split(",")[0].strip().rstrip("."))
        if band is None:
            found.unclassified += 1
            continue
        if band in found.bands:
            continue
        security = ap.get("Security", {})
        base = f"Device.WiFi.AccessPoint.{index}.Security"
        found.bands[band] = BandPaths(
            band, f"{base}.KeyPassphrase", f"Device.WiFi.SSID.{ssid_index}.SSID",
            _text(security.get("KeyPassphrase")), _text(ssid.get("SSID")),
            psk=f"{base}.PreSharedKey", sae=f"{base}.SAEPassphrase" if "SAEPassphrase" in security else "",
            mode=_text(security.get("ModeEnabled")), mode_name="ModeEnabled",
        )
    return found


def key_parameters(paths: BandPaths, key: str) -> list[str]:
    """Where this band's security mode reads the key; KeyNotTaken when it cannot take one."""
    mode = paths.mode.strip()
    label = f"{paths.mode_name} {mode}"
    hex_psk = _HEX64.match(key) is not None
    if mode.lower() in ("none", "basic") or mode.upper().startswith("WEP"):
        raise KeyNotTaken(L_("the {band} GHz network has no WPA security ({label}): a key would not protect it; set WPA2 on it first", band=paths.band, label=label))
    if "WPA3" in mode.upper() or "SAE" in mode.upper():
        if hex_psk:
            raise KeyNotTaken(L_("the {band} GHz network uses WPA3 ({label}), which takes no 64-hex-digit PSK: use an 8-63 character key", band=paths.band, label=label))
        if not paths.sae:
            raise KeyNotTaken(L_("the {band} GHz network uses WPA3 ({label}) but the data model shows no SAEPassphrase to set", band=paths.band, label=label))
        if "WPA2" in mode.upper():  # transition mode: both parameters carry the same passphrase
            return [paths.key, paths.sae]
        return [paths.sae]
    if hex_psk and paths.psk:
        return [paths.psk]
    return [paths.key]


class Nbi:
    """The GenieACS NBI calls netops makes, with GenieACS's answers turned into ours."""

    def __init__(self, http: HttpSession, task_wait: float, session_start_ms: int) -> None:
        self.http = http
        self.task_wait = task_wait
        self.session_start_ms = session_start_ms

    def _ok(self, response: HttpResponse, what: str) -> Any:
        if response.status >= 400:
            raise ProtocolError(L_("the ACS answered HTTP {status} to {what}", status=response.status, what=what))
        return response.json_body

    def devices(self, query: dict[str, Any], projection: list[str]) -> list[dict[str, Any]]:
        params = {"query": json.dumps(query)}
        if projection:
            params["projection"] = ",".join(projection)
        body = self._ok(self.http.request("GET", "/devices/", params=params), L_("a device query"))
        if not isinstance(body, list):
            raise ProtocolError(L_("the ACS device query did not return a list"))
        return body

    def device(self, device_id: str, projection: list[str]) -> dict[str, Any]:
        docs = self.devices({"_id": device_id}, projection)
        return docs[0] if docs else {}

    def tasks(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        body = self._ok(self.http.request("GET", "/tasks/", params={"query": json.dumps(query)}), L_("a task query"))
        return body if isinstance(body, list) else []

    def task(self, device_id: str, task: dict[str, Any]) -> tuple[int, str, dict[str, Any]]:
        """(HTTP status, reason phrase, task document) of a task run with a connection request."""
        # The id already holds percent-encoded parts; it must be encoded again in the path.
        # `connection_request` is a bare flag, written as the GenieACS documentation writes it.
        path = (f"/devices/{quote(device_id, safe='')}/tasks?connection_request"
                f"&timeout={self.session_start_ms}")
        response = self.http.request("POST", path, json=task, read_timeout=self.task_wait)
        if response.status == 404:
            raise NotFound(L_("the ACS does not know device {device_id}", device_id=device_id))
        if response.status not in (200, 202):
            raise ProtocolError(L_("the ACS answered HTTP {status} to a {name} task", status=response.status, name=task['name']))
        body = response.json_body if isinstance(response.json_body, dict) else {}
        return response.status, plain(response.reason or ""), body

    def fault_for(self, device_id: str, task_id: str) -> dict[str, Any] | None:
        params = {"query": json.dumps({"_id": f"{device_id}:task_{task_id}"})}
        body = self._ok(self.http.request("GET", "/faults/", params=params), L_("a fault query"))
        return body[0] if isinstance(body, list) and body else None

    def delete_task(self, task_id: str) -> str:
        """Remove a task (and its fault): "" when done, else why not ("Device is in session")."""
        try:
            response = self.http.request("DELETE", f"/tasks/{quote(task_id, safe='')}")
        except DeviceError as exc:
            return exc.message
        if response.status == 200:
            return ""
        return plain(response.text.strip()[:80]) or f"HTTP {response.status}"


def acs_url() -> str:
    url = os.environ.get("NETOPS_ACS_URL", "").strip()
    if not url:
        raise ConfigError(L_("NETOPS_ACS_URL is not set"), hint=L_("export NETOPS_ACS_URL=http://acs.example:7557"))
    if not url.startswith(("http://", "https://")):
        scheme = url.split("://", 1)[0] + "://" if "://" in url else L_("no scheme")  # the rest may hold a password
        raise ConfigError(L_("NETOPS_ACS_URL must start with http:// or https:// (got {scheme})", scheme=scheme))
    return url


def open_nbi(timeout: float, wait: float | None) -> tuple[HttpSession, Nbi]:
    """`timeout`: per NBI call and GenieACS's session-start wait; `wait`: cap on a task's answer."""
    from netops.transport.http import HttpSession

    task_wait = wait if wait is not None else LOCK_WAIT + CONNECTION_REQUEST + timeout + SESSION_END_WAIT + MARGIN
    http = HttpSession(acs_url(), timeout=timeout, what="ACS", verify=True)
    return http, Nbi(http, task_wait, int(timeout * 1000))


def find_device(nbi: Nbi, serial: str) -> dict[str, Any]:
    """The device document (id and `_deviceId`) for a serial number."""
    serial = serial.strip()
    if not serial or any(ch in serial for ch in "\"\\") or not serial.isprintable():
        raise InputError(L_("not a serial number: {serial!r}", serial=serial[:80]))
    found = nbi.devices({"_deviceId._SerialNumber": serial}, ["_id", "_deviceId"])
    if not found:
        raise NotFound(L_("the ACS has no device with serial number {serial}", serial=serial), hint=L_("check the serial on the label"))
    if len(found) > 1:
        raise InputError(L_("{count} ACS devices have serial number {serial}", count=len(found), serial=serial))
    return found[0]


def product_class(device: dict[str, Any]) -> str:
    return plain(str(device.get("_deviceId", {}).get("_ProductClass") or ""))


def reset_via_acs(
    request: ResetRequest, profile: CpeProfile | None, outcome: ResetOutcome, note: Callable[[str], None],
    before_send: Callable[[], None] = lambda: None,
) -> None:
    from netops.cpe.request import check_inputs, profile_if_known

    http, nbi = open_nbi(request.timeout, request.wait)
    with http:
        device = find_device(nbi, request.host)
        device_id = str(device["_id"])
        outcome.extra["acs_device"] = plain(device_id)
        product = product_class(device)
        if request.model and product and not (same_model(request.model, product) or same_model(product, request.model)):
            raise InputError(
                L_("the ACS knows device {host} as a {product}, not a {model}", host=request.host, product=product, model=request.model),
                hint=L_("leave out --model (the ACS's model is used) or check the serial number"),
            )
        profile = profile_if_known(product) or profile
        outcome.model = (product or request.model).upper()
        if profile is not None:
            outcome.profile, outcome.family = profile.id, f"{profile.vendor} {profile.family}"
        check_inputs(profile, request.key, request.ssid)
        note(L_("ACS device {device} ({model})", device=plain(device_id), model=product or L_("model unknown")))
        found = _discover(nbi, device_id, note)
        radios = profile.bands_of(outcome.model) if profile else None
        before_send()
        _change(nbi, device_id, found, radios, request, outcome, note)


def _discover(nbi: Nbi, device_id: str, note: Callable[[str], None]) -> Discovery:
    projection = [TR098_WLAN, TR181_WIFI]
    doc = nbi.device(device_id, projection)
    found = discover(doc)
    if found.bands:
        return found
    note(L_("Wi-Fi objects not in the ACS yet; asking the device"))
    root = TR181_WIFI if "Device" in doc else TR098_WLAN
    status, reason, _ = nbi.task(device_id, {"name": "refreshObject", "objectName": root})
    if status == 202:
        raise DeviceError(
            L_("device {device_id} did not answer the ACS ({value})", device_id=device_id, value=reason or L_("task queued")),
            hint=L_("the CPE may be offline; try again when it is online"),
        )
    return discover(nbi.device(device_id, projection))


def _change(
    nbi: Nbi, device_id: str, found: Discovery, radios: list[str] | None, request: ResetRequest,
    outcome: ResetOutcome, note: Callable[[str], None],
) -> None:
    """One setParameterValues for every band that can take the key, then one read-back."""
    outcome.bands = []
    sending: dict[str, tuple[BandPaths, list[str]]] = {}
    for band in request.bands:
        result = BandOutcome(band=band)
        outcome.bands.append(result)
        paths = found.bands.get(band)
        if paths is None:
            _missing(result, request.explicit_band, radios, found.unclassified)
            continue
        result.ssid = plain(paths.old_ssid)
        try:
            sending[band] = (paths, key_parameters(paths, request.key))
        except KeyNotTaken as why:
            result.status, result.verified, result.error, result.detail = BandState.FAILED, None, "unsupported_setting", why.args[0]
    if not sending:
        return
    values = [[name, request.key, "xsd:string"] for _, names in sending.values() for name in names]
    if request.ssid is not None:
        values += [[paths.ssid, request.ssid, "xsd:string"] for paths, _ in sending.values()]
    outcome.extra["acs_parameters"] = [value[0] for value in values]
    outcome.extra["acs_band_parameters"] = {band: names for band, (_, names) in sending.items()}
    results = {b.band: b for b in outcome.bands if b.band in sending}
    note(L_("setParameterValues for {bands} (waiting for the device's session)", bands=", ".join(f"{b} GHz" for b in sending)))
    try:
        _set_and_read(nbi, device_id, values, sending, request, outcome, results, note)
    except KeyboardInterrupt:
        for result in results.values():
            if result.verified is not None:
                continue
            result.error = "interrupted"
            if result.status == BandState.UNVERIFIED:  # the set ran (HTTP 200); its read-back was cut short
                result.detail = L_("accepted by the device (HTTP 200); interrupted before the read-back")
                continue
            result.status = BandState.PENDING  # the task was on its way: the ACS may have it
            result.detail = L_("interrupted after the change was handed to the ACS: it may still be applied; check it with `netops wifi status {host}`", host=request.host)
        raise


def _set_and_read(
    nbi: Nbi, device_id: str, values: list[list[str]], sending: dict[str, tuple[BandPaths, list[str]]],
    request: ResetRequest, outcome: ResetOutcome, results: dict[str, BandOutcome], note: Callable[[str], None],
) -> None:
    from netops.errors import ConnectionDropped, DeviceTimeout

    try:
        status, reason, task = nbi.task(device_id, {"name": "setParameterValues", "parameterValues": values})
    except (DeviceTimeout, ConnectionDropped) as exc:
        # the ACS stores the task before it calls the device: it may run, or already has
        task_id = _find_task(nbi, device_id, [value[0] for value in values])
        if task_id:
            outcome.extra["acs_task"] = task_id
        for result in results.values():
            result.status, result.verified, result.error = BandState.PENDING, None, exc.code
            result.detail = L_("the ACS did not confirm the task ({message}); it may still be applied: check it with `netops wifi status {target}`", message=exc.message, target=task_id or request.host)
        return
    task_id = str(task.get("_id", ""))
    outcome.extra["acs_task"] = task_id
    if status == 202:
        _not_run(nbi, device_id, task_id, reason, results, sending, request.host)
        return
    for result in results.values():
        result.status, result.detail = BandState.UNVERIFIED, L_("accepted by the device (HTTP 200)")
    _read_back(nbi, device_id, sending, request, results, note)


def _missing(result: BandOutcome, explicit: bool, radios: list[str] | None, unclassified: int) -> None:
    why = L_("no {band} GHz access point in the device's data model", band=result.band)
    result.error = "radio_absent"
    if explicit:
        result.status, result.detail = BandState.FAILED, why
    elif radios is not None and result.band in radios:
        result.status, result.error = BandState.FAILED, "band_not_found"
        result.detail = L_("no {band} GHz access point in the device's data model, but this model has a {band} GHz radio: its key was not changed", band=result.band)
    elif unclassified:
        result.status, result.error = BandState.NOT_FOUND, "band_not_found"
        result.detail = L_("no {band} GHz access point in the device's data model ({unclassified} Wi-Fi instance(s) of unknown band): check it", band=result.band, unclassified=unclassified)
    else:
        result.status, result.detail = BandState.ABSENT, why


def _not_run(
    nbi: Nbi, device_id: str, task_id: str, reason: str, results: dict[str, BandOutcome],
    sending: dict[str, tuple[BandPaths, list[str]]], serial: str,
) -> None:
    """A 202: faulted (refused, nothing applied) or queued for the device's next session."""
    fault = nbi.fault_for(device_id, task_id) if task_id and reason == FAULTED else None
    if fault is not None:
        code, message = plain(str(fault.get("code", "fault"))), plain(str(fault.get("message", "")))
        refused = _refused_parameters(fault)
        removed = nbi.delete_task(task_id)
        fault_text = f"{code} {message}".strip()
        for band, result in results.items():
            names = [name for name in refused if name in sending[band][1] or name == sending[band][0].ssid]
            if names:
                detail = L_("the device refused it: {code} {message}; {parameters}", code=code, message=message, parameters=", ".join(refused[n] for n in names))
            elif refused:
                detail = L_("not applied: the device refused another band's parameter ({code} {message}), and a change is all or nothing", code=code, message=message)
            else:
                detail = L_("the device refused the change: {fault}", fault=fault_text)
            detail = (L_("{detail} (task removed from the ACS)", detail=detail) if not removed else
                      L_("{detail}; the ACS keeps the task and may retry it ({removed}): `netops wifi status {task_id} --cancel`", detail=detail, removed=removed, task_id=task_id))
            result.status, result.verified, result.error, result.detail = BandState.FAILED, False, code, detail
        return
    why = reason or QUEUED
    error = "offline" if "offline" in why.lower() else "queued"
    for result in results.values():
        result.status, result.verified, result.error = BandState.PENDING, None, error
        result.detail = L_("the ACS queued task {task_id}: {why}; the device applies it at its next session; follow it with `netops wifi status {target}`", task_id=task_id, why=why, target=task_id or serial)


def _refused_parameters(fault: dict[str, Any]) -> dict[str, str]:
    """parameter name -> "9007 Invalid parameter value", from a SetParameterValues fault."""
    found = fault.get("detail")
    detail: dict[str, Any] = found if isinstance(found, dict) else {}
    refused = {}
    for item in detail.get("setParameterValuesFault") or []:
        if isinstance(item, dict) and item.get("parameterName"):
            refused[str(item["parameterName"])] = plain(f"{item.get('faultCode', '')} {item.get('faultString', '')}".strip())
    return refused


def _find_task(nbi: Nbi, device_id: str, names: list[str]) -> str:
    """The id of the queued setParameterValues with these parameters, if the ACS has it."""
    try:
        for task in nbi.tasks({"device": device_id, "name": "setParameterValues"}):
            if [value[0] for value in task.get("parameterValues", [])] == names:
                return str(task.get("_id", ""))
    except DeviceError as exc:
        log.debug("task lookup failed: %s", exc.code)
    return ""


def _read_back(
    nbi: Nbi, device_id: str, sending: dict[str, tuple[BandPaths, list[str]]], request: ResetRequest,
    results: dict[str, BandOutcome], note: Callable[[str], None],
) -> None:
    """getParameterValues, then compare; a read-back that did not run proves nothing either way."""
    names = [name for paths, keys in sending.values() for name in [*keys, paths.ssid]]
    note(L_("reading the key back through the ACS"))
    try:
        status, reason, task = nbi.task(device_id, {"name": "getParameterValues", "parameterNames": names})
        if status == 202:
            task_id = str(task.get("_id", ""))
            if task_id:
                nbi.delete_task(task_id)  # a stale read-back would only run later, unseen
            for result in results.values():
                result.detail = L_("accepted by the device (HTTP 200); the read-back did not run ({reason})", reason=reason or QUEUED)
            return
        doc = nbi.device(device_id, names)
    except DeviceError as exc:  # the set itself was confirmed: a failed read-back proves nothing
        for result in results.values():
            result.detail = L_("accepted by the device (HTTP 200); the read-back failed: {message}", message=exc.message)
        return
    for band, (paths, keys) in sending.items():
        judge(results[band], [_text(_path(doc, name)) for name in keys], _path(doc, paths.ssid),
              request.key, request.ssid, paths.old_key)


READ_BACK_WORDS = {
    "ssid_not_changed": L_("the key was accepted but the SSID did not change"),
    "old_key": L_("the device still reports the old key"),
    "other_key": L_("the device reports a key that is neither the old nor the new one"),
}


def judge(result: BandOutcome, read_keys: list[str], ssid_node: Any, key: str, ssid: str | None, old_key: str) -> None:
    """The verdict on one band's read-back (every parameter carrying its key must show it)."""
    read_ssid = _value(ssid_node)
    if read_ssid is not None:
        result.ssid = plain(str(read_ssid))
    # an empty key beside the new one is TR-098's "not shown", not another key
    hidden = any(read == "" for read in read_keys) and all(read in ("", key) for read in read_keys)
    state, error = read_back(read_keys, key, old_key, wanted_ssid=ssid,
                             read_ssid=None if read_ssid is None else str(read_ssid), hidden=hidden)
    result.status, result.error = state, error
    if state is BandState.CHANGED:
        result.verified, result.detail = True, L_("read back through the ACS: new key")
    elif state is BandState.UNVERIFIED:
        result.verified = None
        result.detail = L_("accepted by the device (HTTP 200); the key reads back empty, as TR-098 allows")
    else:
        result.verified, result.detail = False, READ_BACK_WORDS[error or "other_key"]


def _path(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node
