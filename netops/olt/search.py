"""Finding a customer's ONU on every OLT of the inventory: by serial, name or description.

A technician has a name, a PPPoE login kept in the description, or the serial on the sticker;
not the F/S/P:ID. Each OLT's ONU list (serial, name, description, state) is read once (the
cheapest whole-OLT read) and, optionally, cached for a short time. OLTs are asked concurrently,
at most `concurrency` at once, and each OLT only under its own profile's limit (its reader's):
the one mechanism every multi-OLT command uses (`netops.olt.fleet.OltPool`).
An OLT that does not answer is reported, never fatal.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from netops.errors import InputError, NetopsError
from netops.i18n import L_
from netops.models import OnuSerial, quoted
from netops.olt.fleet import OltPool
from netops.olt.reading import OnuReading
from netops.settings import Inventory
from netops.text import fold

MAX_QUERY = 200
MIN_SERIAL_PART = 4  # a shorter piece of a serial would match almost every ONU


@dataclass(frozen=True)
class Entry:
    """One ONU as `find` lists it."""

    olt: str
    onu: str
    serial: str | None
    name: str | None
    description: str | None
    state: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _serial_forms(serial: str | None) -> tuple[str, ...]:
    """`HWTC1A2B3C4D` and its 16-hex form `485754431A2B3C4D`, upper case."""
    if not serial:
        return ()
    parsed = OnuSerial.from_device(serial)
    return (str(parsed), parsed.hex) if parsed else (serial.upper(),)


@dataclass(frozen=True)
class Query:
    text: str
    needle: str
    serial: OnuSerial | None
    serial_part: str | None

    @classmethod
    def parse(cls, text: str) -> Query:
        value = (text or "").strip()
        if not value:
            raise InputError(L_("empty search"), hint=L_("give part of a name or description, or a serial number"))
        if len(value) > MAX_QUERY:
            raise InputError(L_("search {quoted} is longer than {MAX_QUERY} characters", quoted=quoted(value), MAX_QUERY=MAX_QUERY))
        try:
            serial = OnuSerial.parse(value)
        except InputError:
            serial = None
        compact = value.replace("-", "").upper()
        part = compact if len(compact) >= MIN_SERIAL_PART and compact.isascii() and compact.isalnum() else None
        return cls(value, fold(value), serial, part)

    def matches(self, entry: Entry) -> bool:
        forms = _serial_forms(entry.serial)
        if self.serial is not None and forms and str(self.serial) == forms[0]:
            return True
        if self.serial_part and any(self.serial_part in form for form in forms):
            return True
        return any(self.needle in fold(text) for text in (entry.name, entry.description))


def entries_of(readings: list[OnuReading]) -> list[Entry]:
    return [
        Entry(r.olt, str(r.onu), str(r.serial) if r.serial else None, r.name, r.description, r.state)
        for r in readings
    ]


class ListCache(Protocol):
    """Where recent per-OLT lists are kept (netops.history.cache)."""

    def get(self, key: str) -> list[dict[str, Any]] | None: ...

    def put(self, key: str, olt: str, entries: list[dict[str, Any]]) -> None: ...


def cache_key(inventory: Inventory, olt: str, via: str) -> str:
    """Changes when anything about reaching the OLT changes (host, profile, ports, path)."""
    entry = inventory.olt(olt).model_dump(mode="json")
    return hashlib.sha256(json.dumps([olt, via, entry], sort_keys=True).encode()).hexdigest()


@dataclass
class SearchResult:
    query: Query
    matches: list[Entry] = field(default_factory=list)
    searched: int = 0
    cached: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    fresh: list[OnuReading] = field(default_factory=list)  # matched ONUs read now (not cached)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query.text,
            "matches": [m.to_dict() for m in self.matches],
            "searched": self.searched,
            "errors": self.errors,
        }


Opener = Callable[[str], Any]  # OLT name -> async context manager yielding an OltReader


def _cached(cache: ListCache | None, key: str) -> list[Entry] | None:
    stored = cache.get(key) if cache is not None else None
    try:
        return [Entry(**item) for item in stored] if stored is not None else None
    except TypeError:  # written by another version: read the OLT again
        return None


async def _search(query: Query, olts: list[str], open_reader: Opener, concurrency: int,
                  cache: ListCache | None, keys: dict[str, str]) -> SearchResult:
    result = SearchResult(query)
    pool = OltPool(open_reader, concurrency)

    async def one(olt: str) -> None:
        entries = _cached(cache, keys[olt])
        if entries is not None:
            result.cached += 1
        else:
            try:
                readings = await pool.read(olt, lambda reader: reader.directory())
            except NetopsError as exc:
                result.errors.append({"olt": olt, "error": exc.line(), "code": exc.code})
                return
            entries = entries_of(readings)
            if cache is not None:
                cache.put(keys[olt], olt, [e.to_dict() for e in entries])
            wanted = {e.onu for e in entries if query.matches(e)}
            result.fresh += [r for r in readings if str(r.onu) in wanted]
        result.searched += 1
        result.matches += [e for e in entries if query.matches(e)]

    await asyncio.gather(*(one(olt) for olt in olts))
    result.matches.sort(key=lambda e: (e.olt, e.onu))
    result.errors.sort(key=lambda e: e["olt"])
    return result


def search(
    inventory: Inventory,
    text: str,
    via: str = "snmp",
    concurrency: int = 8,
    cache: ListCache | None = None,
    options: dict[str, Any] | None = None,
) -> SearchResult:
    """Search every OLT of the inventory; `cache=None` reads every OLT afresh."""
    from netops.olt.service import open_reader

    query = Query.parse(text)
    olts = sorted(inventory.olts)
    if not olts:
        raise InputError(L_("the inventory {path} lists no OLTs", path=inventory.path), hint=L_("see docs/inventory.md"))
    keys = {olt: cache_key(inventory, olt, via) for olt in olts}
    return asyncio.run(_search(query, olts, lambda olt: open_reader(inventory, olt, via, options),
                               concurrency, cache, keys))
