"""Start, inspect and stop the lab: every service is a real server on loopback, tracked by PID.

A service is a module with `NAME` and `start(ctx: LabContext) -> ServiceInfo`. Add yours to
`SERVICES`; `up` starts them in order, merges their inventory fragments into `inventory.yaml`,
and records everything in `state.json`, which `status` and `down` read.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from netops.lab.state import LabContext, LabError, ServiceInfo, lab_dir, pid_alive

SERVICES = [
    "netops.lab.snmp_olt",
    "netops.lab.ssh_olt",
    "netops.lab.speed_server",
    "netops.lab.dns_resolver",
    "netops.lab.routers",
    "netops.lab.acs_nbi",
    "netops.lab.ixc_server",
]


def state_path(directory: Path) -> Path:
    return directory / "state.json"


def read_state(directory: Path | None = None) -> list[ServiceInfo]:
    path = state_path(directory or lab_dir())
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [ServiceInfo(**item) for item in raw.get("services", [])]


def running(directory: Path | None = None) -> bool:
    return any(pid_alive(pid) for svc in read_state(directory) for pid in svc.pids)


def merge(into: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge inventory fragments (two services may describe the same OLT)."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value
    return into


def up(
    directory: Path | None = None,
    *,
    fixed_ports: bool = True,
    only: list[str] | None = None,
) -> list[ServiceInfo]:
    """Start every lab service (or the named ones); stop what started if one fails."""
    directory = directory or lab_dir()
    if running(directory):
        raise LabError(
            f"the lab is already running in {directory}", hint="see `netops lab status`, or run `netops lab down`"
        )
    directory.mkdir(parents=True, exist_ok=True)
    ctx = LabContext(directory=directory, fixed_ports=fixed_ports)
    started: list[ServiceInfo] = []
    try:
        for module_name in SERVICES:
            module = importlib.import_module(module_name)
            if only and module.NAME not in only:
                continue
            started.append(module.start(ctx))
            _write_state(directory, started)
    except BaseException:
        _stop([*started, ServiceInfo("partly started", pids=ctx.spawned)])
        state_path(directory).unlink(missing_ok=True)
        raise
    inventory: dict[str, Any] = {}
    for service in started:
        merge(inventory, service.inventory)
    (directory / "inventory.yaml").write_text(
        "# Written by `netops lab up`; use it with `--inventory lab`.\n"
        + yaml.safe_dump(inventory, sort_keys=False)
    )
    return started


def _write_state(directory: Path, services: list[ServiceInfo]) -> None:
    data = {"directory": str(directory), "services": [asdict(s) for s in services]}
    tmp = state_path(directory).with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, state_path(directory))


def _stop(services: list[ServiceInfo], grace: float = 3.0) -> int:
    pids = [pid for svc in services for pid in svc.pids if pid_alive(pid)]
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(pid_alive(p) for p in pids):
        time.sleep(0.05)
    for pid in pids:
        if pid_alive(pid):
            _signal(pid, signal.SIGKILL)
    return len(pids)


def _signal(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)  # each service runs in its own session: take its children too
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def down(directory: Path | None = None) -> int:
    """Stop every lab process by PID; returns how many were running."""
    directory = directory or lab_dir()
    stopped = _stop(read_state(directory))
    state_path(directory).unlink(missing_ok=True)
    return stopped
