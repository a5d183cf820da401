"""Is the signal getting worse? The change of a reading across the history, judged in dB.

A least-squares slope would chase noise on a handful of points; a technician asks "how much worse
than before", so the trend compares the mean of the first and the last third of the readings
(at least one each) and calls a change under `STABLE_DB` stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netops.history.store import Stored

STABLE_DB = 0.5  # readings of a steady link wander by a few tenths of a dB between polls


@dataclass(frozen=True)
class Trend:
    reading: str
    first: float
    last: float
    change_db: float
    days: float
    direction: str  # worse | better | stable

    def to_dict(self) -> dict[str, Any]:
        return {"first": self.first, "last": self.last, "change_db": self.change_db,
                "days": round(self.days, 2), "direction": self.direction}


def trend(rows: list[Stored], reading: str) -> Trend | None:
    """The trend of `rx_dbm` or `olt_rx_dbm` (lower is worse), or None with fewer than 2 values."""
    points = [(row.moment, getattr(row, reading)) for row in rows if getattr(row, reading) is not None]
    if len(points) < 2:
        return None
    third = max(1, len(points) // 3)
    before = sum(value for _, value in points[:third]) / third
    after = sum(value for _, value in points[-third:]) / third
    change = round(after - before, 2)
    direction = "stable" if abs(change) < STABLE_DB else ("worse" if change < 0 else "better")
    days = (points[-1][0] - points[0][0]).total_seconds() / 86400
    return Trend(reading, points[0][1], points[-1][1], change, days, direction)


def step(previous: float | None, current: float | None) -> float | None:
    """The change from one reading to the next (None when either is missing)."""
    if previous is None or current is None:
        return None
    return round(current - previous, 2)
