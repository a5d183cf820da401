"""Writing the lab OLTs' SNMP data as snmpsim `.snmprec` files, encoded the way each profile reads.

Raw values are the inverse of the profile's scaling (raw = (value - offset) / scale); missing
readings use the vendor's documented sentinel, and "garbled" readings are served as a string
where the MIB says integer, as broken firmware sometimes does.
"""

from __future__ import annotations

from netops.lab.olt_data import LabOlt, LabOnu, population
from netops.olt.indexes import SCHEMES
from netops.olt.profile import CauseColumn, Column, NumberColumn, OltProfile, StateColumn
from netops.olt.reading import READINGS

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"


def _escape(text: str) -> str:
    return text.encode().hex()


def _instance(profile: OltProfile, column: Column, onu: LabOnu) -> str:
    scheme = SCHEMES[column.index or profile.snmp.index]
    return f"{column.oid}.{scheme.onu_instance(onu.onu)}{column.suffix}"


def _number(column: NumberColumn, value: float | None) -> int:
    if value is None:
        if column.invalid:
            return column.invalid[0]
        if column.valid_raw:
            return column.valid_raw[1] + 1
        return 0
    return round((value - column.offset) / column.scale)


def _state(column: StateColumn, onu: LabOnu) -> int:
    if onu.state == "online":
        return column.online[0]
    for raw, cause in column.causes.items():
        if cause == onu.down_cause:
            return raw
    offline = [raw for raw in range(0, 16) if raw not in column.online and raw not in column.causes]
    return offline[0]


def _cause(column: CauseColumn, onu: LabOnu) -> int | None:
    for raw, name in column.values.items():
        if name == onu.down_cause and name is not None:
            return raw
    return None


def _serial(olt: LabOlt, onu: LabOnu) -> tuple[str, str]:
    if olt.serial_format == "raw":
        return "4x", onu.serial.hex()
    text = onu.serial[:4].decode() + onu.serial[4:].hex().upper()
    if olt.serial_format == "prefixed":
        text = "1," + text
    return "4x", _escape(text)


def records(olt: LabOlt, profile: OltProfile) -> list[tuple[str, str, str]]:
    """Every (oid, tag, value) of one lab OLT, unsorted."""
    cols = profile.snmp.columns
    rows: list[tuple[str, str, str]] = [
        (SYS_DESCR, "4x", _escape(olt.sysdescr)),
        (SYS_OBJECT_ID, "6", "1.3.6.1.4.1.8072.3.2.10"),
        (SYS_NAME, "4x", _escape(olt.name)),
    ]
    for onu in population(olt):
        tag, value = _serial(olt, onu)
        rows.append((_instance(profile, cols.serial, onu), tag, value))
        if cols.description is not None:
            rows.append((_instance(profile, cols.description, onu), "4x", _escape(onu.description)))
        rows.append((_instance(profile, cols.state, onu), "2", str(_state(cols.state, onu))))
        if cols.down_cause is not None:
            cause = _cause(cols.down_cause, onu)
            last = cause if cause is not None else next(
                (raw for raw, name in cols.down_cause.values.items() if name == "dying_gasp"), 1
            )  # online ONUs report the cause of their last drop
            rows.append((_instance(profile, cols.down_cause, onu), "2", str(last)))
        for name in READINGS:
            column = getattr(cols, name)
            if column is None:
                continue
            oid = _instance(profile, column, onu)
            if name in onu.garbled:
                rows.append((oid, "4x", _escape("n/a")))
            elif name in onu.sentinel:
                rows.append((oid, "2", str(_number(column, None))))
            else:
                rows.append((oid, "2", str(_number(column, getattr(onu, name)))))
    return rows


def render(rows: list[tuple[str, str, str]]) -> str:
    """snmpsim wants records sorted by OID and free of duplicates."""
    unique = {oid: (oid, tag, value) for oid, tag, value in rows}
    ordered = sorted(unique.values(), key=lambda row: tuple(int(p) for p in row[0].split(".")))
    return "".join(f"{oid}|{tag}|{value}\n" for oid, tag, value in ordered)
