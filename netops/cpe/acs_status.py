"""`wifi status`: how a Wi-Fi change through the ACS ended, looked up later.

A change left `pending` is a setParameterValues task the ACS still holds (GenieACS deletes a task
once a session ran it, and keeps one that faulted with its fault). So: still there with a fault
-> failed; still there -> pending; gone -> it ran (or someone removed it), and a getParameterValues
reads the key back. The key itself was never stored: the read key is compared with the audit
record's salted fingerprint of the key that was set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netops.cpe import audit
from netops.cpe.acs import (
    QUEUED,
    Nbi,
    _path,
    _refused_parameters,
    _text,
    find_device,
    open_nbi,
    product_class,
)
from netops.cpe.outcome import BandOutcome, BandState, ResetOutcome
from netops.cpe.request import profile_if_known
from netops.errors import DeviceError, InputError, NotFound
from netops.i18n import L_
from netops.text import plain

_TASK_ID = re.compile(r"^[0-9a-f]{24}$")


@dataclass
class ChangeStatus:
    outcome: ResetOutcome
    task: dict[str, Any] = field(default_factory=dict)  # id, state (queued/faulted/done/cancelled), reason


def change_status(
    target: str, timeout: float, note: Callable[[str], None], cancel: bool = False,
    warn: Callable[[str], None] = lambda text: None,
) -> ChangeStatus:
    """The state of the last Wi-Fi change for a task id or a serial number (see module doc).

    With `cancel`, a task still queued is removed and the cancellation recorded in the audit log.
    """
    target = target.strip()
    if not target or not target.isprintable() or len(target) > 64:
        raise InputError(L_("not a task id or serial number: {target!r}", target=target[:80]))
    http, nbi = open_nbi(timeout, None)
    with http:
        record, task = _what_was_asked(nbi, target)
        device_id = str(record.get("acs_device") or (task or {}).get("device") or "")
        device = nbi.device(device_id, ["_id", "_deviceId"]) if device_id else {}
        if not device:
            raise NotFound(L_("the ACS has no device {value}", value=device_id or target))
        profile = profile_if_known(product_class(device))
        outcome = ResetOutcome(
            host=plain(str(device.get("_deviceId", {}).get("_SerialNumber") or target)),
            model=product_class(device).upper(), profile=profile.id if profile else None,
            family=f"{profile.vendor} {profile.family}" if profile else "TR-069", via="acs",
        )
        outcome.extra["acs_device"] = plain(device_id)
        task_id = str((task or {}).get("_id") or record.get("acs_task") or "")
        if task is None and task_id:
            found = nbi.tasks({"_id": task_id})
            task = found[0] if found else None
        outcome.extra["acs_task"] = task_id
        outcome.bands = [BandOutcome(band=band) for band in record.get("acs_band_parameters") or {}]
        state = ChangeStatus(outcome)
        if task is not None:
            _still_there(nbi, device_id, task, state, cancel, note)
            if state.task.get("state") == "cancelled":
                _record_cancel(state, warn)
        elif cancel:
            raise InputError(L_("task {value} is no longer on the ACS: there is nothing to cancel", value=task_id or target))
        elif _cancelled(task_id):
            state.task = {"id": task_id, "state": "cancelled", "reason": L_("removed from the ACS before it ran")}
            for result in outcome.bands:
                result.status, result.error, result.detail = BandState.NOT_SENT, "cancelled", L_("the change was cancelled before it ran")
        else:
            state.task = {"id": task_id, "state": "done", "reason": L_("the ACS no longer holds the task: it ran")}
            _read_back(nbi, device_id, record, state, note)
        return state


def _what_was_asked(nbi: Nbi, target: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The audit record of the change (and the ACS's task for it, while it has one)."""
    if _TASK_ID.match(target):
        found = nbi.tasks({"_id": target})
        task = found[0] if found else None
        record = _last_record(lambda r: r.get("acs_task") == target)
        if task is None and not record:
            raise NotFound(L_("the ACS has no task {target}, and this installation's audit log names none", target=target),
                           hint=L_("give the serial number instead"))
        if not record:  # a task made elsewhere: its parameters say which bands it sets
            assert task is not None
            record = {"acs_device": task["device"], "acs_task": target, "bands": []}
        return record, task
    device = find_device(nbi, target)
    record = _last_record(lambda r: r.get("acs_device") == device["_id"])
    if not record:
        raise NotFound(L_("this installation's audit log has no Wi-Fi change through the ACS for {target}", target=target),
                       hint=L_("give the task id the change reported"))
    return record, None


def _cancelled(task_id: str) -> bool:
    return bool(task_id) and any(r.get("acs_task") == task_id and r.get("result") == "cancelled"
                                 for r in audit.records())


def _last_record(wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The last record of a change (not of a cancellation) that `wanted` picks."""
    found: dict[str, Any] = {}
    for record in audit.records():
        if record.get("via") == "acs" and record.get("result") != "cancelled" and wanted(record):
            found = record
    return found


def _record_cancel(state: ChangeStatus, warn: Callable[[str], None]) -> None:
    outcome = state.outcome
    try:
        audit.record({"host": outcome.host, "model": outcome.model, "profile": outcome.profile, "via": "acs",
                      "result": "cancelled", "bands": [{"band": b.band, "status": b.status} for b in outcome.bands],
                      "message": L_("task {id} cancelled", id=state.task.get('id')), **outcome.extra}, None)
    except OSError as exc:
        warn(L_("the cancellation was not written to the audit log ({reason}): {path}", reason=exc.strerror or exc, path=audit.audit_path()))


def _still_there(nbi: Nbi, device_id: str, task: dict[str, Any], state: ChangeStatus, cancel: bool,
                 note: Callable[[str], None]) -> None:
    task_id = str(task.get("_id", ""))
    fault = nbi.fault_for(device_id, task_id)
    if not state.outcome.bands:  # a task made elsewhere: it sets whichever bands it names
        state.outcome.bands = [BandOutcome(band="all")]
    if cancel:
        why_not = nbi.delete_task(task_id)
        if why_not:
            raise DeviceError(L_("the ACS did not remove task {task_id}: {why_not}", task_id=task_id, why_not=why_not), hint=L_("try again in a minute"))
        note(L_("task {task_id} removed from the ACS", task_id=task_id))
        state.task = {"id": task_id, "state": "cancelled", "reason": L_("removed from the ACS before it ran")}
        for result in state.outcome.bands:
            result.status, result.error, result.detail = BandState.NOT_SENT, "cancelled", L_("the change was cancelled before it ran")
        return
    if fault is not None:
        code, message = plain(str(fault.get("code", "fault"))), plain(str(fault.get("message", "")))
        refused = ", ".join(_refused_parameters(fault).values())
        state.task = {"id": task_id, "state": "faulted", "reason": f"{code} {message}".strip(),
                      "retries": fault.get("retries")}
        for result in state.outcome.bands:
            result.status, result.verified, result.error = BandState.FAILED, False, code
            fault_text = f"{code} {message}"
            result.detail = (L_("the device refused the change: {fault}; {parameters}", fault=fault_text, parameters=refused) if refused
                             else L_("the device refused the change: {fault}", fault=fault_text))
        return
    state.task = {"id": task_id, "state": "queued", "reason": L_("still queued on the ACS"),
                  "since": plain(str(task.get("timestamp", "")))}
    for result in state.outcome.bands:
        result.status, result.error = BandState.PENDING, "queued"
        result.detail = L_("task {task_id} is still queued on the ACS: the device has not opened a session since", task_id=task_id)


def _read_back(nbi: Nbi, device_id: str, record: dict[str, Any], state: ChangeStatus,
               note: Callable[[str], None]) -> None:
    """Read the parameters the change set and compare them with the recorded fingerprint."""
    names = [n for n in record.get("acs_parameters", []) if n.endswith(("KeyPassphrase", "SAEPassphrase", "PreSharedKey"))]
    if not names or not record.get("key_fingerprint"):
        for result in state.outcome.bands:
            result.status, result.detail = BandState.UNVERIFIED, L_("the task ran, but the audit record does not say what to read back")
        return
    note(L_("reading the key back through the ACS"))
    status, reason, task = nbi.task(device_id, {"name": "getParameterValues", "parameterNames": names})
    if status == 202:
        if task.get("_id"):
            nbi.delete_task(str(task["_id"]))
        for result in state.outcome.bands:
            result.status, result.detail = BandState.UNVERIFIED, L_("the task ran; the read-back did not ({reason})", reason=reason or QUEUED)
        return
    doc = nbi.device(device_id, names)
    for result in state.outcome.bands:
        keys = [_text(_path(doc, name)) for name in names if _band_of(name, record, result.band)]
        if not keys:
            result.status, result.detail = BandState.UNVERIFIED, L_("the read-back did not cover this band")
        elif all(audit.key_fingerprint(k) == record["key_fingerprint"] for k in keys):
            result.status, result.verified, result.detail = BandState.CHANGED, True, L_("read back through the ACS: the key that was set")
        elif all(k == "" for k in keys):
            result.status, result.detail = BandState.UNVERIFIED, L_("the key reads back empty, as TR-098 allows")
        else:
            result.status, result.verified, result.error = BandState.FAILED, False, "other_key"
            result.detail = L_("the device reports another key than the one this change set")


def _band_of(name: str, record: dict[str, Any], band: str) -> bool:
    """Whether parameter `name` is `band`'s (the record keeps the bands' parameters in order)."""
    return name in (record.get("acs_band_parameters", {}) or {}).get(band, [])
