"""Text formats for optical results: tables and CSV (Prometheus text: netops.exporter.metrics)."""

from __future__ import annotations

import csv
import io
from typing import Any

from rich.text import Text

from netops.cli import labels
from netops.cli.render import Column, FitTable, key_value_table, status_text
from netops.i18n import N_, _
from netops.results import Status

CSV_FIELDS = [
    "olt", "onu", "serial", "name", "description", "state", "down_cause",
    "rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c", "status", "flags",
    "distance_m", "last_up", "last_down", "uptime_s",
]

def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _status(label: str) -> Text:
    return status_text(Status.parse(label))


def _state_cell(onu: dict[str, Any]) -> str:
    if onu["state"] == "offline" and onu["down_cause"]:
        return labels.state("offline", onu["down_cause"])
    return labels.state(onu["state"]) if onu["state"] else "?"


def scan_table(onus: list[dict[str, Any]], title: Text | str) -> FitTable:
    """The ONU id, state, both Rx levels and the status are always shown whole; at a narrow
    terminal the name and description fold, and the rest is left out least needed first
    (temperature, Tx, serial, flags, name). Device text is shown as it is, never as markup."""
    named = any(onu.get("name") for onu in onus)
    table = FitTable(
        Column("ONU"),
        Column(_("serial"), keep=40),
        Column(_("state")),
        Column("Rx", justify="right"),
        Column("Tx", keep=20, justify="right"),
        Column(_("OLT Rx"), justify="right"),
        Column("°C", keep=10, justify="right"),
        Column(_("status")),
        Column(_("flags"), keep=50, fold=True, min_width=10),
        *([Column(_("name"), keep=55, fold=True)] if named else []),
        Column(_("description"), keep=60, fold=True),
        title=title, more="-o json, -o csv",
    )
    for onu in onus:
        table.add_row(
            onu["onu"],
            onu["serial"] or "—",
            _state_cell(onu),
            _fmt(onu["rx_dbm"]),
            _fmt(onu["tx_dbm"]),
            _fmt(onu["olt_rx_dbm"]),
            _fmt(onu["temperature_c"], 0),
            _status(onu["status"]),
            labels.flags(onu["flags"]),
            *([onu.get("name") or ""] if named else []),
            onu["description"] or "",
        )
    return table


# A PON port's counts: the column name and how much it is needed at a narrow terminal.
PON_COLUMNS = ((N_("ONUs"), 40), (N_("online"), 30), (N_("offline"), 50), (N_("LOS"), 45),
               (N_("dying gasp"), 45))


def _outage_words(outage: Any) -> str:
    """The outage in words, whole sentences: a power cut is not the fibre."""
    fields = {"affected": outage.affected, "total": outage.total}
    if outage.first_down and outage.last_down:
        fields["first"] = f"{outage.first_down:%Y-%m-%d %H:%M:%S}"
        fields["last"] = f"{outage.last_down:%H:%M:%S}"
        if outage.kind == "los":
            return _("MASS OUTAGE — LOS: fibre or splitter, {affected} of {total}, down {first}–{last}",
                     **fields)
        return _("MASS OUTAGE — power cut in the area (dying gasp), {affected} of {total}, "
                 "down {first}–{last}", **fields)
    if outage.kind == "los":
        return _("MASS OUTAGE — LOS: fibre or splitter, {affected} of {total}", **fields)
    return _("MASS OUTAGE — power cut in the area (dying gasp), {affected} of {total}", **fields)


def pon_table(ports: list, title: Text | str) -> FitTable:
    """One row per PON port, the outage named in words (a power cut is not the fibre)."""
    table = FitTable(
        Column("PON"),
        *(Column(_(name), keep=keep, justify="right") for name, keep in PON_COLUMNS),
        Column(_("outage"), fold=True, min_width=20),
        title=title,
    )
    for port in ports:
        outage = port.outage
        if outage is None:
            words = Text("—")
        else:
            words = Text(_outage_words(outage), style="bold red")
        table.add_row(str(port.pon), str(port.total), str(port.online), str(port.offline),
                      str(port.los), str(port.dying_gasp), words)
    return table


def matches_table(matches: list[dict[str, Any]], title: Text | str) -> FitTable:
    """`find` results: where each matching ONU is, printed as the devices sent the text."""
    table = FitTable(
        Column("OLT"), Column("ONU"), Column(_("serial"), keep=50), Column(_("state"), keep=40),
        Column(_("name"), keep=30, fold=True), Column(_("description"), keep=60, fold=True),
        title=title,
    )
    for match in matches:
        table.add_row(match["olt"] or "—", match["onu"] or "—", match["serial"] or "—",
                      labels.state(match["state"]) if match["state"] else "—",
                      *(match[key] or "—" for key in ("name", "description")))
    return table


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{days}d " if days else "") + f"{hours:02d}:{minutes:02d}:{secs:02d}"


def onu_table(onu: dict[str, Any]) -> FitTable:
    table = key_value_table()
    t = onu["thresholds"]
    rows = [
        ("OLT", onu["olt"]),
        ("ONU", onu["onu"]),
        (_("Serial"), onu["serial"] or "—"),
        *([(_("Name"), onu["name"])] if onu.get("name") else []),
        (_("Description"), onu["description"] or ""),
        (_("State"), labels.state(onu["state"] or "unknown")),
        (_("Last down cause"), labels.cause(onu["down_cause"]) if onu["down_cause"] else "—"),
        (_("ONU Rx"), _("{rx} dBm  (critical below {low}, above {high})", rx=_fmt(onu["rx_dbm"]),
                        low=_fmt(t["onu_rx_critical_below_dbm"]), high=_fmt(t["onu_rx_overload_above_dbm"]))),
        (_("ONU Tx"), _("{tx} dBm", tx=_fmt(onu["tx_dbm"]))),
        (_("OLT Rx"), _("{rx} dBm  (critical below {low})", rx=_fmt(onu["olt_rx_dbm"]),
                        low=_fmt(t["olt_rx_critical_below_dbm"]))),
        (_("Temperature"), _("{temperature} °C", temperature=_fmt(onu["temperature_c"], 0))),
        (_("Distance"), "—" if onu["distance_m"] is None else _("{metres} m", metres=onu["distance_m"])),
        (_("Last up"), onu["last_up"] or "—"),
        (_("Last down"), onu["last_down"] or "—"),
        (_("Uptime"), _duration(onu["uptime_s"])),
        (_("Flags"), labels.flags(onu["flags"]) or _("none")),
    ]
    for key, value in rows:
        table.add_row(key, value)
    table.add_row(_("Status"), _status(onu["status"]))
    return table


def to_csv(onus: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for onu in onus:
        writer.writerow({**onu, "flags": ";".join(onu["flags"])})
    return buffer.getvalue()
