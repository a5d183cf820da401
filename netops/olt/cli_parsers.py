"""Parsers for OLT CLI output: text in, per-ONU fields out. Pure functions, no I/O.

Every parser returns a list of rows (dicts). A row may carry `onu` ("F/S/P:ID") or `onu_id` (an
id on the port the command was about) and any of the fields: `serial` (text as printed),
`name`, `description`, `state` ("online"/"offline"), `phase` (vendor state word), `down_cause` (vendor
text), `rx_dbm`, `tx_dbm`, `olt_rx_dbm`, `temperature_c`, `distance_m`, `last_up`, `last_down`
(datetimes) and `uptime_s`. A numeric field present with value None means the device printed
"no value" (`-`, `N/A`, `no signal`): unreadable, not unsupported.
The OLT profile names which parser reads which command (`PARSERS`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = dict[str, Any]

_ESC_RE = re.compile(r" ?\x1b\[\d*[A-Za-z]")
_HUAWEI_MORE_RE = re.compile(r"-+ More \( Press 'Q' to break \) -+")
_ZTE_MORE_RE = re.compile(r" *--More--[\x08 ]*")
_SMART_RE = re.compile(r"\{ *<cr>[^}]*\}: *")
_ALARM_RE = re.compile(r"^! .*?^\s*--- END\s*$\n?", re.MULTILINE | re.DOTALL)
_NUMBER_RE = re.compile(r"^[-+]?\d+(\.\d+)?$")
_ONU_RE = re.compile(r"(\d+)/\s*(\d+)/\s*(\d+):(\d+)")


def clean(text: str) -> str:
    """Remove pager prompts, cursor-erase codes, `{ <cr>||<K> }:` prompts and alarm blocks."""
    text = text.replace("\r\n", "\n").replace("\r", "")
    text = _HUAWEI_MORE_RE.sub("", text)
    text = _ZTE_MORE_RE.sub("", text)
    text = _ESC_RE.sub("", text)
    text = text.replace("\x1b", "")
    text = _SMART_RE.sub("", text)
    text = _ALARM_RE.sub("", text)
    return text


def number(text: str | None) -> float | None:
    """`-24.68`, `-20.241(dbm)`, `38` -> float; `-`, `N/A`, `no signal`, garbage -> None."""
    if text is None:
        return None
    value = re.sub(r"\((dbm|dBm|dB|C|V|mA|m)\)$", "", text.strip())
    return float(value) if _NUMBER_RE.match(value) else None


_ISO_TIME_RE = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\s*([+-])(\d\d):?(\d\d)|\s*(Z|UTC))?$"
)
_SLASH_TIME_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d\d):(\d\d):(\d\d)$")


def device_time(text: str | None) -> dt.datetime | None:
    """`2023-01-05 08:56:12+08:00` (with its offset), `2022-09-05 14:04:42` (the OLT's local
    clock: naive); `-`, `N/A` and ZTE's `0000-00-00 00:00:00` (never) are None. A slash date is
    read only when day and month cannot be swapped (`1/1/2000`, `25/12/2021`), never guessed."""
    value = (text or "").strip()
    if match := _ISO_TIME_RE.match(value):
        parts = [int(p) for p in match.groups()[:6]]
        sign, hours, minutes, zulu = match.groups()[6:]
        tz = None
        if zulu:
            tz = dt.UTC
        elif sign:
            offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
            tz = dt.timezone(offset if sign == "+" else -offset)
    elif match := _SLASH_TIME_RE.match(value):
        first, second, year, *clock = (int(p) for p in match.groups())
        if first == second or first > 12:
            day, month = first, second
        elif second > 12:
            month, day = first, second
        else:
            return None  # 3/4/2021: March or April? Not guessed.
        parts, tz = [year, month, day, *clock], None
    else:
        return None
    try:
        return dt.datetime(*parts, tzinfo=tz) if parts[0] else None  # type: ignore[arg-type, misc]
    except (ValueError, OverflowError):
        return None


_DURATION_RE = re.compile(
    r"^(?:(\d+)\s*(?:day\(s\)|days?|d)[,\s]*)?(?:(\d+)\s*(?:hour\(s\)|hours?|h)[,\s]*)?"
    r"(?:(\d+)\s*(?:minute\(s\)|minutes?|m)[,\s]*)?(?:(\d+)\s*(?:second\(s\)|seconds?|s))?\s*$",
    re.IGNORECASE,
)


def duration(text: str | None) -> int | None:
    """`0 day(s), 0 hour(s), 3 minute(s), 0 second(s)` (Huawei), `34h 45m 21s` (ZTE) -> seconds."""
    value = (text or "").strip()
    match = _DURATION_RE.match(value)
    if not value or not match or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def metres(text: str | None) -> float | None:
    """`47`, `1900m` -> 47.0, 1900.0; `-`, `N/A` -> None."""
    value = re.sub(r"\s*m$", "", (text or "").strip())
    return float(value) if _NUMBER_RE.match(value) else None


def key_values(text: str) -> dict[str, str]:
    """`  Key name   : value` lines -> {"key name": "value"} (first occurrence wins)."""
    found: dict[str, str] = {}
    for line in clean(text).splitlines():
        if ":" not in line or line.strip().startswith("-"):
            continue
        key, _, value = line.partition(":")
        key = re.sub(r"\s+", " ", key.strip()).lower()
        if key and key not in found:
            found[key] = value.strip()
    return found


def _fsp(text: str) -> str | None:
    match = re.match(r"^\s*(\d+)/\s*(\d+)/\s*(\d+)\s*$", text or "")
    return "/".join(match.groups()) if match else None


def header_table(text: str, first: str) -> list[dict[str, str]]:
    """Rows of a table found by its header line (the line starting with the column `first`).

    Column names are the header's words separated by two or more spaces (`Phase State`), compared
    in lower case; a row's values are its whitespace-separated words, the last column taking the
    rest of the line. So a firmware that adds, drops or reorders a column is still read right.
    Rows end at a blank line or a line that does not have a value for every column.
    """
    lines = clean(text).splitlines()
    rows: list[dict[str, str]] = []
    names: list[str] | None = None
    for line in lines:
        if names is None:
            stripped = line.strip()
            if stripped.lower().startswith(first.lower()):
                names = [re.sub(r"\s+", " ", n).lower() for n in re.split(r"\s{2,}", stripped)]
            continue
        if not line.strip() or set(line.strip()) <= {"-", " "}:
            if rows:
                break
            continue
        values = line.split(None, len(names) - 1)
        if not rows and not re.search(r"[0-9]", values[0]):
            continue  # a second header line (units: `ID (dBm) ...`)
        if len(values) < len(names):
            if rows:
                break
            continue
        rows.append(dict(zip(names, values)))
    return rows


def _pick(row: dict[str, str], *names: str) -> str | None:
    for name in names:
        if name in row:
            return row[name]
    return None


# -- Huawei SmartAX --------------------------------------------------------------------------


def huawei_ont_info(text: str) -> list[Row]:
    """`display ont info <port> <id>` / `display ont info by-sn <SN>`: one key/value block."""
    kv = key_values(text)
    if "run state" not in kv and "sn" not in kv:
        return []
    row: Row = {}
    fsp, ont_id = _fsp(kv.get("f/s/p", "")), kv.get("ont-id", "")
    if fsp and ont_id.isdigit():
        row["onu"] = f"{fsp}:{ont_id}"
    if kv.get("sn"):
        row["serial"] = kv["sn"].split()[0]
    if "description" in kv:
        row["description"] = kv["description"] or None
    state = kv.get("run state", "").lower()  # online, offline; `invalid` (query failed) is unknown
    if state in ("online", "offline"):
        row["state"] = state
    if "last down cause" in kv:
        row["down_cause"] = kv["last down cause"]
    if "ont distance(m)" in kv:
        row["distance_m"] = metres(kv["ont distance(m)"])
    for key, field in (("last up time", "last_up"), ("last down time", "last_down")):
        if key in kv:
            row[field] = device_time(kv[key])
    if "ont online duration" in kv:
        row["uptime_s"] = duration(kv["ont online duration"])
    return [row]


_HUAWEI_OPTICAL_KEYS = {
    "rx optical power(dbm)": "rx_dbm",
    "tx optical power(dbm)": "tx_dbm",
    "olt rx ont optical power(dbm)": "olt_rx_dbm",
    "temperature(c)": "temperature_c",
}


def huawei_ont_optical(text: str) -> list[Row]:
    """`display ont optical-info <port> <id>`: key/value block of one ONT."""
    kv = key_values(text)
    row = {field: number(kv[key]) for key, field in _HUAWEI_OPTICAL_KEYS.items() if key in kv}
    return [row] if row else []


def huawei_optical_table(text: str) -> list[Row]:
    """`display ont optical-info <port> all`: one row per ONT, columns found by the header
    (`ONT  Rx power  Tx power  OLT Rx ONT  Temperature  Voltage  Current  Distance`)."""
    rows = []
    for values in header_table(text, "ONT"):
        ont_id = values.get("ont", "")
        if not ont_id.isdigit():
            continue
        rows.append(
            {
                "onu_id": int(ont_id),
                "rx_dbm": number(_pick(values, "rx power")),
                "tx_dbm": number(_pick(values, "tx power")),
                "olt_rx_dbm": number(_pick(values, "olt rx ont", "olt rx ont power")),
                "temperature_c": number(_pick(values, "temperature")),
                "distance_m": metres(_pick(values, "distance")),
            }
        )
    return rows


_SUMMARY_STATE_RE = re.compile(
    r"^\s*(\d+)\s+(online|offline)\s+(\S+(?: \d\d:\d\d:\d\d)?|-)\s+(\S+(?: \d\d:\d\d:\d\d)?|-)\s*(.*?)\s*$"
)
_SUMMARY_ONT_RE = re.compile(r"^\s*(\d+)\s+([0-9A-Fa-f]{16}|\S+)\s+(\S+)\s+(\d+|-)\s+(\S+)/(\S+)\s*(.*?)\s*$")


def huawei_ont_summary(text: str) -> list[Row]:
    """`display ont info summary <F/S/P>`: state/down-cause table, then SN/Rx/Tx/description."""
    rows: dict[int, Row] = {}
    section = 0
    for line in clean(text).splitlines():
        if re.match(r"^\s*ONT\s+Run\s+Last", line):
            section = 1
            continue
        if re.match(r"^\s*ONT\s+SN\s+Type", line):
            section = 2
            continue
        if section == 1 and (match := _SUMMARY_STATE_RE.match(line)):
            ont_id, state, up, down, cause = match.groups()
            row = rows.setdefault(int(ont_id), {"onu_id": int(ont_id)})
            row["state"] = state
            row["down_cause"] = cause or "-"
            row.update(last_up=device_time(up), last_down=device_time(down))
        elif section == 2 and (match := _SUMMARY_ONT_RE.match(line)):
            ont_id, serial, _, distance, rx, tx, description = match.groups()
            row = rows.setdefault(int(ont_id), {"onu_id": int(ont_id)})
            row.update(serial=serial, description=description or None, distance_m=metres(distance))
            row.update(rx_dbm=number(rx), tx_dbm=number(tx))
    return list(rows.values())


# -- ZTE ZXAN (C300/C320) and C600/C650 --------------------------------------------------------

_ATT_UP_RE = re.compile(r"^\s*up\s+Rx\s*:\s*(.*?)\s+Tx\s*:\s*(\S+)", re.IGNORECASE)
_ATT_DOWN_RE = re.compile(r"^\s*down\s+Tx\s*:\s*(.*?)\s+Rx\s*:\s*(\S+)", re.IGNORECASE)


def zte_attenuation(text: str) -> list[Row]:
    """`show pon power attenuation gpon-onu_F/S/P:ID`: `up` = OLT Rx / ONU Tx, `down` = ONU Rx."""
    row: Row = {}
    for line in clean(text).splitlines():
        if match := _ATT_UP_RE.match(line):
            row["olt_rx_dbm"] = number(match.group(1))
            row["tx_dbm"] = number(match.group(2))
        elif match := _ATT_DOWN_RE.match(line):
            row["rx_dbm"] = number(match.group(2))
    return [row] if row else []


def zte_onu_state(text: str) -> list[Row]:
    """`show gpon onu state [gpon-olt_F/S/P]`, read by its header. Three layouts are published:
    C300 `OnuIndex Admin State OMCC State Phase State Channel`, C320 `... OMCC State O7 State
    Phase State`, C600 `... Phase state Speed mode`. The `ONU Number: 24/44` footer is not a row.
    """
    rows = []
    for values in header_table(text, "OnuIndex"):
        match = _ONU_RE.search(values.get("onuindex", ""))
        phase = _pick(values, "phase state")
        if match and phase:
            rows.append({"onu": "{}/{}/{}:{}".format(*match.groups()), "phase": phase})
    return rows


def zte_power_list(text: str, field: str = "rx_dbm") -> list[Row]:
    """`show pon power onu-rx|onu-tx|olt-rx gpon-olt_F/S/P`: `gpon-onu_1/1/1:1  -20.172(dbm)` lines."""
    rows = []
    for line in clean(text).splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2 and (match := _ONU_RE.search(parts[0])):
            rows.append({"onu": "{}/{}/{}:{}".format(*match.groups()), field: number(parts[1])})
    return rows


_ZTE_CONFIG_ONU_RE = re.compile(r"^\s*onu\s+(\d+)\s+type\s+\S+\s+(?:sn|loid)\s+(\S+)", re.IGNORECASE)


def zte_olt_config(text: str) -> list[Row]:
    """`show running-config interface gpon-olt_F/S/P`: `onu 1 type ZTE-F660 sn ZTEGC0A1B2C3`."""
    rows = []
    for line in clean(text).splitlines():
        if match := _ZTE_CONFIG_ONU_RE.match(line):
            rows.append({"onu_id": int(match.group(1)), "serial": match.group(2)})
    return rows


_ZTE_HISTORY_RE = re.compile(r"^\s*\d+\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s*(\S*)")


def zte_detail_info(text: str) -> list[Row]:
    """`show gpon onu detail-info gpon-onu_F/S/P:ID`: key/value block plus the up/down history.

    The last history line with an offline time gives the last down cause.
    """
    kv = key_values(text)
    if "phase state" not in kv:
        return []
    row: Row = {"phase": kv["phase state"]}
    match = _ONU_RE.search(kv.get("onu interface", ""))
    if match:
        row["onu"] = "{}/{}/{}:{}".format(*match.groups())
    serial = kv.get("serial number") or kv.get("sn")
    if serial:
        row["serial"] = serial
    row["name"] = kv.get("name") or None  # ZTE keeps the customer's name apart from the description
    row["description"] = kv.get("description") or None
    if "onu distance" in kv:
        row["distance_m"] = metres(kv["onu distance"])
    if "online duration" in kv:
        row["uptime_s"] = duration(kv["online duration"])
    cause = up = down = None
    for line in clean(text).splitlines():  # the newest times win, wherever the table puts them
        if history := _ZTE_HISTORY_RE.match(line):
            passed, offline = device_time(history.group(1)), device_time(history.group(2))
            if passed and (up is None or passed >= up):
                up = passed
            if not history.group(2).startswith("0000") and (down is None or (offline and offline >= down)):
                cause, down = history.group(3) or None, offline
    row.update(down_cause=cause, last_up=up, last_down=down)
    return [row]


def zte_by_sn(text: str) -> list[Row]:
    """`show gpon onu by sn <SN>`: the ONU interface(s) holding that serial."""
    rows = []
    for line in clean(text).splitlines():
        if "onu" in line.lower() and (match := _ONU_RE.search(line)):
            rows.append({"onu": "{}/{}/{}:{}".format(*match.groups())})
    return rows


PARSERS: dict[str, Callable[..., list[Row]]] = {
    "huawei_ont_info": huawei_ont_info,
    "huawei_ont_optical": huawei_ont_optical,
    "huawei_optical_table": huawei_optical_table,
    "huawei_ont_summary": huawei_ont_summary,
    "zte_attenuation": zte_attenuation,
    "zte_onu_state": zte_onu_state,
    "zte_power_list": zte_power_list,
    "zte_olt_config": zte_olt_config,
    "zte_detail_info": zte_detail_info,
    "zte_by_sn": zte_by_sn,
}


def normalize_cause(text: str | None, names: dict[str, str | None] | None = None) -> str | None:
    """A vendor down-cause word as the snake_case name SNMP uses: `dying-gasp`, `DyingGasp` -> dying_gasp."""
    if text is None:
        return None
    value = text.strip()
    if value in ("", "-", "N/A", "--"):
        return None
    if names:
        for key, name in names.items():
            if key.lower() == value.lower():
                return name
    value = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", value)
    return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_") or None


def huawei_ont_list(text: str) -> list[Row]:
    """`display ont info <F> all` / `display ont info <F> <S> <P> all`: SN/state table, then descriptions."""
    rows: dict[str, Row] = {}
    for line in clean(text).splitlines():
        match = re.match(r"^\s*(\d+/\s*\d+/\s*\d+)\s+(\d+)\s+(.*?)\s*$", line)
        if not match:
            continue
        fsp, ont_id, rest = match.groups()
        key = f"{_fsp(fsp)}:{ont_id}"
        parts = rest.split()
        row = rows.setdefault(key, {"onu": key})
        if len(parts) >= 6 and parts[1] in ("active", "deactive", "configuring"):
            row["serial"] = parts[0]
            if parts[2] in ("online", "offline"):
                row["state"] = parts[2]
        else:
            row["description"] = rest or None
    return list(rows.values())


def zte_running_config(text: str) -> list[Row]:
    """`show running-config`: `onu N type T sn SN` under each gpon-olt interface, and the
    `name` / `description` lines of each gpon-onu interface block."""
    rows: dict[str, Row] = {}
    pon: str | None = None
    onu: str | None = None
    for line in clean(text).splitlines():
        if match := re.match(r"^interface\s+gpon[-_]olt[-_](\d+/\d+/\d+)\s*$", line):
            pon, onu = match.group(1), None
        elif match := re.match(r"^interface\s+gpon[-_]onu[-_](\d+/\d+/\d+:\d+)\s*$", line):
            pon, onu = None, match.group(1)
        elif line.startswith("!") or re.match(r"^\S", line):
            pon = onu = None
        elif pon and (match := _ZTE_CONFIG_ONU_RE.match(line)):
            rows.setdefault(f"{pon}:{match.group(1)}", {"onu": f"{pon}:{match.group(1)}"})["serial"] = match.group(2)
        elif onu and (match := re.match(r"^\s+(name|description)\s+(.*?)\s*$", line)):
            rows.setdefault(onu, {"onu": onu})[match.group(1)] = match.group(2)
    return list(rows.values())


_INT_FIELDS = {"onu_id"}
_TEXT_FIELDS = {"onu", "serial", "name", "description", "state", "phase", "down_cause"}


def textfsm_table(text: str, template: str, fields: str) -> list[Row]:
    """Any TextFSM template (ntc-templates' name, or a path): `fields` maps its values to ours,
    e.g. "ONT_ID=onu_id,RX_POWER=rx_dbm". Numbers go through `number` ("-" = no reading)."""
    import textfsm

    path = _template_path(template)
    mapping = dict(pair.split("=", 1) for pair in fields.split(",") if "=" in pair)
    with open(path) as handle:
        fsm = textfsm.TextFSM(handle)
    rows = []
    for record in fsm.ParseText(clean(text)):
        values = dict(zip(fsm.header, record))
        row: Row = {}
        for theirs, ours in mapping.items():
            value = values.get(theirs)
            if ours in _INT_FIELDS:
                row[ours] = int(value) if value and value.isdigit() else None
            elif ours in _TEXT_FIELDS:
                row[ours] = value or None
            else:
                row[ours] = number(value)
        rows.append(row)
    return rows


def _template_path(template: str) -> Path:
    candidate = Path(template).expanduser()
    if candidate.is_file():
        return candidate
    import ntc_templates

    return Path(ntc_templates.__file__).parent / "templates" / template


PARSERS["huawei_ont_list"] = huawei_ont_list
PARSERS["textfsm"] = textfsm_table
PARSERS["zte_running_config"] = zte_running_config
