"""Turning raw SNMP values into readings, as the OLT profile describes. Pure functions.

A value that is missing, of the wrong type, or a documented "no value" sentinel gives None:
the caller marks the reading unreadable instead of showing a nonsense number.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from netops.models import OnuSerial
from netops.olt.profile import CauseColumn, NumberColumn, StateColumn, TimeColumn
from netops.text import plain

# a decimal number as text, maybe with its unit in parentheses after it: "-23.46", "-28.530(dBm)"
_DECIMAL_TEXT = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:\([^()]{0,16}\))?\s*$")

RawValue = int | bytes | str | None


def as_int(raw: RawValue) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    if isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            return None
    return None


def number(column: NumberColumn, raw: RawValue) -> float | None:
    """raw × scale + offset, or None for a sentinel, an out-of-range or a garbled value."""
    value = as_int(raw)
    if value is None:
        # Some OLTs report optical levels as decimal text ("-23.46", V-SOL's "-28.530(dBm)"):
        # accept it as already scaled, a unit in parentheses after it ignored.
        text = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
        if isinstance(text, str):
            match = _DECIMAL_TEXT.match(text)
            if match is None:
                return None
            parsed = float(match.group(1))
            return round(parsed, column.decimals) if math.isfinite(parsed) else None
        return None
    if value in column.invalid:
        return None
    if column.valid_raw and not column.valid_raw[0] <= value <= column.valid_raw[1]:
        return None
    return round(value * column.scale + column.offset, column.decimals)


def text(raw: RawValue) -> str | None:
    """Device text (a name, a description) as inert text: escape sequences gone, controls shown."""
    if raw is None:
        return None
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    value = plain(str(raw).strip().strip("\x00").strip())
    return value or None


def serial(raw: RawValue) -> OnuSerial | None:
    if raw is None or isinstance(raw, int):
        return None
    return OnuSerial.from_device(raw)


def state(column: StateColumn, raw: RawValue) -> tuple[str | None, str | None]:
    """(state, implied down cause); (None, None) when the value is garbled."""
    value = as_int(raw)
    if value is None or value in column.unknown:
        return None, None
    if value in column.online:
        return "online", None
    return "offline", column.causes.get(value)


def cause(column: CauseColumn, raw: RawValue) -> str | None:
    value = as_int(raw)
    if value is None:
        return None
    return column.values.get(value, f"code_{value}")


def date_and_time(column: TimeColumn, raw: RawValue) -> dt.datetime | None:
    """SNMPv2-TC DateAndTime: year (2 octets), month, day, hour, minutes, seconds, deci-seconds,
    then optionally '+'/'-', hours and minutes from UTC. Without the offset the time is the OLT's
    local clock (a naive datetime). All zeros (never happened), a garbled or impossible date: None.
    """
    if not isinstance(raw, bytes) or len(raw) not in (8, 11):
        return None
    year = int.from_bytes(raw[0:2], "big")
    month, day, hour, minute, second, decis = raw[2:8]
    if year == 0:
        return None
    try:
        value = dt.datetime(year, month, day, hour, minute, second, min(decis, 9) * 100_000)
    except ValueError:
        return None
    if len(raw) == 11:
        sign, hours, minutes = chr(raw[8]), raw[9], raw[10]
        if sign not in "+-" or hours > 14 or minutes > 59:
            return None
        offset = dt.timedelta(hours=hours, minutes=minutes)
        value = value.replace(tzinfo=dt.timezone(offset if sign == "+" else -offset))
    return value
