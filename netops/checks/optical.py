"""The verdict on ONU readings: status and flags against the ISP's optical policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from netops.checks.optical_policy import OpticalPolicy, judge_high, judge_low
from netops.models import physically_possible
from netops.olt.reading import OnuReading
from netops.results import Status, worst

# Normalised down-cause names that mean the fibre lost light (a LOS family alarm).
LOS_CAUSES = frozenset({"los", "losi", "losi_lobi", "lofi"})
DYING_GASP_CAUSES = frozenset({"dying_gasp"})
PRIMARY_READINGS = ("rx_dbm", "olt_rx_dbm")


@dataclass
class OnuVerdict:
    reading: OnuReading
    status: Status
    flags: list[str] = field(default_factory=list)


def judge(reading: OnuReading, policy: OpticalPolicy) -> OnuVerdict:
    """Offline is critical; online readings are judged against each limit; missing ones are unknown.

    A flag without `near` means worse than the limit (critical); `*_near_*` flags mean the reading
    sits in the warning band in front of the limit, not past it.
    """
    if reading.state is None:
        return OnuVerdict(reading, Status.UNKNOWN, ["not_read" if "state" in reading.not_read else "no_reading"])
    if reading.state == "offline":
        flags = ["offline"]
        if reading.down_cause in LOS_CAUSES:
            flags.append("los")
        elif reading.down_cause in DYING_GASP_CAUSES:
            flags.append("dying_gasp")
        return OnuVerdict(reading, Status.CRITICAL, flags)

    flags: list[str] = []
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
    return OnuVerdict(reading, worst(statuses), flags)


def _trusted(reading: OnuReading, name: str) -> float | None:
    """The reading, unless it is missing or physically impossible (then it is no reading)."""
    value = getattr(reading, name)
    return value if physically_possible(name, value) else None


def verdict_to_dict(verdict: OnuVerdict, policy: OpticalPolicy) -> dict[str, Any]:
    """The documented JSON of one ONU."""
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
        "thresholds": policy.as_dict(),
        "source": r.source,
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def sort_worst_first(verdicts: list[OnuVerdict]) -> list[OnuVerdict]:
    """Worst status first; within a status, the weakest ONU Rx first, then by ONU id."""

    def key(v: OnuVerdict) -> tuple:
        rx = v.reading.rx_dbm if v.reading.rx_dbm is not None else float("inf")
        return (-v.status.severity, rx, v.reading.onu)

    return sorted(verdicts, key=key)


def summarize(verdicts: list[OnuVerdict]) -> dict[str, int]:
    return {
        "total": len(verdicts),
        "online": sum(1 for v in verdicts if v.reading.state == "online"),
        "offline": sum(1 for v in verdicts if v.reading.state == "offline"),
        "flagged": sum(1 for v in verdicts if v.flags),
        "critical": sum(1 for v in verdicts if v.status is Status.CRITICAL),
        "warning": sum(1 for v in verdicts if v.status is Status.WARNING),
        "unknown": sum(1 for v in verdicts if v.status is Status.UNKNOWN),
        "not_read": sum(1 for v in verdicts if "not_read" in v.flags),
    }
