"""The verdict on one scanned OLT: every ONU judged and sorted worst first, the counts, the PON
ports with their mass-outage verdicts, and the status the scan stands for.

One function builds it for every consumer (`optical scan` alone or for many OLTs, the
Prometheus and node_exporter outputs, `netops serve`), so they cannot judge a scan differently.
A scan the OLT did not finish (`incomplete`) is never OK: its status is at least UNKNOWN.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netops.checks.optical import (
    OnuVerdict,
    judge,
    sort_worst_first,
    summarize,
    verdict_to_dict,
)
from netops.checks.optical_policy import OpticalPolicy
from netops.checks.outage import PonSummary, summarize_pons
from netops.errors import NetopsError
from netops.olt.reading import ScanResult
from netops.results import Status, worst


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

    def shown(self, flagged: bool = False) -> list[OnuVerdict]:
        """The ONUs a listing shows: all, or only those with a flag (the summary counts all)."""
        return [v for v in self.verdicts if v.flags] if flagged else self.verdicts

    def onus(self, flagged: bool = False) -> list[dict[str, Any]]:
        return [verdict_to_dict(v, self.policy) for v in self.shown(flagged)]

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
                "error": self.error.code, "message": self.error.one_line()}


ScanOutcome = OltScanReport | ScanFailure


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
