"""Asking a resolver: bounded retries, TCP fallback on truncation, and spaced timing series.

An `Outcome` is what came back for one question: a `Reply`, or the `NetopsError` that says why
nothing usable came back. Checks judge outcomes; they never see an exception escape.
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import Executor
from dataclasses import dataclass

from netops.dns.targets import Resolver
from netops.errors import DeviceTimeout, NetopsError
from netops.i18n import L_
from netops.transport.dns import Reply, query

Outcome = Reply | NetopsError

# Queries of a timing series start this far apart and never wait for each other: on a fast
# resolver they do not overlap (clean timings), and a dead one costs one timeout, not count of them.
SERIES_SPACING_S = 0.02


@dataclass(frozen=True)
class Asker:
    """How to ask one resolver: its address, the timeout and the number of tries."""

    resolver: Resolver
    timeout: float
    tries: int

    def once(self, name: str, rdtype: str = "A", *, tcp: bool = False, **options: bool) -> Outcome:
        try:
            return query(
                self.resolver.address,
                self.resolver.port,
                name,
                rdtype,
                tcp=tcp,
                timeout=self.timeout,
                **options,
            )
        except NetopsError as exc:
            return exc

    def ask(self, name: str, rdtype: str = "A", *, tcp: bool = False, **options: bool) -> Outcome:
        """Retry timeouts up to `tries` times; a truncated UDP answer is asked again over TCP."""
        outcome: Outcome = DeviceTimeout(L_("not asked"))
        for _ in range(self.tries):
            outcome = self.once(name, rdtype, tcp=tcp, **options)
            if not isinstance(outcome, DeviceTimeout):
                break
        if isinstance(outcome, Reply) and outcome.truncated and not tcp:
            over_tcp = self.once(name, rdtype, tcp=True, **options)
            return over_tcp if isinstance(over_tcp, Reply) else outcome
        return outcome

    def series(self, pool: Executor, name: str, count: int, *, tcp: bool = False) -> list[Outcome]:
        """`count` single-try queries, started `SERIES_SPACING_S` apart, timed one by one."""

        def spaced(index: int) -> Outcome:
            time.sleep(index * SERIES_SPACING_S)
            return self.once(name, tcp=tcp)

        futures = [pool.submit(spaced, index) for index in range(count)]
        return [future.result() for future in futures]


def replies(outcomes: list[Outcome]) -> list[Reply]:
    return [outcome for outcome in outcomes if isinstance(outcome, Reply)]


def latency_ms(outcomes: list[Outcome]) -> dict[str, float] | None:
    """min / median / max of the answered queries (timeouts are never averaged in)."""
    times = [reply.elapsed_ms for reply in replies(outcomes)]
    if not times:
        return None
    return {
        "min": round(min(times), 3),
        "median": round(statistics.median(times), 3),
        "max": round(max(times), 3),
    }


def loss(outcomes: list[Outcome]) -> float:
    if not outcomes:
        return 0.0
    return round(1 - len(replies(outcomes)) / len(outcomes), 3)
