"""When the escalation desk takes a case: weekly windows, public holidays, next window, deadline.

Holidays come from the `holidays` package (country and state, e.g. Brazil + Bahia) plus the
profile's extra dates; a holiday follows the windows listed for `holiday`. All times are local to
the ISP's time zone. A window is half-open: Monday–Friday 08–18 means 17:59 is in, 18:00 is out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netops.errors import ConfigError
from netops.i18n import L_
from netops.triage.policy import Desk

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SEARCH_DAYS = 31


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(L_("unknown time zone {name!r} in the ISP profile", name=name)) from None


@lru_cache(maxsize=32)
def _calendar(country: str, subdiv: str | None, year: int) -> frozenset[dt.date]:
    import holidays

    try:
        found = holidays.country_holidays(country, subdiv=subdiv, years=year)
    except (NotImplementedError, KeyError) as exc:
        raise ConfigError(L_("no holiday calendar for {country}/{subdiv}: {exc}", country=country, subdiv=subdiv, exc=exc)) from None
    return frozenset(found)


def holiday_name(desk: Desk, day: dt.date) -> str | None:
    """The holiday's name when `day` is a public holiday for the desk, else None."""
    if day in desk.holidays.extra_dates:
        return L_("extra date in the profile")
    import holidays

    cal = desk.holidays
    if day in _calendar(cal.country, cal.subdiv, day.year):
        found = holidays.country_holidays(cal.country, subdiv=cal.subdiv, years=day.year)
        return found.get(day)
    return None


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime


def windows_on(desk: Desk, day: dt.date, tz: dt.tzinfo, without_connection: bool) -> list[Window]:
    """The desk's windows on one local date for this kind of case."""
    kind = "holiday" if holiday_name(desk, day) else DAY_NAMES[day.weekday()]
    found = []
    for window in desk.windows:
        if kind not in window.days:
            continue
        if window.only_without_connection and not without_connection:
            continue
        found.append(
            Window(
                dt.datetime.combine(day, window.open, tz),
                dt.datetime.combine(day, window.close, tz),
            )
        )
    return sorted(found, key=lambda w: w.start)


def current_or_next_window(
    desk: Desk, at: dt.datetime, tz: dt.tzinfo, without_connection: bool
) -> Window | None:
    """The window `at` falls in, or the next one that opens (None within a month: no window)."""
    local = at.astimezone(tz)
    for offset in range(SEARCH_DAYS + 1):
        day = local.date() + dt.timedelta(days=offset)
        for window in windows_on(desk, day, tz, without_connection):
            if window.end > local:
                return window
    return None


def deadline(desk: Desk, opened_at: dt.datetime) -> dt.datetime:
    """Outside hours the case must be handled at most `deadline_hours` after it was opened."""
    utc = opened_at.astimezone(dt.UTC)  # calendar hours, whatever the zone's clock changes do
    return utc + dt.timedelta(hours=desk.deadline_hours)
