"""Typed values parsed from what technicians type: PON ports, ONU ids and ONU serial numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from netops.errors import InputError
from netops.i18n import L_

# ASCII digits only: `\d` would also take other scripts' digits (`0/١/0:3` read as `0/1/0:3`).
_PON_RE = re.compile(r"^\s*([0-9]{1,3})/([0-9]{1,3})/([0-9]{1,3})\s*$", re.ASCII)
_ONU_RE = re.compile(r"^\s*([0-9]{1,3})/([0-9]{1,3})/([0-9]{1,3}):([0-9]{1,4})\s*$", re.ASCII)
QUOTE_LIMIT = 80

# What an optical module can physically report. A value outside is a device or transport fault
# (a sentinel, an overflow), never a reading to judge: Rx at the ONU and at the OLT, ONU Tx, and
# the module temperature.
PHYSICAL_RANGE: dict[str, tuple[float, float]] = {
    "rx_dbm": (-50.0, 10.0),
    "olt_rx_dbm": (-50.0, 10.0),
    "tx_dbm": (-10.0, 10.0),
    "temperature_c": (-40.0, 125.0),
}


def physically_possible(name: str, value: float | None) -> bool:
    """False for NaN, infinities and values outside `PHYSICAL_RANGE[name]`."""
    if value is None:
        return False
    low, high = PHYSICAL_RANGE[name]
    return low <= value <= high  # NaN compares False


def quoted(text: object, limit: int = QUOTE_LIMIT) -> str:
    """`repr()` of bad input for an error message, cut to about `limit` characters."""
    value = str(text)
    if len(value) > limit:
        return repr(value[:limit]) + f"... ({len(value)} characters)"
    return repr(value)
_SERIAL_TEXT_RE = re.compile(r"^([A-Za-z0-9]{4})-?([0-9A-Fa-f]{8})$", re.ASCII)
_SERIAL_HEX_RE = re.compile(r"^[0-9A-Fa-f]{16}$", re.ASCII)


@dataclass(frozen=True, order=True)
class PonRef:
    """A PON port as frame/slot/port (Huawei F/S/P; ZTE shelf/slot/port)."""

    frame: int
    slot: int
    port: int

    @classmethod
    def parse(cls, text: str) -> PonRef:
        match = _PON_RE.match(text or "")
        if not match:
            raise InputError(
                L_("malformed PON port {quoted}", quoted=quoted(text)), hint=L_("write it as F/S/P, for example 0/1/3")
            )
        return cls(*(int(part) for part in match.groups()))

    def __str__(self) -> str:
        return f"{self.frame}/{self.slot}/{self.port}"


@dataclass(frozen=True, order=True)
class OnuRef:
    """One ONU: its PON port and its ONU id on that port (`F/S/P:ID`)."""

    pon: PonRef
    onu_id: int

    @classmethod
    def parse(cls, text: str) -> OnuRef:
        match = _ONU_RE.match(text or "")
        if not match:
            raise InputError(
                L_("malformed ONU id {quoted}", quoted=quoted(text)),
                hint=L_("write it as F/S/P:ID (for example 0/1/3:12) or give the serial number"),
            )
        frame, slot, port, onu_id = (int(part) for part in match.groups())
        return cls(PonRef(frame, slot, port), onu_id)

    def __str__(self) -> str:
        return f"{self.pon}:{self.onu_id}"


@dataclass(frozen=True)
class OnuSerial:
    """A GPON serial number: 4 vendor characters and 4 bytes (8 bytes on the wire)."""

    raw: bytes

    @classmethod
    def parse(cls, text: str) -> OnuSerial:
        value = (text or "").strip()
        if _SERIAL_HEX_RE.match(value):
            raw = bytes.fromhex(value)
            if raw[:4].decode("ascii", "replace").isalnum():
                return cls(raw)
        match = _SERIAL_TEXT_RE.match(value)
        if match:
            vendor, number = match.groups()
            return cls(vendor.upper().encode("ascii") + bytes.fromhex(number))
        raise InputError(
            L_("malformed ONU serial number {quoted}", quoted=quoted(text)),
            hint=L_("write it as HWTC1A2B3C4D, HWTC-1A2B3C4D or 485754431A2B3C4D"),
        )

    @classmethod
    def from_device(cls, value: bytes | str) -> OnuSerial | None:
        """Read a serial the way OLTs report it: 8 raw bytes, 16 hex digits or text."""
        if isinstance(value, bytes):
            if len(value) == 8:
                return cls(value)
            value = value.decode("ascii", "replace")
        text = value.strip()
        if "," in text:  # some ZTE firmware prefixes the value with "1,"
            text = text.split(",", 1)[1].strip()
        try:
            return cls.parse(text)
        except InputError:
            return None

    @property
    def vendor(self) -> str:
        return self.raw[:4].decode("ascii", "replace")

    @property
    def hex(self) -> str:
        return self.raw.hex().upper()

    def __str__(self) -> str:
        return f"{self.vendor}{self.raw[4:].hex().upper()}"


def parse_onu_target(text: str) -> OnuRef | OnuSerial:
    """An ONU as typed on the command line: `F/S/P:ID` or a serial number."""
    if ":" in (text or "") or "/" in (text or ""):
        return OnuRef.parse(text)
    try:
        return OnuSerial.parse(text)
    except InputError:
        raise InputError(
            L_("{quoted} is neither an ONU id nor a serial number", quoted=quoted(text)),
            hint=L_("write F/S/P:ID (for example 0/1/3:12) or a serial such as HWTC1A2B3C4D"),
        ) from None
