"""The one result type every check returns, and how results combine.

A check either measures and gives a verdict (a `CheckResult` with a status), or could not measure
(an exception, turned into an UNKNOWN result by `result_from_error`). The numeric values of
`Status` are the monitoring-plugin exit codes, so `raise SystemExit(status)` just works.

Every check (optical, DNS, speed, Wi-Fi) returns a `CheckResult`; what only that check knows (the
ONU reading, the DNS report, the speed measurement, the Wi-Fi bands) is its typed `detail`. The
CLI renders results, and triage, history, the ticket workflow and the exporters read the same
fields: status, summary, measurements with their units, the thresholds used, flags, error, hint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Generic, TypeVar

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


Detail = TypeVar("Detail")


@dataclass
class CheckResult(Generic[Detail]):
    """A verdict on one thing: what was checked, how it went, and why, in one line.

    `measurements` hold plain values (what JSON shows); `units` names the unit of each numeric
    one ("dBm", "Mbit/s", "ms", "m", "s"). `flags` are stable snake_case words a script or an
    alert can match (`rx_low`, `los`, `old_key`). `detail` is the check's own typed object.
    """

    name: str
    status: Status
    summary: str
    measurements: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)
    error_code: str | None = None
    hint: str | None = None
    flags: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    detail: Detail | None = None

    def to_dict(self) -> dict[str, Any]:
        """The result as every consumer sees it (triage's `checks`, exporters); empty parts left out."""
        data: dict[str, Any] = {
            "name": self.name,
            "status": self.status.label,
            "summary": self.summary,
        }
        optional = (("measurements", self.measurements), ("units", self.units),
                    ("thresholds", self.thresholds), ("flags", self.flags),
                    ("error", self.error_code), ("hint", self.hint))
        data.update((key, value) for key, value in optional if value)
        return data


def result_from_error(name: str, error: NetopsError) -> CheckResult[Any]:
    """'Could not measure' as a result: UNKNOWN, with the error's code and hint."""
    return CheckResult(
        name=name,
        status=Status.UNKNOWN,
        summary=error.message,
        error_code=error.code,
        hint=error.hint,
    )
