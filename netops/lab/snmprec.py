"""Writing the lab OLTs' SNMP data as snmpsim `.snmprec` files.

The lab keeps its own copy of each vendor's table layout (OIDs, index encodings, raw units and
"no value" sentinels), written from the vendors' MIB text as summarised in the research notes, and
deliberately not read from netops's profiles: a lab generated from the profiles would agree with
them whatever they say. The tests that prove the profiles right use published device data
(`tests/data/`), not this lab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from netops.lab.olt_data import LabOlt, LabOnu, population
from netops.models import OnuRef

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"

Encode = Callable[[float], int]


def _huawei_instance(onu: OnuRef) -> str:
    # HUAWEI-XPON-MIB: ifIndex of the GPON port (frame 0: 0xFA000000 | slot<<13 | port<<8).
    return f"{0xFA000000 | onu.pon.frame << 18 | onu.pon.slot << 13 | onu.pon.port << 8}.{onu.onu_id}"


def _zte_1012_instance(onu: OnuRef) -> str:
    # ZXGPON: 0x10000000 | (shelf-1)<<24 | slot<<16 | port<<8 (gpon-olt_1/1/1 = 268501248).
    pon = onu.pon
    return f"{0x10000000 | (pon.frame - 1) << 24 | pon.slot << 16 | pon.port << 8}.{onu.onu_id}"


def _zte_1082_instance(onu: OnuRef) -> str:
    # 1082 tree: 0x11000000 | shelf<<16 | slot<<8 | port (gpon_olt-1/1/1 = 285278465).
    pon = onu.pon
    return f"{0x11000000 | pon.frame << 16 | pon.slot << 8 | pon.port}.{onu.onu_id}"


def _vsol_instance(onu: OnuRef) -> str:
    # V-SOL gOnu* tables: <PON number>.<ONU id> (GPON0/1:5 = 1.5).
    return f"{onu.pon.port}.{onu.onu_id}"


def _fiberhome_instance(onu: OnuRef) -> str:
    # AN5516 signed onuIndex: slot*2^25 + pon*2^19 + onu*2^8.
    return str(onu.pon.slot << 25 | onu.pon.port << 19 | onu.onu_id << 8)


@dataclass(frozen=True)
class Number:
    """A numeric column: raw = encode(value); `none` is the raw value served for "no reading".

    With a `unit` the value is served as text with three decimals and the unit in parentheses
    (V-SOL's "-28.530(dBm)"), and "no reading" as empty text.
    """

    oid: str
    encode: Encode
    none: int
    suffix: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Time:
    """A DateAndTime column (SNMPv2-TC): 11 octets with the UTC offset, or 8 without (local)."""

    oid: str
    with_offset: bool = True


def date_and_time(value: dt.datetime, with_offset: bool) -> str:
    """The hex of a DateAndTime: year (2 octets), month, day, hour, minutes, seconds, deci-seconds
    [, '+', hours, minutes from UTC]. The lab's times are UTC."""
    raw = value.year.to_bytes(2, "big") + bytes([value.month, value.day, value.hour, value.minute, value.second, 0])
    return (raw + b"+\x00\x00" if with_offset else raw).hex()


@dataclass(frozen=True)
class Layout:
    instance: Callable[[OnuRef], str]
    serial: str
    state: str
    online: int
    offline: dict[str | None, int]  # down cause (or None) -> state value of an offline ONU
    description: str | None = None
    name: str | None = None
    down_cause: str | None = None
    causes: dict[str, int] | None = None  # down cause -> value of the down-cause column
    numbers: dict[str, Number] | None = None
    times: dict[str, Time] | None = None  # last_up / last_down


def _centi(value: float) -> int:
    return round(value * 100)


def _zte_level(value: float) -> int:
    return round((value + 30) / 0.002)


HUAWEI = "1.3.6.1.4.1.2011.6.128.1.1.2"
ZTE = "1.3.6.1.4.1.3902.1012.3"
ZTE_1082 = "1.3.6.1.4.1.3902.1082.500"
FIBERHOME = "1.3.6.1.4.1.5875.800.3"
VSOL = "1.3.6.1.4.1.37950.1.1.6.1.1"

LAYOUTS: dict[str, Layout] = {
    "huawei_ma5800": Layout(
        _huawei_instance,
        serial=f"{HUAWEI}.43.1.3",
        description=f"{HUAWEI}.43.1.9",
        state=f"{HUAWEI}.46.1.15",
        online=1,
        offline={None: 2},
        down_cause=f"{HUAWEI}.46.1.24",
        causes={"los": 1, "dying_gasp": 13},
        numbers={
            "rx_dbm": Number(f"{HUAWEI}.51.1.4", _centi, 2147483647),
            "tx_dbm": Number(f"{HUAWEI}.51.1.3", _centi, 2147483647),
            "olt_rx_dbm": Number(f"{HUAWEI}.51.1.6", lambda v: round(v * 100 + 10000), 2147483647),
            "temperature_c": Number(f"{HUAWEI}.51.1.1", round, 2147483647),
            "distance_m": Number(f"{HUAWEI}.46.1.20", round, -1),  # ranging, m; invalid(-1)
        },
        times={"last_up": Time(f"{HUAWEI}.46.1.22"), "last_down": Time(f"{HUAWEI}.46.1.23")},
    ),
    "zte_c300": Layout(
        _zte_1012_instance,
        serial=f"{ZTE}.28.1.1.5",
        name=f"{ZTE}.28.1.1.2",
        description=f"{ZTE}.28.1.1.3",
        state=f"{ZTE}.28.2.1.4",
        online=3,
        offline={"los": 1, "dying_gasp": 4, None: 6},
        down_cause=f"{ZTE}.28.2.1.7",
        causes={"los": 2, "dying_gasp": 9},
        numbers={
            "rx_dbm": Number(f"{ZTE}.50.12.1.1.10", _zte_level, 65535, ".1"),
            "tx_dbm": Number(f"{ZTE}.50.12.1.1.14", _zte_level, 65535, ".1"),
            "olt_rx_dbm": Number("1.3.6.1.4.1.3902.1015.1010.11.2.1.2", lambda v: round(v * 1000), 65535000),
            "temperature_c": Number(f"{ZTE}.50.12.1.1.19", lambda v: round(v * 256), 65535, ".1"),
            "distance_m": Number(f"{ZTE}.11.4.1.2", round, -1),  # zxGponRTDDistance
        },
    ),
    "zte_c600": Layout(
        _zte_1082_instance,
        serial=f"{ZTE_1082}.10.2.3.3.1.18",
        name=f"{ZTE_1082}.10.2.3.3.1.2",
        description=f"{ZTE_1082}.10.2.3.3.1.3",
        state=f"{ZTE_1082}.10.2.3.8.1.4",
        online=4,
        offline={"los": 2, "dying_gasp": 5, None: 7},
        down_cause=f"{ZTE_1082}.10.2.3.8.1.7",
        causes={"los": 2, "dying_gasp": 9},
        numbers={
            "rx_dbm": Number(f"{ZTE_1082}.20.2.2.2.1.10", _zte_level, 65535, ".1"),
            "olt_rx_dbm": Number(f"{ZTE_1082}.1.2.4.2.1.2", lambda v: round(v * 1000), 65535000),
            "distance_m": Number(f"{ZTE_1082}.10.2.3.10.1.2", round, -1),
        },
        times={"last_up": Time(f"{ZTE_1082}.10.2.3.8.1.5", False), "last_down": Time(f"{ZTE_1082}.10.2.3.8.1.6", False)},
    ),
    "fiberhome_an5516": Layout(
        _fiberhome_instance,
        serial=f"{FIBERHOME}.10.1.1.10",
        name=f"{FIBERHOME}.10.1.1.7",
        state=f"{FIBERHOME}.10.1.1.11",
        online=1,
        offline={"los": 0, "dying_gasp": 2, None: 3},
        numbers={
            "rx_dbm": Number(f"{FIBERHOME}.9.3.3.1.6", _centi, -8000),
            "tx_dbm": Number(f"{FIBERHOME}.9.3.3.1.7", _centi, -8000),
            "temperature_c": Number(f"{FIBERHOME}.9.3.3.1.10", _centi, -8000),
        },
    ),
    "vsol_v1600g": Layout(
        _vsol_instance,
        serial=f"{VSOL}.2.1.5",  # gOnuAuthInfo serial number
        description=f"{VSOL}.4.1.24",  # gOnuDetailInfoOnuDesc
        state=f"{VSOL}.1.1.5",  # gOnuStaInfoPhaseSta: 3 working, 1 LOS, 4 dying gasp
        online=3,
        offline={"los": 1, "dying_gasp": 4, None: 6},
        numbers={  # gOnuOpticalInfo, as text with the unit
            "rx_dbm": Number(f"{VSOL}.3.1.7", round, 0, unit="dBm"),
            "tx_dbm": Number(f"{VSOL}.3.1.6", round, 0, unit="dBm"),
            "temperature_c": Number(f"{VSOL}.3.1.3", round, 0, unit="C"),
        },
    ),
}


def _text(text: str) -> tuple[str, str]:
    return "4x", text.encode().hex()


def _serial(olt: LabOlt, onu: LabOnu) -> tuple[str, str]:
    if olt.serial_format == "raw":
        return "4x", onu.serial.hex()
    text = onu.serial[:4].decode() + onu.serial[4:].hex().upper()
    return _text("1," + text if olt.serial_format == "prefixed" else text)


def records(olt: LabOlt) -> list[tuple[str, str, str]]:
    """Every (oid, tag, value) of one lab OLT, unsorted."""
    layout = LAYOUTS[olt.profile]
    rows: list[tuple[str, str, str]] = [
        (SYS_DESCR, *_text(olt.sysdescr)),
        (SYS_OBJECT_ID, "6", "1.3.6.1.4.1.8072.3.2.10"),
        (SYS_NAME, *_text(olt.name)),
    ]
    for onu in population(olt):
        instance = layout.instance(onu.onu)
        rows.append((f"{layout.serial}.{instance}", *_serial(olt, onu)))
        for oid in (layout.name, layout.description):
            if oid:
                rows.append((f"{oid}.{instance}", *_text(onu.description)))
        if onu.state == "online":
            state = layout.online
        else:
            state = layout.offline.get(onu.down_cause, layout.offline[None])
        rows.append((f"{layout.state}.{instance}", "2", str(state)))
        if layout.down_cause and layout.causes:
            # online ONUs report the cause of their last drop (the lab says: a power cut)
            cause = layout.causes.get(onu.down_cause or "dying_gasp", layout.causes["dying_gasp"])
            rows.append((f"{layout.down_cause}.{instance}", "2", str(cause)))
        for name, number in (layout.numbers or {}).items():
            oid = f"{number.oid}.{instance}{number.suffix}"
            value = getattr(onu, name)
            if name in onu.garbled:
                rows.append((oid, *_text("n/a")))
            elif number.unit:
                shown = "" if name in onu.sentinel or value is None else f"{value:.3f}({number.unit})"
                rows.append((oid, *_text(shown)))
            elif name in onu.sentinel or value is None:
                rows.append((oid, "2", str(number.none)))
            else:
                rows.append((oid, "2", str(number.encode(value))))
        for name, column in (layout.times or {}).items():
            value = getattr(onu, name)
            raw = date_and_time(value, column.with_offset) if value else "00" * (11 if column.with_offset else 8)
            rows.append((f"{column.oid}.{instance}", "4x", raw))
    return rows


def render(rows: list[tuple[str, str, str]]) -> str:
    """snmpsim wants records sorted by OID and free of duplicates."""
    unique = {oid: (oid, tag, value) for oid, tag, value in rows}
    ordered = sorted(unique.values(), key=lambda row: tuple(int(p) for p in row[0].split(".")))
    return "".join(f"{oid}|{tag}|{value}\n" for oid, tag, value in ordered)
