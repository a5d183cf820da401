"""`netops optical history`: the readings kept for one ONU, the trend, and a small chart.

The chart is plain text (one character per reading, newest on the right): ONU Rx as `o`, OLT-side
Rx as `x`, both where they meet as `*`, and the ISP's two limits as dashed lines, so a weakening
link is seen at a glance on a terminal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text

from netops.cli import labels
from netops.cli.render import Column, FitTable, literal
from netops.history.store import Stored
from netops.history.trend import Trend, step
from netops.i18n import _

CHART_HEIGHT = 10
CHART_WIDTH = 60


def to_json(olt: str, onu: str, rows: list[Stored], trends: dict[str, Trend | None]) -> dict[str, Any]:
    return {
        "olt": olt,
        "onu": onu,
        "readings": [
            {"time": r.time, "state": r.state, "rx_dbm": r.rx_dbm, "tx_dbm": r.tx_dbm,
             "olt_rx_dbm": r.olt_rx_dbm, "down_cause": r.down_cause}
            for r in rows
        ],
        "trend": {name: t.to_dict() if t else None for name, t in trends.items()},
    }


def _local(time: str, tz: dt.tzinfo) -> str:
    return dt.datetime.fromisoformat(time).astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _value(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _change(value: float | None) -> Text:
    if value is None or value == 0:
        return Text("")
    arrow = "▼" if value < 0 else "▲"
    return Text(f"{arrow} {value:+.2f}", style="red" if value < 0 else "green")


def history_table(rows: list[Stored], tz: dt.tzinfo, title: str) -> FitTable:
    """Oldest first; each reading's change from the one before (▼ worse, ▲ better). The time,
    state and both Rx levels are always shown; the rest gives way at a narrow terminal."""
    table = FitTable(
        Column(_("time")), Column(_("state")), Column(_("last down cause"), keep=40),
        Column("Rx", justify="right"), Column("Δ Rx", keep=30, justify="right"),
        Column(_("OLT Rx"), justify="right"), Column(_("Δ OLT Rx"), keep=30, justify="right"),
        Column("Tx", keep=20, justify="right"), Column(_("via"), keep=10),
        title=literal(title),
    )
    previous: Stored | None = None
    for row in rows:
        table.add_row(
            _local(row.time, tz), labels.state(row.state) if row.state else "?",
            labels.cause(row.down_cause) if row.down_cause else "",
            _value(row.rx_dbm), _change(step(previous.rx_dbm, row.rx_dbm) if previous else None),
            _value(row.olt_rx_dbm), _change(step(previous.olt_rx_dbm, row.olt_rx_dbm) if previous else None),
            _value(row.tx_dbm), row.command,
        )
        previous = row
    return table


def trend_line(label: str, found: Trend | None) -> str:
    if found is None:
        return _("{label}: fewer than two readings, no trend", label=label)
    first, last = format(found.first, ".2f"), format(found.last, ".2f")
    change, days = format(found.change_db, "+.2f"), format(found.days, ".1f")
    return _("{label}: {first} → {last} dBm, {change} dB over {days} days ({direction})",
             label=label, first=first, last=last, change=change, days=days,
             direction=labels.trend(found.direction))


def chart(rows: list[Stored], limits: dict[str, float]) -> str:
    """ONU Rx (`o`) and OLT-side Rx (`x`) over the last readings, limits dashed (`-`)."""
    rows = [r for r in rows if r.rx_dbm is not None or r.olt_rx_dbm is not None][-CHART_WIDTH:]
    if not rows:
        return ""
    values = [v for r in rows for v in (r.rx_dbm, r.olt_rx_dbm) if v is not None]
    top = max(values + list(limits.values())) + 0.5
    bottom = min(values + list(limits.values())) - 0.5
    span = (top - bottom) / (CHART_HEIGHT - 1)

    def line_of(value: float) -> int:
        return round((top - value) / span)

    grid = [[" "] * len(rows) for _ in range(CHART_HEIGHT)]
    names = [""] * CHART_HEIGHT
    for name, limit in limits.items():
        grid[line_of(limit)] = ["-"] * len(rows)
        names[line_of(limit)] = (names[line_of(limit)] + ", " if names[line_of(limit)] else "") + name
    for column, row in enumerate(rows):
        for value, mark in ((row.rx_dbm, "o"), (row.olt_rx_dbm, "x")):
            if value is None:
                continue
            cell = grid[line_of(value)]
            cell[column] = "*" if cell[column] in "ox*" and cell[column] != mark else mark
    lines = [f"{top - n * span:7.1f} |{''.join(cells)}" + (f"  {names[n]}" if names[n] else "")
             for n, cells in enumerate(grid)]
    lines.append("        +" + "-" * len(rows))
    legend = ", ".join(f"{name} {value:.2f}" for name, value in limits.items())
    lines.append("         " + _("o ONU Rx  x OLT Rx  * both  - limits ({legend} dBm); oldest left",
                                   legend=legend))
    return "\n".join(lines)
