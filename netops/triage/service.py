"""Triage end to end: number the case, decide, and keep it in the case log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netops.triage import hours
from netops.triage.caselog import CaseLog, ticket_fingerprint
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
    new_case: bool = False,
) -> Decision:
    """Decide on the ticket at `at` and record it under its case's protocol.

    A ticket without a protocol that was decided before (the same ticket, re-run within the
    profile's `same_ticket_hours`) is the same case: the new decision updates it. Otherwise, or
    with `new_case`, the case log gives it a new protocol number.
    """
    log = log or CaseLog()
    policy = policy_of(isp)
    now = local_instant(at, hours.zone(isp.timezone))
    recorded = ticket.model_dump(mode="json", exclude_none=True)
    with log.writing() as writer:
        protocol = ticket.protocol
        reuse = dt.timedelta(hours=policy.protocol.same_ticket_hours)
        if protocol is None and not new_case and reuse:
            since = dt.datetime.now(dt.UTC) - reuse
            protocol = writer.case_of(ticket_fingerprint(recorded), since)
        protocol = protocol or writer.next_protocol(policy.protocol.format, now)
        decision = decide(ticket, isp, at, protocol)
        decision.checks = checks or []
        writer.record(command, recorded, decision.to_dict())
    return decision
