"""What netops knows about one ONU after reading it from an OLT, whatever the path (SNMP or CLI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from netops.models import OnuRef, OnuSerial, PonRef, physically_possible

OnuState = Literal["online", "offline"]

# The readings an OLT may report for an ONU, in display order.
ReadingName = Literal["rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c"]
READINGS: tuple[ReadingName, ...] = ("rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c")

# What a field technician asks beside the levels: how far the ONU is, when it last came up and
# went down, and for how long it has been up. Times are as the OLT's clock gives them: with a UTC
# offset when the OLT sends one, without (the OLT's local time) otherwise.
DETAILS = ("distance_m", "last_up", "last_down", "uptime_s")

# GPON's logical reach is 60 km (ITU-T G.984; the ZXGPON MIB: "the max distance ... is 60km").
MAX_DISTANCE_M = 60_000


@dataclass
class OnuReading:
    """One ONU as read from its OLT. Optical values are only kept when the ONU is online."""

    olt: str
    onu: OnuRef
    source: str
    serial: OnuSerial | None = None
    name: str | None = None  # the customer's name where the OLT keeps one apart (ZTE `Name:`)
    description: str | None = None
    state: OnuState | None = None
    down_cause: str | None = None
    rx_dbm: float | None = None
    tx_dbm: float | None = None
    olt_rx_dbm: float | None = None
    temperature_c: float | None = None
    distance_m: int | None = None
    last_up: dt.datetime | None = None
    last_down: dt.datetime | None = None
    uptime_s: int | None = None
    # Readings this OLT provides but which came back missing, garbled or as a "no value" sentinel.
    unreadable: set[str] = field(default_factory=set)
    # Readings the OLT (its profile) does not provide at all.
    unsupported: set[str] = field(default_factory=set)
    # Columns ("state" or a reading) the OLT never answered for this ONU (it stopped mid-scan).
    not_read: set[str] = field(default_factory=set)

    def set_reading(self, name: str, value: float | None, allowed: tuple[float, float] | None = None) -> None:
        """Keep a value only when it is physically possible (and inside the profile's own range);
        anything else is no reading, never a verdict."""
        if value is not None and not physically_possible(name, value):
            value = None
        if value is not None and allowed is not None and not allowed[0] <= value <= allowed[1]:
            value = None
        if value is None:
            self.unreadable.add(name)
        setattr(self, name, value)

    def set_distance(self, value: float | None) -> None:
        """A ranging result in metres; a negative value (Huawei's invalid(-1)) or one past GPON's
        reach is no reading."""
        if value is None or not 0 <= value <= MAX_DISTANCE_M:
            self.distance_m = None
        else:
            self.distance_m = int(value)

    def drop_optics(self) -> None:
        """An offline ONU's optical values are stale or sentinels: never trust them. Nor its
        distance and uptime, which only mean something while it is ranged and up; its last up
        and down times stay (they say when it went down)."""
        for name in READINGS:
            setattr(self, name, None)
        self.unreadable -= set(READINGS)
        self.not_read -= set(READINGS)
        self.distance_m = None
        self.uptime_s = None


Progress = Callable[[int], None]


class OltReader(Protocol):
    """One way to read ONUs from one OLT (SNMP, CLI). Every reader gives the same OnuReading."""

    source: str

    async def read_onu(self, onu: OnuRef) -> OnuReading:
        """Read one ONU; raises NotFound when it is not provisioned."""
        ...

    async def find_serial(self, serial: OnuSerial) -> OnuRef:
        """The ONU with this serial number; raises NotFound."""
        ...

    async def directory(self) -> list[OnuReading]:
        """Every provisioned ONU with only who it is (serial, name, description) and its state:
        the cheapest whole-OLT read, for finding a customer."""
        ...

    async def scan(
        self,
        pons: list[PonRef] | None = None,
        progress: Progress | None = None,
        set_total: Callable[[int], None] | None = None,
    ) -> ScanResult:
        """Every ONU of the OLT (or of the given ports). One ONU that fails does not stop it."""
        ...


@dataclass
class ScanResult:
    """A scan's readings, and how much of the OLT's answer is missing.

    `expected`/`answered` count table rows (ONU x column) the scan asked for and got; when the OLT
    stops answering mid-walk, `answered < expected` and the readings it never sent are `not_read`.
    """

    readings: list[OnuReading]
    expected: int = 0
    answered: int = 0

    @property
    def incomplete(self) -> bool:
        return self.answered < self.expected
