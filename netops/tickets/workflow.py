"""A ticket system's ticket, diagnosed: read it, find the ONU, run `diagnose`, decide, post.

This is the only part of `netops.tickets` that uses the triage layer; `ixc` (and any later
system) only speaks its system's API. The note posted back is the decision's ticket text, from
the ISP profile and in the ISP's language, which always carries the protocol number: the IXC
ticket's own protocol when it has one, else the case number netops gives the decision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from netops.errors import AuthError, ConfigError, InputError, NetopsError, NotWritten, Refused, WriteUnknown
from netops.i18n import L_
from netops.tickets.model import SupportTicket, TicketSystem
from netops.tickets.onu import OnuLocation, locate
from netops.triage.diagnose import DiagnoseOptions, diagnose
from netops.triage.engine import Decision
from netops.triage.service import triage
from netops.triage.ticket import OPTICAL_COMPLAINTS, Complaint, parse_ticket

COMPLAINTS: tuple[str, ...] = Complaint.__args__  # type: ignore[attr-defined]


@dataclass
class TicketDiagnosis:
    ticket: SupportTicket
    complaint: str
    location: OnuLocation | None
    decision: Decision
    note: dict[str, str]  # exactly what is (or would be) posted
    posted: bool = False
    message_id: str | None = None

    def summary(self) -> dict[str, Any]:
        """The `ixc` object of the JSON output."""
        where = self.location
        return {
            "ticket": self.ticket.id,
            "posted": self.posted,
            "message_id": self.message_id,
            "complaint": self.complaint,
            "onu": None if where is None else {
                "olt": where.olt, "onu": where.onu, "how": where.how,
                "verified_by_serial": where.verified_by_serial,
            },
            "note": self.note,
            "notes": self.ticket.notes,
        }


def complaint_of(ticket: SupportTicket, subjects: dict[str, str], where: str,
                 override: str | None = None) -> str:
    """The netops complaint for the ticket's subject (IXC id_assunto), from the inventory."""
    if override is not None:
        if override not in COMPLAINTS:
            raise InputError(L_("--complaint: {override!r} is not a complaint", override=override),
                             hint=L_("use one of: {COMPLAINTS}", COMPLAINTS=', '.join(COMPLAINTS)))
        return override
    if ticket.subject_id is None or ticket.subject_id not in subjects:
        subject = ticket.subject_id or L_("(none)")
        raise ConfigError(
            L_("IXC ticket {id} has subject id_assunto {subject}, which ixc.subjects in {where} does not map", id=ticket.id, subject=subject, where=where),
            hint=L_("add \"{subject}\": <complaint> under ixc.subjects, or pass --complaint ({COMPLAINTS})", subject=subject, COMPLAINTS=', '.join(COMPLAINTS)),
        )
    complaint = subjects[ticket.subject_id]
    if complaint not in COMPLAINTS:
        raise ConfigError(L_("{where}: ixc.subjects.{subject_id}: {complaint!r} is not a complaint", where=where, subject_id=ticket.subject_id, complaint=complaint), hint=L_("use one of: {COMPLAINTS}", COMPLAINTS=', '.join(COMPLAINTS)))
    return complaint


def inspect_ticket(system: TicketSystem, ticket_id: str, settings: Any,
                   inventory: Any) -> dict[str, Any]:
    """The ticket as netops reads it, with what `diagnose` would make of it, and what stops it."""
    found = system.read_ticket(ticket_id)
    where = str(inventory.path or "the inventory")
    problems: list[str] = []
    complaint = onu = None
    try:
        complaint = complaint_of(found, settings.subjects, where)
    except NetopsError as exc:
        problems.append(exc.line())
    if complaint is None or complaint in OPTICAL_COMPLAINTS:
        try:
            location = locate(found, settings.olts, inventory)
            onu = {"olt": location.olt, "onu": location.onu, "how": location.how}
        except NetopsError as exc:
            problems.append(exc.line())
    return {"system": system.name, "ticket": found.to_dict(), "complaint": complaint,
            "onu": onu, "problems": problems}


def diagnose_ticket(
    system: TicketSystem,
    ticket_id: str,
    settings: Any,
    inventory: Any,
    isp: Any,
    at: dt.datetime,
    options: DiagnoseOptions,
    *,
    complaint: str | None = None,
    notify: Callable[[str], None] = lambda _: None,
    log: Any = None,
) -> TicketDiagnosis:
    """Diagnose and decide one ticket of `system`; nothing is written to it here."""
    found = system.read_ticket(ticket_id)
    where = str(inventory.path or "the inventory")
    chosen = complaint_of(found, settings.subjects, where, complaint)
    location = None
    data: dict[str, Any] = {
        "protocol": found.protocol,
        "opened_at": found.opened_at,
        "customer": found.customer.name,
        "complaint": chosen,
    }
    if chosen in OPTICAL_COMPLAINTS:
        location = locate(found, settings.olts, inventory)
        data.update(olt=location.olt, onu=location.onu)
        options = dataclasses.replace(options, expected_serial=location.expected_serial)
        notify(location.how)
    ticket = parse_ticket({k: v for k, v in data.items() if v is not None})
    result = diagnose(ticket, isp, lambda: inventory, options, notify)
    decision = triage(result.ticket, isp, at, log=log, command=f"{system.name} diagnose",
                      checks=[check.to_dict() for check in result.checks])
    if location is not None and location.serial:
        optical = next((c for c in result.checks if c.name == "optical"), None)
        read = optical.measurements.get("serial") if optical else None
        location.verified_by_serial = read == location.serial
    if decision.protocol not in decision.message:
        raise ConfigError(L_("the ISP profile's text for rule {rule} does not carry the protocol number", rule=decision.rule), hint=L_("add Protocolo {protocol} to that template"))
    note = system.note_body(found.id, decision.message)
    return TicketDiagnosis(found, chosen, location, decision, note)


def post(system: TicketSystem, done: TicketDiagnosis) -> None:
    """Post the decision's note once; a failure says whether the note was written."""
    tid = done.ticket.id
    try:
        done.message_id = system.post_note(tid, done.note["mensagem"])
    except NotWritten as exc:
        raise NotWritten(L_("the note was not written on ticket {tid}: {message}", tid=tid, message=exc.message),
                         hint=L_("nothing reached the ticket system; post again when it answers")) \
            from exc
    except WriteUnknown as exc:
        raise WriteUnknown(
            L_("posting the note on ticket {tid}: {message}; not known whether the note was written", tid=tid, message=exc.message),
            hint=L_("check ticket {tid} before posting again", tid=tid),
        ) from exc
    except (Refused, AuthError) as exc:
        raise type(exc)(L_("the note was not written on ticket {tid}: {message}", tid=tid, message=exc.message),
                        hint=exc.hint) from exc
    done.posted = True
