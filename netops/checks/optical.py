"""The verdict on ONU readings: status and flags against the ISP's optical policy.

`judge` gives one ONU's `OnuVerdict` (a `CheckResult` whose detail is the reading);
`onu_json` is the documented JSON of one ONU. A whole scan is `netops.checks.scan_report`, one ONU with its port `netops.checks.onu_report`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from netops.checks.optical_policy import OpticalPolicy, judge_high, judge_low
from netops.i18n import L_
from netops.models import physically_possible
from netops.olt.reading import OnuReading
from netops.results import CheckResult, Status, worst

# Normalised down-cause names that mean the fibre lost light (a LOS family alarm).
LOS_CAUSES = frozenset({"los", "losi", "losi_lobi", "lofi"})
DYING_GASP_CAUSES = frozenset({"dying_gasp"})
PRIMARY_READINGS = ("rx_dbm", "olt_rx_dbm")


UNITS = {"rx_dbm": "dBm", "tx_dbm": "dBm", "olt_rx_dbm": "dBm", "temperature_c": "°C",
         "distance_m": "m", "uptime_s": "s"}


@dataclass
class OnuVerdict(CheckResult[OnuReading]):
    """One ONU judged: a `CheckResult` named `optical` whose detail is the reading."""

    @property
    def reading(self) -> OnuReading:
        assert self.detail is not None, "an ONU verdict always carries its reading"
        return self.detail


def judge(reading: OnuReading, policy: OpticalPolicy) -> OnuVerdict:
    """Offline is critical; online readings are judged against each limit; missing ones are unknown.

    A flag without `near` means worse than the limit (critical); `*_near_*` flags mean the reading
    sits in the warning band in front of the limit, not past it. An offline ONU is flagged `los`
    or `dying_gasp` when its last down cause says so.
    """
    status, flags = _status_and_flags(reading, policy)
    return OnuVerdict(
        "optical", status, _summary(reading, flags),
        measurements={
            "serial": str(reading.serial) if reading.serial else None,
            "state": reading.state,
            "down_cause": reading.down_cause,
            **{name: getattr(reading, name) for name in UNITS},
        },
        units=dict(UNITS),
        thresholds=policy.as_dict(),
        flags=flags,
        detail=reading,
    )


def down_cause_kind(verdict: OnuVerdict) -> str | None:
    """An offline ONU's down cause in the words triage uses: los, dying_gasp, unknown or other."""
    if verdict.reading.state != "offline":
        return None
    for kind in ("los", "dying_gasp"):
        if kind in verdict.flags:
            return kind
    return "unknown" if verdict.reading.down_cause is None else "other"


def _summary(reading: OnuReading, flags: list[str]) -> str:
    where = f"{reading.olt} {reading.onu}"
    if reading.state == "offline":
        text = L_("{where}: offline (last down cause: {cause})", where=where, cause=reading.down_cause or L_("unknown"))
    elif reading.state == "online":
        rx = L_("n/a") if reading.rx_dbm is None else f"{reading.rx_dbm:.2f} dBm"
        olt_rx = L_("n/a") if reading.olt_rx_dbm is None else f"{reading.olt_rx_dbm:.2f} dBm"
        text = L_("{where}: online, ONU Rx {rx}, OLT Rx {olt_rx}", where=where, rx=rx, olt_rx=olt_rx)
    else:
        text = L_("{where}: state not reported", where=where)
    return L_("{summary} [{flags}]", summary=text, flags=", ".join(flags)) if flags else text


def _status_and_flags(reading: OnuReading, policy: OpticalPolicy) -> tuple[Status, list[str]]:
    if reading.state is None:
        return Status.UNKNOWN, ["not_read" if "state" in reading.not_read else "no_reading"]
    flags: list[str] = []
    if reading.state == "offline":
        flags.append("offline")
        if reading.down_cause in LOS_CAUSES:
            flags.append("los")
        elif reading.down_cause in DYING_GASP_CAUSES:
            flags.append("dying_gasp")
        return Status.CRITICAL, flags

    statuses: list[Status] = []
    band = policy.warning_band_db

    def check(status: Status, flag: str, near_flag: str) -> None:
        statuses.append(status)
        if status is Status.CRITICAL:
            flags.append(flag)
        elif status is Status.WARNING:
            flags.append(near_flag)

    rx = _trusted(reading, "rx_dbm")
    if rx is not None:
        check(judge_low(rx, policy.onu_rx_critical_below_dbm, band), "rx_low", "rx_near_low")
        check(judge_high(rx, policy.onu_rx_overload_above_dbm, band), "rx_high", "rx_near_high")
    olt_rx = _trusted(reading, "olt_rx_dbm")
    if olt_rx is not None:
        check(judge_low(olt_rx, policy.olt_rx_critical_below_dbm, band), "olt_rx_low", "olt_rx_near_low")
    if any(name in reading.not_read for name in PRIMARY_READINGS):
        flags.append("not_read")
        statuses.append(Status.UNKNOWN)
    elif any(_trusted(reading, name) is None and name not in reading.unsupported for name in PRIMARY_READINGS):
        flags.append("no_reading")
        statuses.append(Status.UNKNOWN)
    return worst(statuses), flags


def _trusted(reading: OnuReading, name: str) -> float | None:
    """The reading, unless it is missing or physically impossible (then it is no reading)."""
    value = getattr(reading, name)
    return value if physically_possible(name, value) else None


def onu_json(verdict: OnuVerdict) -> dict[str, Any]:
    """The documented JSON of one ONU (`optical onu`, and each ONU of `optical scan`)."""
    r = verdict.reading
    return {
        "olt": r.olt,
        "onu": str(r.onu),
        "serial": str(r.serial) if r.serial else None,
        "name": r.name,
        "description": r.description,
        "state": r.state,
        "down_cause": r.down_cause,
        "rx_dbm": r.rx_dbm,
        "tx_dbm": r.tx_dbm,
        "olt_rx_dbm": r.olt_rx_dbm,
        "temperature_c": r.temperature_c,
        "distance_m": r.distance_m,
        "last_up": _iso(r.last_up),
        "last_down": _iso(r.last_down),
        "uptime_s": r.uptime_s,
        "status": verdict.status.label,
        "flags": verdict.flags,
        "thresholds": verdict.thresholds,
        "source": r.source,
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
