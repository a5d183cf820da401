"""Reading many OLTs from one process, politely.

At most `concurrency` OLTs are read at once, and each OLT only under its own profile's limit
(every reader holds its own semaphore sized by the profile). `netops find`, a scan of several
OLTs and `netops serve` all go through `OltPool`, so no command asks more of the network than the
user allowed. An OLT that fails is an error for that OLT, never for the others.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, TypeVar

from netops.errors import NetopsError
from netops.olt.reading import OltReader, ScanResult
from netops.settings import Inventory

T = TypeVar("T")
Opener = Callable[[str], AbstractAsyncContextManager[OltReader]]  # OLT name -> open reader
Work = Callable[[OltReader], Awaitable[T]]


class OltPool:
    """OLTs read at most `concurrency` at a time, each through the reader `open_reader` gives."""

    def __init__(self, open_reader: Opener, concurrency: int) -> None:
        self.open_reader = open_reader
        self.concurrency = concurrency
        self._limit = asyncio.Semaphore(concurrency)

    async def read(self, olt: str, work: Work[T], open_reader: Opener | None = None) -> T:
        """Open one OLT (waiting for a free place first), do `work` with its reader, close it.
        `open_reader` replaces the pool's opener for this call (a deadline, other options)."""
        async with self._limit, (open_reader or self.open_reader)(olt) as reader:
            return await work(reader)

    async def read_each(self, olts: list[str], work: Work[T],
                        on_done: Callable[[str], None] | None = None) -> dict[str, T | NetopsError]:
        """`work` on every OLT at once under the limits; each OLT's result or its error.
        `on_done(olt)` is called as each OLT finishes (a progress bar)."""

        async def one(olt: str) -> T | NetopsError:
            try:
                return await self.read(olt, work)
            except NetopsError as exc:
                return exc
            finally:
                if on_done is not None:
                    on_done(olt)

        results = await asyncio.gather(*(one(olt) for olt in olts))
        return dict(zip(olts, results, strict=True))


@dataclass
class OltScan:
    """One OLT of a multi-OLT scan: its readings, or why it could not be read."""

    olt: str
    result: ScanResult | None = None
    error: NetopsError | None = None
    seconds: float = 0.0


def scan_olts(
    inventory: Inventory,
    olts: list[str],
    via: str = "snmp",
    concurrency: int = 8,
    options: dict[str, Any] | None = None,
    on_done: Callable[[str], None] | None = None,
) -> list[OltScan]:
    """Scan every OLT of `olts` (whole), concurrently under the limits, in the order given."""
    from netops.olt.service import open_reader

    for olt in olts:
        inventory.olt(olt)  # an unknown name is bad configuration before anything is sent

    async def timed_scan(reader: OltReader) -> tuple[ScanResult, float]:
        begun = time.monotonic()
        result = await reader.scan()
        return result, time.monotonic() - begun

    async def run() -> dict[str, tuple[ScanResult, float] | NetopsError]:
        pool = OltPool(lambda olt: open_reader(inventory, olt, via, options), concurrency)
        return await pool.read_each(olts, timed_scan, on_done)

    scans = []
    for olt, outcome in asyncio.run(run()).items():
        if isinstance(outcome, NetopsError):
            scans.append(OltScan(olt, error=outcome))
        else:
            scans.append(OltScan(olt, result=outcome[0], seconds=outcome[1]))
    return scans
