"""What commands call: read one ONU or scan an OLT, by inventory name, over a chosen path.

`READERS` maps a `--via` value to the function that opens a reader for an OLT; every reader
returns the same `OnuReading`s, so the verdict and the output do not depend on the path.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from netops.errors import InputError, NetopsError
from netops.i18n import L_
from netops.models import OnuRef, OnuSerial, PonRef
from netops.olt.profile import OltProfile
from netops.olt.reading import OnuReading, Progress, ScanResult
from netops.settings import Inventory

READERS: dict[str, str] = {
    "snmp": "netops.olt.access:open_snmp_reader",
    "cli": "netops.olt.cli_access:open_cli_reader",
    "auto": "netops.olt.cli_access:open_auto_reader",
}


def _opener(via: str) -> Callable[..., Any]:
    if via not in READERS:
        raise InputError(L_("unknown access path {via!r}", via=via), hint=L_("use one of: {READERS}", READERS=', '.join(READERS)))
    module_name, _, func = READERS[via].partition(":")
    opener: Callable[..., Any] = getattr(importlib.import_module(module_name), func)
    return opener


def open_reader(inventory: Inventory, olt_name: str, via: str,
                options: dict[str, Any] | None = None) -> AbstractAsyncContextManager[Any]:
    """An async context manager yielding a reader for the OLT over `via`."""
    opener = _opener(via)
    entry = inventory.olt(olt_name)
    profile = _profile(inventory, olt_name)
    # Options only some paths take (CLI: accept_unknown_host_key) are passed only when set.
    reader: AbstractAsyncContextManager[Any] = opener(olt_name, entry, profile, **(options or {}))
    return reader


def _profile(inventory: Inventory, olt_name: str) -> OltProfile:
    from netops.olt.access import load_olt_profile

    return load_olt_profile(inventory.olt(olt_name), olt_name)


def check_onu_id(profile: OltProfile, olt_name: str, onu: OnuRef) -> None:
    """One wording for every vendor and path: an ONU id the OLT's ports cannot hold is bad input."""
    low, high = profile.onu_ids
    if not low <= onu.onu_id <= high:
        raise InputError(
            L_("ONU id {onu_id} is out of range for OLT {olt_name} ({vendor} ONU ids are {low}-{high})", onu_id=onu.onu_id, olt_name=olt_name, vendor=profile.vendor, low=low, high=high),
            hint=L_("write F/S/P:ID with an id from {low} to {high}, or give the serial number", low=low, high=high),
        )


def _check_ports(olt_name: str, wanted: list[PonRef], found: list[OnuReading], existing: list[PonRef]) -> None:
    seen = {reading.onu.pon for reading in found}
    missing = [pon for pon in wanted if pon not in seen]
    if missing:
        ports = ", ".join(map(str, existing)) if existing else L_("none")
        raise InputError(
            L_("OLT {olt_name} has no ONUs on PON port {map}", olt_name=olt_name, map=', '.join(map(str, missing))),
            hint=L_("ports with ONUs on this OLT: {ports}", ports=ports),
        )


def read_onu(
    inventory: Inventory,
    olt_name: str,
    target: OnuRef | OnuSerial,
    via: str = "snmp",
    options: dict[str, Any] | None = None,
) -> OnuReading:
    """Read one ONU, given by `F/S/P:ID` or by serial number."""
    return read_onu_and_port(inventory, olt_name, target, via, options, with_port=False).reading


def scan(
    inventory: Inventory,
    olt_name: str,
    pons: list[PonRef] | None = None,
    via: str = "snmp",
    progress: Progress | None = None,
    set_total: Callable[[int], None] | None = None,
    options: dict[str, Any] | None = None,
) -> ScanResult:
    """Every ONU of an OLT (or of some PON ports). A port given in `pons` that has no ONU is bad
    input naming the ports that have some: a typo must never scan nothing and say OK."""

    async def run() -> ScanResult:
        async with open_reader(inventory, olt_name, via, options) as reader:
            result: ScanResult = await reader.scan(pons, progress=progress, set_total=set_total)
            if pons and {r.onu.pon for r in result.readings} != set(pons):
                _check_ports(olt_name, pons, result.readings, await reader.ports())
            return result

    return asyncio.run(run())


@dataclass
class OnuLookup:
    """One ONU, and for an offline one its whole port (is it this customer or the PON?)."""

    reading: OnuReading
    port: ScanResult | None = None
    port_error: NetopsError | None = None


def read_onu_and_port(
    inventory: Inventory,
    olt_name: str,
    target: OnuRef | OnuSerial,
    via: str = "snmp",
    options: dict[str, Any] | None = None,
    with_port: bool = True,
) -> OnuLookup:
    """Read one ONU; when it is offline, scan its PON port over the same session. A port that
    cannot be read leaves the ONU's own reading whole (`port_error` says why)."""

    if isinstance(target, OnuRef):
        check_onu_id(_profile(inventory, olt_name), olt_name, target)

    async def run() -> OnuLookup:
        async with open_reader(inventory, olt_name, via, options) as reader:
            onu = target if isinstance(target, OnuRef) else await reader.find_serial(target)
            found = OnuLookup(await reader.read_onu(onu))
            if with_port and found.reading.state == "offline":
                try:
                    found.port = await reader.scan([onu.pon])
                except NetopsError as exc:
                    found.port_error = exc
            return found

    return asyncio.run(run())
