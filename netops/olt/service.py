"""What commands call: read one ONU or scan an OLT, by inventory name, over a chosen path.

`READERS` maps a `--via` value to the function that opens a reader for an OLT; every reader
returns the same `OnuReading`s, so the verdict and the output do not depend on the path.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from typing import Any

from netops.errors import InputError
from netops.models import OnuRef, OnuSerial, PonRef
from netops.olt.reading import OnuReading, Progress
from netops.settings import Inventory

READERS: dict[str, str] = {
    "snmp": "netops.olt.access:open_snmp_reader",
    "cli": "netops.olt.cli_access:open_cli_reader",
    "auto": "netops.olt.cli_access:open_auto_reader",
}


def _opener(via: str) -> Callable[..., Any]:
    if via not in READERS:
        raise InputError(f"unknown access path {via!r}", hint=f"use one of: {', '.join(READERS)}")
    module_name, _, func = READERS[via].partition(":")
    return getattr(importlib.import_module(module_name), func)


def _open(inventory: Inventory, olt_name: str, via: str, options: dict[str, Any] | None = None):
    from netops.olt.access import load_olt_profile

    opener = _opener(via)
    entry = inventory.olt(olt_name)
    profile = load_olt_profile(entry, olt_name)
    # Options only some paths take (CLI: accept_unknown_host_key) are passed only when set.
    return opener(olt_name, entry, profile, **(options or {}))


def read_onu(
    inventory: Inventory,
    olt_name: str,
    target: OnuRef | OnuSerial,
    via: str = "snmp",
    options: dict[str, Any] | None = None,
) -> OnuReading:
    """Read one ONU, given by `F/S/P:ID` or by serial number."""

    async def run() -> OnuReading:
        async with _open(inventory, olt_name, via, options) as reader:
            onu = target if isinstance(target, OnuRef) else await reader.find_serial(target)
            return await reader.read_onu(onu)

    return asyncio.run(run())


def scan(
    inventory: Inventory,
    olt_name: str,
    pons: list[PonRef] | None = None,
    via: str = "snmp",
    progress: Progress | None = None,
    set_total: Callable[[int], None] | None = None,
    options: dict[str, Any] | None = None,
) -> list[OnuReading]:
    """Every ONU of an OLT (or of some PON ports)."""

    async def run() -> list[OnuReading]:
        async with _open(inventory, olt_name, via, options) as reader:
            return await reader.scan(pons, progress=progress, set_total=set_total)

    return asyncio.run(run())
