"""One customer's ONU judged, and for an offline one its PON port: this customer or the PON?

`check_onu(...)` reads the ONU (by F/S/P:ID or serial) and judges it; `judge_onu(...)` judges
what was already read. The `OnuReport` holds the ONU's verdict (a `CheckResult` whose detail is
the reading), the port's summary with its mass-outage verdict, and every reading taken for it;
`to_dict()` is the documented `optical onu` JSON. A whole OLT is `netops.checks.scan_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netops.checks.optical import OnuVerdict, judge, onu_json
from netops.checks.optical_policy import OpticalPolicy
from netops.checks.outage import PonSummary, summarize_pons
from netops.errors import NetopsError
from netops.models import OnuRef, OnuSerial
from netops.olt.reading import OnuReading
from netops.olt.service import OnuLookup
from netops.results import Status


@dataclass
class OnuReport:
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
