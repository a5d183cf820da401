"""The one result type every check returns, and how results combine.

A check either measures and gives a verdict (a `CheckResult` with a status), or could not measure
(an exception, turned into an UNKNOWN result by `result_from_error`). The numeric values of
`Status` are the monitoring-plugin exit codes, so `raise SystemExit(status)` just works.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from netops.errors import NetopsError


class Status(IntEnum):
    """Check status; the value is the exit code (Nagios/Icinga/Zabbix convention)."""

    OK = 0
    WARNING = 1
    CRITICAL = 2
    UNKNOWN = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def severity(self) -> int:
        """Rank used when combining: CRITICAL > WARNING > UNKNOWN > OK."""
        return _SEVERITY[self]

    @classmethod
    def parse(cls, text: str) -> Status:
        return cls[text.strip().upper()]


_SEVERITY = {Status.OK: 0, Status.UNKNOWN: 1, Status.WARNING: 2, Status.CRITICAL: 3}


def worst(statuses: Iterable[Status], *, empty: Status = Status.OK) -> Status:
    """The most severe status, in the order CRITICAL > WARNING > UNKNOWN > OK."""
    found = list(statuses)
    if not found:
        return empty
    return max(found, key=lambda s: s.severity)


@dataclass
class CheckResult:
    """A verdict on one thing: what was checked, how it went, and why, in one line."""

    name: str
    status: Status
    summary: str
    measurements: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)
    error_code: str | None = None
    hint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "status": self.status.label,
            "summary": self.summary,
        }
        if self.measurements:
            data["measurements"] = self.measurements
        if self.thresholds:
            data["thresholds"] = self.thresholds
        if self.error_code:
            data["error"] = self.error_code
        if self.hint:
            data["hint"] = self.hint
        return data


def result_from_error(name: str, error: NetopsError) -> CheckResult:
    """'Could not measure' as a result: UNKNOWN, with the error's code and hint."""
    return CheckResult(
        name=name,
        status=Status.UNKNOWN,
        summary=error.message,
        error_code=error.code,
        hint=error.hint,
    )
