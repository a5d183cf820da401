"""The port of an offline ONU, as a triage fact: one mass outage, and was it already reported?

`diagnose` reads the port of an offline customer's ONU; a mass outage (the ISP's rule) is decided
once for the port: the first case opened for it carries the N3 and the group notice, and later
customers of the same port are attached to that case (found in the case log).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from netops.checks.onu_report import OnuReport
from netops.errors import NetopsError
from netops.triage.caselog import CaseLog

OUTAGE_RULES = ("mass-outage-los", "mass-outage-power")


def port_observation(report: OnuReport) -> dict[str, Any] | None:
    """`observed.pon` from a judged ONU and its port (None when the port was not read)."""
    summary = report.port
    if summary is None:
        return None
    outage = summary.outage
    return {
        "olt": report.verdict.reading.olt,
        "port": str(summary.pon),
        "total": summary.total,
        "los": summary.los,
        "dying_gasp": summary.dying_gasp,
        "outage": outage.kind if outage else "none",
        "affected": outage.affected if outage else 0,
        "first_down": outage.first_down.isoformat() if outage and outage.first_down else None,
        "last_down": outage.last_down.isoformat() if outage and outage.last_down else None,
    }


def _when(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def earlier_case(olt: str, pon: dict[str, Any], isp: Any, log: CaseLog | None = None) -> str | None:
    """The protocol of the mass-outage case already opened for this OLT port and this outage:
    recorded after the outage began (its first down time) or, without down times, within the
    profile's `same_outage_hours`."""
    if pon["outage"] == "none":
        return None
    now = dt.datetime.now(dt.UTC)
    since = now - dt.timedelta(hours=isp.optical.outage.same_outage_hours)
    if pon["first_down"]:
        first = dt.datetime.fromisoformat(pon["first_down"])
        since = first if first.tzinfo else since  # a naive OLT clock cannot be compared with ours
    try:
        records = (log or CaseLog()).latest(limit=500)
    except NetopsError:
        return None  # no case log to look in: the case is decided as the first for the port
    for record in records:
        seen = ((record.ticket.get("observed") or {}).get("pon") or {})
        if (record.rule in OUTAGE_RULES and seen.get("olt") == olt
                and seen.get("port") == pon["port"] and _when(record.recorded_at) >= since):
            return record.protocol
    return None
