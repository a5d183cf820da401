"""The verdict on ONU readings: status and flags against the ISP's optical policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netops.checks.optical_policy import OpticalPolicy, judge_high, judge_low
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
    """Offline is critical; online readings are judged against each limit; missing ones are unknown."""
    flags: list[str] = []
    statuses: list[Status] = []
    if reading.state is None:
        return OnuVerdict(reading, Status.UNKNOWN, ["no_reading"])
    if reading.state == "offline":
        flags.append("offline")
        if reading.down_cause in LOS_CAUSES:
            flags.append("los")
        elif reading.down_cause in DYING_GASP_CAUSES:
            flags.append("dying_gasp")
        return OnuVerdict(reading, Status.CRITICAL, flags)

    band = policy.warning_band_db
    if reading.rx_dbm is not None:
        low = judge_low(reading.rx_dbm, policy.onu_rx_critical_below_dbm, band)
        high = judge_high(reading.rx_dbm, policy.onu_rx_overload_above_dbm, band)
        if low is not Status.OK:
            flags.append("rx_low")
        if high is not Status.OK:
            flags.append("rx_high")
        statuses += [low, high]
    if reading.olt_rx_dbm is not None:
        olt_low = judge_low(reading.olt_rx_dbm, policy.olt_rx_critical_below_dbm, band)
        if olt_low is not Status.OK:
            flags.append("olt_rx_low")
        statuses.append(olt_low)
    missing = [name for name in PRIMARY_READINGS if name in reading.unreadable]
    if missing:
        flags.append("no_reading")
        statuses.append(Status.UNKNOWN)
    return OnuVerdict(reading, worst(statuses), flags)


def verdict_to_dict(verdict: OnuVerdict, policy: OpticalPolicy) -> dict[str, Any]:
    """The documented JSON of one ONU."""
    r = verdict.reading
    return {
        "olt": r.olt,
        "onu": str(r.onu),
        "serial": str(r.serial) if r.serial else None,
        "description": r.description,
        "state": r.state,
        "down_cause": r.down_cause,
        "rx_dbm": r.rx_dbm,
        "tx_dbm": r.tx_dbm,
        "olt_rx_dbm": r.olt_rx_dbm,
        "temperature_c": r.temperature_c,
        "status": verdict.status.label,
        "flags": verdict.flags,
        "thresholds": policy.as_dict(),
        "source": r.source,
    }


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
    }
