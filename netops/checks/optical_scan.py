"""An OLT's ONUs judged: a whole scan (`scan`) or one customer's ONU with its port (`check_onu`).

`scan(...)` reads the OLT and judges it; `judge_scan(...)` judges readings already taken. The
`ScanReport` holds every ONU's verdict worst first, the per-PON summaries with their mass-outage
verdicts, the counts and the overall status; `to_dict()` is the documented `optical scan` JSON and
`result` the same verdict as one `CheckResult` (for triage, history and exporters).

A partial answer never passes for a whole one: when the OLT stops answering mid-walk the report is
`incomplete`, the ONUs it never sent are `not_read`, and the status is at least UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netops.checks.optical import OnuVerdict, judge, onu_json
from netops.checks.optical_policy import OpticalPolicy
from netops.checks.outage import PonSummary, summarize_pons
from netops.errors import NetopsError
from netops.models import OnuRef, OnuSerial, PonRef
from netops.olt.reading import OnuReading, Progress, ScanResult
from netops.olt.service import OnuLookup
from netops.results import CheckResult, Status, worst


@dataclass
class ScanReport:
    olt: str
    verdicts: list[OnuVerdict]  # worst first
    ports: list[PonSummary]
    thresholds: dict[str, float]
    pons: list[PonRef] | None = None  # the ports asked for; None: the whole OLT
    expected: int = 0  # table rows asked for and answered (ONU x column)
    answered: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def incomplete(self) -> bool:
        return self.answered < self.expected

    @property
    def status(self) -> Status:
        status = worst((v.status for v in self.verdicts), empty=Status.OK)
        return worst([status, Status.UNKNOWN]) if self.incomplete else status

    @property
    def readings(self) -> list[OnuReading]:
        return [v.reading for v in self.verdicts]

    def flagged(self) -> list[OnuVerdict]:
        return [v for v in self.verdicts if v.flags]

    def summary_line(self) -> str:
        """One line for a technician (the status word is rendered beside it)."""
        c = self.counts
        return (
            f"{self.olt}: {c['total']} ONUs, {c['online']} online, {c['offline']} offline, "
            f"{c['flagged']} flagged ({c['critical']} critical, {c['warning']} warning, "
            f"{c['unknown']} unknown)" + (", INCOMPLETE" if self.incomplete else "")
        )

    def incomplete_warning(self) -> str | None:
        if not self.incomplete:
            return None
        return (f"OLT {self.olt} stopped answering after {self.answered} of {self.expected} rows; "
                "ONUs it never sent are marked not_read")

    def to_dict(self, flagged_only: bool = False) -> dict[str, Any]:
        """The documented JSON of `optical scan` (the summary counts every ONU either way)."""
        shown = self.flagged() if flagged_only else self.verdicts
        return {
            "olt": self.olt,
            "pons": [port.to_dict() for port in self.ports],
            "summary": dict(self.counts),
            "status": self.status.label,
            "incomplete": self.incomplete,
            "thresholds": self.thresholds,
            "onus": [onu_json(v) for v in shown],
        }

    @property
    def result(self) -> CheckResult[ScanReport]:
        """The scan as one check: its counts as measurements, `incomplete` and outages as flags."""
        flags = (["incomplete"] if self.incomplete else []) + [
            f"mass_outage_{port.outage.kind}" for port in self.ports if port.outage is not None]
        return CheckResult("optical_scan", self.status, self.summary_line(),
                           measurements=dict(self.counts), thresholds=self.thresholds,
                           flags=sorted(set(flags)), detail=self)


def sort_worst_first(verdicts: list[OnuVerdict]) -> list[OnuVerdict]:
    """Worst status first; within a status, the weakest ONU Rx first, then by ONU id."""

    def key(v: OnuVerdict) -> tuple[int, float, OnuRef]:
        rx = v.reading.rx_dbm if v.reading.rx_dbm is not None else float("inf")
        return (-v.status.severity, rx, v.reading.onu)

    return sorted(verdicts, key=key)


def count(verdicts: list[OnuVerdict]) -> dict[str, int]:
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


def judge_scan(olt: str, found: ScanResult, policy: OpticalPolicy,
               pons: list[PonRef] | None = None) -> ScanReport:
    """Readings already taken, judged against the ISP's optical policy."""
    verdicts = sort_worst_first([judge(r, policy) for r in found.readings])
    return ScanReport(
        olt=olt, verdicts=verdicts, ports=summarize_pons(verdicts, policy.outage),
        thresholds=policy.as_dict(), pons=pons, expected=found.expected, answered=found.answered,
        counts=count(verdicts),
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
) -> ScanReport:
    """Read every ONU of OLT `olt` from the inventory (or of `pons`) and judge the lot.

    Raises the OLT's error (unreachable, timeout, bad input) when nothing could be read; a scan
    cut short is an `incomplete` report, never an error.
    """
    from netops.olt import service

    found = service.scan(inventory, olt, pons, via=via, progress=progress, set_total=set_total,
                         options=options)
    return judge_scan(olt, found, policy, pons)


@dataclass
class OnuReport:
    """One customer's ONU judged, and for an offline one its PON port: this customer or the PON?"""

    verdict: OnuVerdict
    port: PonSummary | None = None  # only for an offline ONU whose port could be read
    port_error: NetopsError | None = None  # why the port could not be read (the ONU's verdict stands)
    readings: list[OnuReading] = field(default_factory=list)  # the ONU and its port's ONUs as read

    @property
    def status(self) -> Status:
        return self.verdict.status

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON of `optical onu`."""
        return {**onu_json(self.verdict), "pon": self.port.to_dict() if self.port else None}


def judge_onu(found: OnuLookup, policy: OpticalPolicy) -> OnuReport:
    """An ONU already read (with its port when offline), judged; the port against the outage rule."""
    verdict = judge(found.reading, policy)
    port = None
    readings = [found.reading]
    if found.port is not None:
        pon = found.reading.onu.pon
        neighbours = [judge(r, policy) for r in found.port.readings if r.onu.pon == pon]
        summaries = summarize_pons(neighbours, policy.outage)
        port = summaries[0] if summaries else None
        readings += found.port.readings
    return OnuReport(verdict, port, found.port_error, readings)


def check_onu(
    inventory: Any,
    olt: str,
    target: OnuRef | OnuSerial,
    policy: OpticalPolicy,
    via: str = "snmp",
    options: dict[str, Any] | None = None,
) -> OnuReport:
    """Read one ONU (by F/S/P:ID or serial) and judge it; an offline one's port is read as well."""
    from netops.olt import service

    return judge_onu(service.read_onu_and_port(inventory, olt, target, via=via, options=options), policy)
