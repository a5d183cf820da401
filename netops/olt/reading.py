"""What netops knows about one ONU after reading it from an OLT, whatever the path (SNMP or CLI)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from netops.models import OnuRef, OnuSerial, PonRef

OnuState = Literal["online", "offline"]

# The readings an OLT may report for an ONU, in display order.
READINGS = ("rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c")


@dataclass
class OnuReading:
    """One ONU as read from its OLT. Optical values are only kept when the ONU is online."""

    olt: str
    onu: OnuRef
    source: str
    serial: OnuSerial | None = None
    description: str | None = None
    state: OnuState | None = None
    down_cause: str | None = None
    rx_dbm: float | None = None
    tx_dbm: float | None = None
    olt_rx_dbm: float | None = None
    temperature_c: float | None = None
    # Readings this OLT provides but which came back missing, garbled or as a "no value" sentinel.
    unreadable: set[str] = field(default_factory=set)
    # Readings the OLT (its profile) does not provide at all.
    unsupported: set[str] = field(default_factory=set)

    def drop_optics(self) -> None:
        """An offline ONU's optical values are stale or sentinels: never trust them."""
        for name in READINGS:
            setattr(self, name, None)
        self.unreadable -= set(READINGS)


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

    async def scan(
        self,
        pons: list[PonRef] | None = None,
        progress: Progress | None = None,
        set_total: Callable[[int], None] | None = None,
    ) -> list[OnuReading]:
        """Every ONU of the OLT (or of the given ports). One ONU that fails does not stop it."""
        ...
