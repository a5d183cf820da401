"""What netops reads from a ticket system, in its own words, and the interface a system provides.

Field values are the system's text after `netops.text.plain()`: a customer's name or a ticket's
body is data typed by somebody else and is never interpreted. Empty and "zero" values of the
system (IXC writes `0` for "no login" and `0000-00-00 00:00:00` for "no date") are None here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


@dataclass
class Customer:
    id: str
    name: str


@dataclass
class Login:
    """The customer's access account (PPPoE/RADIUS login)."""

    id: str
    login: str
    online: bool | None = None
    contract_id: str | None = None


@dataclass
class FibreRecord:
    """Where the system says the customer's ONU is, and the last optical values it collected."""

    id: str
    olt_id: str | None  # the system's id of the OLT (IXC: id_transmissor)
    pon: str | None  # as the system writes it (IXC: ponid, e.g. "0/1/0")
    onu_number: str | None  # the ONU's id on that PON (IXC: onu_numero)
    serial: str | None  # IXC keeps the GPON serial in `mac`
    slot: str | None = None
    port: str | None = None
    model: str | None = None
    rx_dbm: str | None = None  # the system's cached reading, as text; never used to decide
    tx_dbm: str | None = None
    measured_at: str | None = None
    last_down_cause: str | None = None


@dataclass
class SupportTicket:
    system: str
    id: str
    protocol: str | None
    subject_id: str | None
    title: str
    text: str
    opened_at: str | None  # ISO-8601 local time of the ISP, as the system recorded it
    status: str | None
    customer: Customer
    login: Login | None
    fibre: FibreRecord | None
    fibre_rows: int = 0  # how many fibre records the login has (the newest is `fibre`)
    notes: list[str] = field(default_factory=list)  # how netops chose the login and the record

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class TicketSystem(Protocol):
    """A support system netops reads tickets from and posts notes to."""

    name: str

    def read_ticket(self, ticket_id: str) -> SupportTicket:
        """The ticket with its customer, login and newest fibre record; NotFound if unknown."""
        ...

    def note_body(self, ticket_id: str, text: str) -> dict[str, str]:
        """Exactly what `post_note` sends, to show before anything is written."""
        ...

    def post_note(self, ticket_id: str, text: str) -> str | None:
        """Post a private note once and return its id (None if the system gave none).

        Raises `NotWritten` when nothing reached the system and `WriteUnknown` when the note
        may have been stored: the caller must not simply send it again.
        """
        ...

    def close(self) -> None:
        ...
