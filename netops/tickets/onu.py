"""From a ticket's fibre record to the ONU netops reads: the inventory OLT and an ONU reference.

IXC keeps, per login, the OLT (`id_transmissor`, an IXC id mapped to an inventory OLT by the
inventory's `ixc.olts`), the PON (`ponid`, written as the OLT writes it: `0/1/0` on a Huawei,
`1/1/2` on a ZTE), the ONU's number on that PON (`onu_numero`) and the GPON serial (`mac`).
What is inferred: that `ponid` and `onu_numero` use the OLT's own numbering, so they are read
as the `F/S/P:ID` of the inventory OLT's profile. Because a stale record or another numbering
would point at somebody else's ONU, the ONU found there must carry the record's serial (checked
by `diagnose`). With no usable position (no `ponid`, only slot/port, a `slotno`/`ponno` that
contradicts `ponid`) the ONU is looked up by its serial alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from netops.errors import ConfigError, InputError
from netops.i18n import L_
from netops.models import OnuRef, OnuSerial, PonRef
from netops.tickets.model import FibreRecord, SupportTicket

# "0/1/0", "gpon-olt_1/1/2", "GPON 0/1/0", "gpon-onu_1/1/2:5": three numbers, maybe the ONU too.
_PON_RE = re.compile(r"(\d{1,3})/(\d{1,3})/(\d{1,3})(?::(\d{1,4}))?\s*$")


@dataclass
class OnuLocation:
    olt: str  # inventory OLT name
    onu: str  # F/S/P:ID, or the serial when the record gives no usable position
    expected_serial: str | None  # the serial the ONU at that position must report
    how: str  # one line a technician can check against IXC
    serial: str | None = None  # the record's serial, whether checked or looked up
    verified_by_serial: bool = False  # set after reading: the OLT reported that serial


_HEX12 = re.compile(r"^[0-9A-Fa-f]{12}$")


def _serial(text: str | None) -> OnuSerial | None:
    """IXC's `mac` as a GPON serial, or None when it is not one (an EPON MAC, free text).

    Twelve hex digits ("AABBCCDDEEFF") are as much a MAC address without separators as a serial;
    a serial's vendor part (HWTC, ZTEG, FHTT, ALCL...) has letters beyond F, so only those are
    taken for serials.
    """
    if not text or _HEX12.match(text.strip()):
        return None
    try:
        return OnuSerial.parse(text)
    except InputError:
        return None


def _position(fibre: FibreRecord) -> tuple[OnuRef | None, str]:
    """The ONU's F/S/P:ID from ponid and onu_numero, or None and why not."""
    match = _PON_RE.search(fibre.pon or "")
    if not match:
        return None, L_("ponid {pon!r} is not F/S/P", pon=fibre.pon) if fibre.pon else L_("no ponid")
    frame, slot, port, inline = match.groups()
    pon = PonRef(int(frame), int(slot), int(port))
    for name, given, found in (("slotno", fibre.slot, slot), ("ponno", fibre.port, port)):
        if given is not None and given.isdigit() and int(given) != int(found):
            return None, L_("{name} {given} contradicts ponid {pon}", name=name, given=given, pon=fibre.pon)
    number = fibre.onu_number if fibre.onu_number is not None else inline
    if number is not None and inline is not None and int(inline) != int(number):
        return None, L_("onu_numero {number} contradicts ponid {pon}", number=number, pon=fibre.pon)
    if number is None or not number.isdigit():
        return None, L_("onu_numero {number!r} is not a number", number=number) if number else L_("no onu_numero")
    return OnuRef(pon, int(number)), ""


def _olt(fibre: FibreRecord, olts: dict[str, str], inventory: Any) -> str:
    where = inventory.path or L_("the inventory")
    known = ", ".join(sorted(inventory.olts)) or L_("none")
    if fibre.olt_id is None:
        raise InputError(L_("IXC fibre record {id} names no OLT (id_transmissor)", id=fibre.id),
                         hint=L_("set the OLT (transmissor) of the customer's ONU in IXC"))
    name = olts.get(fibre.olt_id)
    if name is None:
        raise ConfigError(
            L_("IXC OLT id_transmissor {olt_id} (fibre record {id}) is not mapped in {where}", olt_id=fibre.olt_id, id=fibre.id, where=where),
            hint=L_("add \"{olt_id}\": <OLT name> under ixc.olts (inventory OLTs: {known})", olt_id=fibre.olt_id, known=known),
        )
    if name not in inventory.olts:
        raise ConfigError(L_("{where}: ixc.olts.{olt_id}: unknown OLT {name!r}", where=where, olt_id=fibre.olt_id, name=name),
                          hint=L_("inventory OLTs: {known}", known=known))
    return name


def locate(ticket: SupportTicket, olts: dict[str, str], inventory: Any) -> OnuLocation:
    """The inventory OLT and ONU reference of the ticket's newest fibre record."""
    if ticket.login is None:
        raise InputError(L_("IXC ticket {id} has no login, so netops cannot find the ONU", id=ticket.id),
                         hint=L_("link the customer's login (radusuarios) on the atendimento in IXC"))
    fibre = ticket.fibre
    if fibre is None:
        raise InputError(
            L_("IXC login {login} (ticket {id}) has no fibre record (radpop_radio_cliente_fibra)", login=ticket.login.login, id=ticket.id),
            hint=L_("register the customer's ONU on the login in IXC"),
        )
    olt = _olt(fibre, olts, inventory)
    profile = inventory.olts[olt].profile
    serial = _serial(fibre.serial)
    onu, why_not = _position(fibre)
    if onu is not None:
        read = {"pon": fibre.pon, "onu_id": onu.onu_id, "onu": str(onu), "olt": olt, "profile": profile}
        if serial:
            how = L_("ponid {pon} and onu_numero {onu_id} read as {onu} on {olt} ({profile}), to be confirmed by serial {serial}", serial=str(serial), **read)
        elif fibre.serial:
            how = L_("ponid {pon} and onu_numero {onu_id} read as {onu} on {olt} ({profile}); not confirmed by a serial (mac {mac!r} is not a GPON serial)", mac=fibre.serial, **read)
        else:
            how = L_("ponid {pon} and onu_numero {onu_id} read as {onu} on {olt} ({profile}); not confirmed by a serial (the record has none)", **read)
        known = str(serial) if serial else None
        return OnuLocation(olt, str(onu), known, how, serial=known)
    if serial is not None:
        return OnuLocation(olt, str(serial), None,
                           L_("{why_not}: the ONU is looked up on {olt} by its serial {serial}", why_not=why_not, olt=olt, serial=str(serial)),
                           serial=str(serial))
    raise InputError(
        L_("IXC fibre record {id} gives no usable ONU position ({why_not}) and no GPON serial (mac {serial!r})", id=fibre.id, why_not=why_not, serial=fibre.serial),
        hint=L_("fix ponid and onu_numero, or the serial (mac), of the ONU in IXC"),
    )
