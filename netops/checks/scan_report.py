"""The verdict on one scanned OLT: every ONU judged and sorted worst first, the counts, the PON
ports with their mass-outage verdicts, and the status the scan stands for.

One function builds it for every consumer (`optical scan` alone or for many OLTs, the
Prometheus and node_exporter outputs, `netops serve`), so they cannot judge a scan differently:
`judge_scan(...)` judges readings already taken, `scan(...)` reads one OLT and judges it.
A scan the OLT did not finish (`incomplete`) is never OK: its status is at least UNKNOWN.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from netops.checks.optical import OnuVerdict, judge, onu_json
from netops.checks.optical_policy import OpticalPolicy
from netops.checks.outage import PonSummary, summarize_pons
from netops.errors import NetopsError
from netops.i18n import L_
from netops.models import OnuRef, PonRef
from netops.olt.reading import OnuReading, Progress, ScanResult
from netops.results import CheckResult, Status, worst


@dataclass
class OltScanReport:
    olt: str
    policy: OpticalPolicy
    verdicts: list[OnuVerdict]  # worst first
    pons: list[PonSummary]
    summary: dict[str, int]
    status: Status
    incomplete: bool
    answered: int = 0
    expected: int = 0
    seconds: float = 0.0

    @property
    def readings(self) -> list[OnuReading]:
        return [v.reading for v in self.verdicts]

    def shown(self, flagged: bool = False) -> list[OnuVerdict]:
        """The ONUs a listing shows: all, or only those with a flag (the summary counts all)."""
        return [v for v in self.verdicts if v.flags] if flagged else self.verdicts

    def onus(self, flagged: bool = False) -> list[dict[str, Any]]:
        return [onu_json(v) for v in self.shown(flagged)]

    def to_dict(self, flagged: bool = False) -> dict[str, Any]:
        """The documented JSON of `netops optical scan` for one OLT."""
        return {
            "olt": self.olt,
            "pons": [port.to_dict() for port in self.pons],
            "summary": self.summary,
            "status": self.status.label,
            "incomplete": self.incomplete,
            "thresholds": self.policy.as_dict(),
            "onus": self.onus(flagged),
        }

    def summary_line(self) -> str:
        """The counts in one line for a technician (the status word is shown beside it)."""
        c = self.summary
        counts = {name: c[name] for name in ("total", "online", "offline", "flagged", "critical", "warning", "unknown")}
        if self.incomplete:
            return L_("{olt}: {total} ONUs, {online} online, {offline} offline, {flagged} flagged ({critical} critical, {warning} warning, {unknown} unknown), INCOMPLETE", olt=self.olt, **counts)
        return L_("{olt}: {total} ONUs, {online} online, {offline} offline, {flagged} flagged ({critical} critical, {warning} warning, {unknown} unknown)", olt=self.olt, **counts)

    def incomplete_warning(self) -> str | None:
        """What to tell the technician when the OLT stopped answering mid-walk (None otherwise)."""
        if not self.incomplete:
            return None
        return L_("OLT {olt} stopped answering after {answered} of {expected} rows; ONUs it never sent are marked not_read",
                  olt=self.olt, answered=self.answered, expected=self.expected)

    @property
    def result(self) -> CheckResult[OltScanReport]:
        """The scan as one check: its counts as measurements; `incomplete` and the ports' mass
        outages (`mass_outage_los`, `mass_outage_dying_gasp`) as flags."""
        flags = (["incomplete"] if self.incomplete else []) + [
            f"mass_outage_{port.outage.kind}" for port in self.pons if port.outage is not None]
        return CheckResult("optical_scan", self.status, self.summary_line(),
                           measurements=dict(self.summary), thresholds=self.policy.as_dict(),
                           flags=sorted(set(flags)), detail=self)


@dataclass
class ScanFailure:
    """An OLT that could not be scanned at all (unreachable, refused, bad configuration)."""

    olt: str
    error: NetopsError
    seconds: float = 0.0
    status: Status = Status.UNKNOWN
    incomplete: bool = True

    def to_dict(self, flagged: bool = False) -> dict[str, Any]:
        return {"olt": self.olt, "status": self.status.label, "incomplete": True,
                "error": self.error.code, "message": " ".join(str(self.error.line()).split())}  # English, as all JSON


ScanOutcome = OltScanReport | ScanFailure


def sort_worst_first(verdicts: list[OnuVerdict]) -> list[OnuVerdict]:
    """Worst status first; within a status, the weakest ONU Rx first, then by ONU id."""

    def key(v: OnuVerdict) -> tuple[int, float, OnuRef]:
        rx = v.reading.rx_dbm if v.reading.rx_dbm is not None else float("inf")
        return (-v.status.severity, rx, v.reading.onu)

    return sorted(verdicts, key=key)


def summarize(verdicts: list[OnuVerdict]) -> dict[str, int]:
    """The counts of `optical scan`'s summary."""
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


def judge_scan(olt: str, result: ScanResult, policy: OpticalPolicy, seconds: float = 0.0) -> OltScanReport:
    """Judge every ONU of the scan against the ISP's policy; an incomplete scan is never OK."""
    verdicts = sort_worst_first([judge(r, policy) for r in result.readings])
    status = worst((v.status for v in verdicts), empty=Status.OK)
    if result.incomplete:  # a partial answer must never pass for a whole one
        status = worst([status, Status.UNKNOWN])
    return OltScanReport(
        olt=olt,
        policy=policy,
        verdicts=verdicts,
        pons=summarize_pons(verdicts, policy.outage),
        summary=summarize(verdicts),
        status=status,
        incomplete=result.incomplete,
        answered=result.answered,
        expected=result.expected,
        seconds=seconds,
    )


def scan(
    inventory: Any,
    olt: str,
    policy: OpticalPolicy,
    pons: list[PonRef] | None = None,
    via: str = "snmp",
    progress: Progress | None = None,
    set_total: Callable[[int], None] | None = None,
    options: dict[str, Any] | None = None,
) -> OltScanReport:
    """Read every ONU of OLT `olt` from the inventory (or of `pons`) and judge the lot.

    Raises the OLT's error (unreachable, timeout, bad input) when nothing could be read; a scan
    cut short is an `incomplete` report, never an error. Recording the readings in the local
    history is the caller's choice (`history.store.record_quietly(report.readings, ...)`).
    """
    from netops.olt import service

    started = time.monotonic()
    found = service.scan(inventory, olt, pons, via=via, progress=progress, set_total=set_total,
                         options=options)
    return judge_scan(olt, found, policy, time.monotonic() - started)
