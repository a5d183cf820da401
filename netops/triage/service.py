"""Triage end to end: number the case, decide, and keep it in the case log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netops.triage import hours
from netops.triage.caselog import CaseLog
from netops.triage.engine import Decision, decide, local_instant, policy_of
from netops.triage.ticket import Ticket, parse_instant


def instant(text: str | None, isp: Any) -> dt.datetime:
    """`--at` (ISO-8601; local to the ISP when it has no offset), or now."""
    tz = hours.zone(isp.timezone)
    if text is None:
        return dt.datetime.now(tz)
    return local_instant(parse_instant(text, "--at", tz), tz)


def triage(
    ticket: Ticket,
    isp: Any,
    at: dt.datetime,
    *,
    log: CaseLog | None = None,
    command: str = "triage",
    checks: list[dict[str, Any]] | None = None,
) -> Decision:
    """Decide on the ticket at `at`; a ticket without a protocol gets one from the case log."""
    log = log or CaseLog()
    policy = policy_of(isp)
    now = local_instant(at, hours.zone(isp.timezone))
    with log.writing() as writer:
        protocol = ticket.protocol or writer.next_protocol(policy.protocol.format, now)
        decision = decide(ticket, isp, at, protocol)
        decision.checks = checks or []
        writer.record(command, ticket.model_dump(mode="json", exclude_none=True), decision.to_dict())
    return decision
