"""Per-PON counts and the mass-outage verdict: is it this customer, or the whole port?

A port where many ONUs went down for the same cause at the same time is one outage, not many
cases: LOS on many ONUs at once is the feeder fibre or the splitter; many dying gasps at once are a
power cut in the area. The rule (how many ONUs, what share of the port, how close in time) is the
ISP's (`optical.outage` in the ISP profile). When the OLT gives down times, only ONUs that went down
within the window count together; when it gives none, the counts alone decide.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from netops.checks.optical import OnuVerdict
from netops.checks.optical_policy import OutagePolicy
from netops.i18n import L_
from netops.models import PonRef

OUTAGE_KINDS = ("los", "dying_gasp")  # in this order when both qualify with as many ONUs


@dataclass(frozen=True)
class Outage:
    kind: str  # los | dying_gasp
    affected: int
    total: int
    first_down: dt.datetime | None = None
    last_down: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "affected": self.affected,
            "total": self.total,
            "first_down": self.first_down.isoformat() if self.first_down else None,
            "last_down": self.last_down.isoformat() if self.last_down else None,
        }


@dataclass(frozen=True)
class PonSummary:
    pon: PonRef
    total: int
    online: int
    offline: int
    los: int
    dying_gasp: int
    outage: Outage | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "pon": str(self.pon),
            "total": self.total,
            "online": self.online,
            "offline": self.offline,
            "los": self.los,
            "dying_gasp": self.dying_gasp,
            "outage": self.outage.to_dict() if self.outage else None,
        }


def _down(verdict: OnuVerdict, kind: str) -> bool:
    return verdict.reading.state == "offline" and kind in verdict.flags


def _largest_burst(times: list[dt.datetime], window: dt.timedelta) -> tuple[int, dt.datetime, dt.datetime]:
    """The most down times that fit in one window, and the first and last of them."""
    times = sorted(times)
    best = (0, times[0], times[0])
    start = 0
    for end, moment in enumerate(times):
        while moment - times[start] > window:
            start += 1
        if end - start + 1 > best[0]:
            best = (end - start + 1, times[start], moment)
    return best


def _comparable(times: list[dt.datetime]) -> list[dt.datetime]:
    """Times with a UTC offset and the OLT's naive local times cannot be compared: keep the
    larger kind (one OLT normally sends only one)."""
    aware = [t for t in times if t.tzinfo is not None]
    naive = [t for t in times if t.tzinfo is None]
    return aware if len(aware) >= len(naive) else naive


def outage_of(pon_verdicts: list[OnuVerdict], policy: OutagePolicy) -> Outage | None:
    """The port's mass outage under the ISP's rule, or None.

    ONUs down for the cause with a known down time count when they fall in the largest burst
    of `window_minutes`; ONUs whose down time the OLT did not give are counted as well (nothing
    says they went down at another time). Without any down time the counts alone decide.
    """
    total = len(pon_verdicts)
    window = dt.timedelta(minutes=policy.window_minutes)
    found: list[Outage] = []
    for kind in OUTAGE_KINDS:
        down = [v for v in pon_verdicts if _down(v, kind)]
        if not down:
            continue
        times = _comparable([v.reading.last_down for v in down if v.reading.last_down is not None])
        first = last = None
        affected = len(down)
        if times:
            in_burst, first, last = _largest_burst(times, window)
            affected = in_burst + (len(down) - len(times))
        if affected >= policy.min_onus and affected >= policy.min_share * total:
            found.append(Outage(kind, affected, total, first, last))
    if not found:
        return None
    return max(found, key=lambda o: (o.affected, -OUTAGE_KINDS.index(o.kind)))


def summarize_pons(verdicts: list[OnuVerdict], policy: OutagePolicy) -> list[PonSummary]:
    """One summary per PON port of the verdicts, in port order."""
    by_port: dict[PonRef, list[OnuVerdict]] = defaultdict(list)
    for verdict in verdicts:
        by_port[verdict.reading.onu.pon].append(verdict)
    summaries = []
    for pon in sorted(by_port):
        port = by_port[pon]
        summaries.append(
            PonSummary(
                pon=pon,
                total=len(port),
                online=sum(1 for v in port if v.reading.state == "online"),
                offline=sum(1 for v in port if v.reading.state == "offline"),
                los=sum(1 for v in port if _down(v, "los")),
                dying_gasp=sum(1 for v in port if _down(v, "dying_gasp")),
                outage=outage_of(port, policy),
            )
        )
    return summaries


def outage_words(summary: PonSummary) -> str:
    """One line for a technician: what the port shows, naming the outage when there is one."""
    counts = L_("PON {pon}: {total} ONUs, {online} online, {offline} offline ({los} LOS, {dying_gasp} dying gasp)",
                pon=str(summary.pon), total=summary.total, online=summary.online, offline=summary.offline,
                los=summary.los, dying_gasp=summary.dying_gasp)
    outage = summary.outage
    if outage is None:
        return L_("{counts} — no mass outage", counts=counts)
    what = (L_("MASS OUTAGE: LOS (fibre or splitter)") if outage.kind == "los"
            else L_("MASS OUTAGE: power cut in the area (dying gasp)"))
    if outage.first_down and outage.last_down:
        return L_("{counts} — {what}, {affected} of {total} ONUs down between {first} and {last}",
                  counts=counts, what=what, affected=outage.affected, total=outage.total,
                  first=outage.first_down.strftime("%Y-%m-%d %H:%M:%S"), last=outage.last_down.strftime("%H:%M:%S"))
    return L_("{counts} — {what}, {affected} of {total} ONUs", counts=counts, what=what, affected=outage.affected, total=outage.total)
