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
import functools
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = dict[str, Any]

_ESC_RE = re.compile(r" ?\x1b\[\d*[A-Za-z]")
_ERASE_RE = re.compile(r"\x1b\[(\d+)D *\x1b\[\1D")  # the pager prompt erased: back, blanks, back
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
    text = _ERASE_RE.sub("", text)
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


_RULE_RE = re.compile(r"^\s*-[-\s]*$")  # `-----`, and the `----- -----` some firmware prints
_HEADER_BREAK = 2  # spaces that separate two columns of a header line
# One value of a row: the multi-word shapes a device prints inside one column first (a date and
# its time, a space-padded F/S/P such as `0/ 1/0`), else one word.
_VALUE_RE = re.compile(
    r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4} \d{1,2}:\d\d:\d\d(?:[+-]\d\d:?\d\d|Z)?(?!\S)"
    r"|\d+/ *\d+/ *\d+(?!\S)"
    r"|\S+"
)

Word = tuple[int, int, str]  # start column, end column, text


def _words(line: str) -> list[Word]:
    return [(match.start(), match.end(), match.group()) for match in re.finditer(r"\S+", line)]


@functools.cache  # a few dozen names, looked up for every row
def _column_key(name: str) -> str:
    """A column name as compared: lower case, units dropped, punctuation as spaces, so `ONT-ID`,
    `ONT ID` and `ONT  ID` over two lines are one name and `Rx power(dBm)` is `rx power`."""
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"\([^)]*\)", " ", name.lower())))


def _split_under(column: list[Word], below: list[Word]) -> list[list[Word]]:
    """A first-line column with two words of the next line under it is two columns whose names
    are one space apart (`Distance Rx/Tx power` over `(m)  (dBm)`): it is cut before the last
    first-line word that starts after the left one and not after the right one."""
    start, end = column[0][0], column[-1][1]
    under = [word for word in below if word[0] < end and word[1] > start]
    parts = [column]
    for left, right in itertools.pairwise(under):
        current = parts[-1]
        cuts = [i for i in range(1, len(current)) if left[0] < current[i][0] <= right[0]]
        if cuts:
            parts[-1:] = [current[: cuts[-1]], current[cuts[-1]:]]
    return parts


def _column_of(columns: list[list[Word]], word: Word) -> int:
    """The column a word of a further header line stands under: the one it overlaps most, else the nearest."""

    def apart(column: list[Word]) -> int:  # negative: overlap
        return max(column[0][0], word[0]) - min(column[-1][1], word[1])

    return min(range(len(columns)), key=lambda i: apart(columns[i]))


def _header_columns(line: str, below: list[str]) -> list[tuple[int, str]]:
    """(start column, name) of each column of a header line and its further lines (`ID`, `flag`,
    units), merged by position."""
    columns: list[list[Word]] = []
    for word in _words(line):
        if columns and word[0] - columns[-1][-1][1] < _HEADER_BREAK:
            columns[-1].append(word)
        else:
            columns.append([word])
    if below:
        columns = [part for column in columns for part in _split_under(column, _words(below[0]))]
    names = [[word[2] for word in column] for column in columns]
    for extra in below:
        for word in _words(extra):
            names[_column_of(columns, word)].append(word[2])
    return [(column[0][0], " ".join(name)) for column, name in zip(columns, names)]


def _row_values(line: str, count: int) -> list[str] | None:
    """A row's values for `count` columns: the first `count - 1` values, then the rest of the line
    (free text such as a description or a down cause), which may be empty. None when the line has
    too few values to be a row (a footer such as `ONU Number: 24/44`)."""
    found = list(_VALUE_RE.finditer(line))
    if len(found) < max(count - 1, 1):
        return None
    values = [match.group() for match in found[: count - 1]]
    values.append(line[found[count - 1].start() :].strip() if len(found) >= count else "")
    return values


def _is_header_line(line: str, first: str) -> bool:
    """A line naming the column `first` among two or more columns, and not starting with a value
    that has a digit (rows start with an id; `O7 State` may follow)."""
    words = line.split()
    if not words or re.search(r"[0-9]", words[0]) or len(re.split(r"\s{2,}", line.strip())) < 2:
        return False
    return any(re.match(rf"{re.escape(first)}(?![A-Za-z])", word, re.IGNORECASE) for word in words)


def _is_further_header_line(line: str) -> bool:
    """`ID  State  UpTime ...`, `ID  (dBm) ...`: the second line of a two-line header."""
    words = line.split()
    return bool(words) and not _RULE_RE.match(line) and not re.search(r"[0-9]", words[0])


def header_table(text: str, first: str) -> list[dict[str, str]]:
    """Rows of every table whose header names the column `first`, keyed by column name.

    Columns are found by the header, never by word position: a header line's words two or more
    spaces apart are separate columns; the words of a second header line (`ID`, `flag`, units)
    join the column they stand under, and split a column whose names were one space apart. Names
    are compared by `_column_key`; a name that two columns share is ambiguous and left out. A row's
    values are its words, a date with its time and a padded F/S/P each counting as one; the last
    column takes the rest of the line. So a firmware that adds, drops, renames or reorders a column
    is still read right, and a column a header lacks gives no value. A line that only continues
    the last column (indented under it: a long description the OLT wrapped) is joined to the row
    above. A table ends at a blank or dashed line after its rows, or at a line that is not a row
    (a footer, the next header).
    """
    lines = clean(text).splitlines()
    rows: list[dict[str, str]] = []
    index = 0
    while index < len(lines):
        header, index = lines[index], index + 1
        if not _is_header_line(header, first):
            continue
        below: list[str] = []
        while index < len(lines) and len(below) < 2 and _is_further_header_line(lines[index]):
            below.append(lines[index])
            index += 1
        found, index = _table_rows(lines, index, _header_columns(header, below), first)
        rows += found
    return rows


def _table_rows(
    lines: list[str], index: int, columns: list[tuple[int, str]], first: str
) -> tuple[list[dict[str, str]], int]:
    """The rows under a header, from `lines[index]` on, and the index of the line that ended them
    (the next header is looked at again as one)."""
    keys = [_column_key(name) for _, name in columns]
    ambiguous = {key for key in keys if keys.count(key) > 1}
    last, last_start = keys[-1], columns[-1][0]
    rows: list[dict[str, str]] = []
    while index < len(lines):
        line = lines[index]
        if not line.strip() or _RULE_RE.match(line):
            if rows:
                break
        elif rows and len(keys) > 1 and last in rows[-1] and _indent(line) >= last_start:
            rows[-1][last] = f"{rows[-1][last]} {line.strip()}".strip()  # free text the OLT wrapped
        else:
            values = None if _is_header_line(line, first) else _row_values(line, len(keys))
            if values is None:
                break  # the next header, or a footer
            rows.append({key: value for key, value in zip(keys, values) if key not in ambiguous})
        index += 1
    return rows, index


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _pick(row: dict[str, str], *names: str) -> str | None:
    """The value of the first of these columns the row has (names as printed, compared by `_column_key`)."""
    for name in names:
        key = _column_key(name)
        if key in row:
            return row[key]
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


# Our fields and the Huawei columns that carry them, as the tables (and `display ont info`'s
# own key names) spell them; a table that lacks a column gives no value for its field.
_HUAWEI_COLUMNS: dict[str, tuple[tuple[str, ...], Callable[[str], Any]]] = {
    "serial": (("SN",), lambda text: text or None),
    "state": (("Run state",), str.lower),
    "description": (("Description",), lambda text: text or None),
    "down_cause": (("Last DownCause", "Last down cause"), lambda text: text or "-"),
    "last_up": (("Last UpTime", "Last up time"), device_time),
    "last_down": (("Last DownTime", "Last down time"), device_time),
    "distance_m": (("Distance", "ONT distance"), metres),
    "rx_dbm": (("Rx power", "Rx optical power"), number),
    "tx_dbm": (("Tx power", "Tx optical power"), number),
    "olt_rx_dbm": (("OLT Rx ONT power", "OLT Rx ONT", "OLT Rx ONT optical power"), number),
    "temperature_c": (("Temperature",), number),
}


def _huawei_fields(values: dict[str, str]) -> Row:
    """Our fields from whichever known columns a Huawei table row has."""
    row: Row = {}
    for field, (names, read) in _HUAWEI_COLUMNS.items():
        text = _pick(values, *names)
        if text is not None:
            row[field] = read(text)
    power = _pick(values, "Rx/Tx power")  # `-22.84/2.12`, `-/-`
    if power is not None:
        rx, slash, tx = power.partition("/")
        row.update(rx_dbm=number(rx), tx_dbm=number(tx) if slash else None)
    if row.get("state") not in ("online", "offline"):
        row.pop("state", None)  # `-` (protect side), `invalid` (the query failed): not known
    return row


def huawei_optical_table(text: str) -> list[Row]:
    """`display ont optical-info <port> all`: one row per ONT, columns found by the header
    (`ONT ID  Rx power  Tx power  OLT Rx ONT power  Temperature  Voltage  Current  Distance`)."""
    rows = []
    for values in header_table(text, "ONT"):
        ont_id = _pick(values, "ONT ID", "ONT")
        if ont_id and ont_id.isdigit():
            rows.append({"onu_id": int(ont_id), **_huawei_fields(values)})
    return rows


_IN_PORT_RE = re.compile(r"^\s*In port (\d+/\s*\d+/\s*\d+)\s*,", re.MULTILINE)


def _port_sections(text: str) -> list[tuple[str | None, str]]:
    """The text cut at its `In port F/S/P, the total of ONTs ...` lines: (that port, what follows it)."""
    text = clean(text)
    marks = list(_IN_PORT_RE.finditer(text))
    sections: list[tuple[str | None, str]] = [(None, text[: marks[0].start()] if marks else text)]
    for mark, following in zip(marks, [*marks[1:], None]):
        sections.append((_fsp(mark.group(1)), text[mark.end() : following.start() if following else len(text)]))
    return sections


def huawei_ont_summary(text: str) -> list[Row]:
    """`display ont info summary <F/S/P>`: a state table (`ONT ID  Run State  Last UpTime  Last
    DownTime  Last DownCause`) and an ONT table (`ONT ID  SN  Type  Distance (m)  Rx/Tx power (dBm)
    Description`), both read by their headers and joined per ONT. Rows under an `In port F/S/P`
    line also name their port (`onu`), so an answer about several ports never mixes their ONTs."""
    rows: dict[tuple[str | None, int], Row] = {}
    for port, section in _port_sections(text):
        for values in header_table(section, "ONT"):
            ont_id = _pick(values, "ONT ID", "ONT")
            if not (ont_id and ont_id.isdigit()):
                continue
            row = rows.setdefault((port, int(ont_id)), {"onu_id": int(ont_id)})
            if port:
                row["onu"] = f"{port}:{ont_id}"
            row.update(_huawei_fields(values))
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
    """`display ont info <F> all` / `display ont info <F> <S> <P> all`: per port, a state table
    (`F/S/P  ONT ID  SN  Control flag  Run state  Config state  Match state  Protect side`) and a
    description table (`F/S/P  ONT-ID  Description`), read by their headers and joined per ONT."""
    rows: dict[str, Row] = {}
    for values in header_table(text, "F/S/P"):
        fsp, ont_id = _fsp(_pick(values, "F/S/P") or ""), _pick(values, "ONT ID", "ONT")
        if fsp and ont_id and ont_id.isdigit():
            key = f"{fsp}:{ont_id}"
            rows.setdefault(key, {"onu": key}).update(_huawei_fields(values))
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
