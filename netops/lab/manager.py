"""Start, inspect and stop the lab: every service is a real server on loopback, tracked by PID.

A service is a module with `NAME` and `start(ctx: LabContext) -> ServiceInfo`. Add yours to
`SERVICES`; `up` starts them in order, merges their inventory fragments into `inventory.yaml`,
and records everything in `state.json`, which `status` and `down` read. Each process is recorded
with its command line and start time, and is signalled or called running only while both match.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from netops.i18n import L_
from netops.lab.state import (
    LabContext,
    LabError,
    ServiceInfo,
    identity,
    is_ours,
    lab_dir,
    pid_alive,
    prepare_dir,
)

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
    directory = directory or lab_dir()
    try:
        raw = json.loads(state_path(directory).read_text())
        services = [ServiceInfo(**item) for item in raw.get("services", []) if _well_formed(item)]
    except (OSError, ValueError, TypeError, AttributeError):  # no lab, or a state we cannot read
        return []
    for service in services:
        if not service.processes:  # written by a netops that kept PIDs only
            service.processes = _running_in(directory, service.pids)
    return services


_FIELDS = {"name": str, "pids": list, "endpoints": dict, "inventory": dict, "usage": list, "processes": list}


def _well_formed(item: Any) -> bool:
    """A service entry as `_write_state` writes it; anything else is left out (and left alone)."""
    return (isinstance(item, dict) and set(item) <= set(_FIELDS) and "name" in item
            and all(isinstance(item[key], kind) for key, kind in _FIELDS.items() if key in item))


def _running_in(directory: Path, pids: list[int]) -> list[dict[str, Any]]:
    """Records for `pids`: a process working in the lab folder is the lab's (its services run
    there); any other PID gets a record that never matches, so it is neither running nor ours."""
    records = []
    for pid in pids:
        try:
            here = Path(os.readlink(f"/proc/{pid}/cwd")) == directory.resolve()
        except OSError:
            here = False
        records.append((identity(pid) if here else None) or {"pid": pid, "cmdline": [], "start_time": None})
    return records


def service_running(service: ServiceInfo) -> bool:
    """Every process of the service is the one the lab started (not a PID reused since)."""
    return bool(service.processes) and all(is_ours(record) for record in service.processes)


def running(directory: Path | None = None) -> bool:
    return any(is_ours(record) for svc in read_state(directory) for record in svc.processes)


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
    """Start every lab service (or the named ones) that is not running, and keep those that are.

    The first time that is all of them; after one died, only that one. If a service fails to
    start, what this call started is stopped again and the services that ran go on running.
    """
    directory = directory or lab_dir()
    prepare_dir(directory)
    current = {svc.name: svc for svc in read_state(directory)}
    if any(service_running(svc) for svc in current.values()) and _free_ports_recorded(directory):
        fixed_ports = False  # restart on free ports like the rest, not on the well-known ones
    ctx = LabContext(directory=directory, fixed_ports=fixed_ports)
    started: list[ServiceInfo] = []
    try:
        for module_name in SERVICES:
            module = importlib.import_module(module_name)
            if only and module.NAME not in only:
                continue
            old = current.get(module.NAME)
            if old is not None and service_running(old):
                continue
            if old is not None:
                _stop([old])  # what is left of a service that lost a process
            info = module.start(ctx)
            info.processes = ctx.records(info.pids)
            started.append(info)
            current[module.NAME] = info
            _write_state(directory, list(current.values()), fixed_ports)
        services = list(current.values())  # a restarted service keeps its place
        _write_inventory(directory, services)
    except BaseException as exc:
        _stop([*started, ServiceInfo("partly started", processes=ctx.records(ctx.spawned))])
        still_running = [svc for svc in current.values() if service_running(svc)]
        try:
            if still_running:
                _write_state(directory, still_running, fixed_ports)
            else:
                state_path(directory).unlink(missing_ok=True)
        except OSError:
            pass  # the disk that failed the start may fail this too; nothing new runs anyway
        if isinstance(exc, OSError):  # a full disk, a folder that is not writable...
            where = f" ({exc.filename})" if exc.filename else ""
            raise LabError(
                L_("the lab could not start: {value}{where}", value=exc.strerror or exc, where=where),
                hint=L_("free some space in the lab folder, or point NETOPS_LAB_DIR at another folder"),
            ) from exc
        raise
    return services


def _write_inventory(directory: Path, services: list[ServiceInfo]) -> None:
    inventory: dict[str, Any] = {}
    for service in services:
        merge(inventory, service.inventory)
    (directory / "inventory.yaml").write_text(
        "# Written by `netops lab up`; use it with `--inventory lab`.\n"
        + yaml.safe_dump(inventory, sort_keys=False)
    )


def _free_ports_recorded(directory: Path) -> bool:
    try:
        return json.loads(state_path(directory).read_text()).get("free_ports") is True
    except (OSError, ValueError, AttributeError):
        return False


def _write_state(directory: Path, services: list[ServiceInfo], fixed_ports: bool) -> None:
    data = {
        "directory": str(directory),
        "free_ports": not fixed_ports,
        "services": [asdict(s) for s in services],
    }
    tmp = state_path(directory).with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, state_path(directory))


def _stop(services: list[ServiceInfo], grace: float = 3.0) -> int:
    """SIGTERM, then SIGKILL, to each recorded process that is still the one the lab started.

    A PID whose start time or command line differ is another program's now (after a reboot, or
    reused): it is left alone, and so is its process group. Once signalled, a process counts as
    stopped only when it is gone or a zombie: while it exits, its command line is already empty.
    """
    ours = [record for svc in services for record in svc.processes if is_ours(record)]
    for record in ours:
        _signal(record, signal.SIGTERM)
    _wait_gone(ours, grace)
    for record in ours:
        if is_ours(record):  # never a PID that another program was given meanwhile
            _signal(record, signal.SIGKILL)
    _wait_gone(ours, 1.0)
    return len(ours)


def _wait_gone(records: list[dict[str, Any]], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(pid_alive(r["pid"]) for r in records):
        time.sleep(0.02)


def _signal(record: dict[str, Any], sig: signal.Signals) -> None:
    pid = int(record["pid"])
    try:
        if os.getpgid(pid) == pid:  # each service leads its own session: take its children too
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def down(directory: Path | None = None) -> int:
    """Stop every lab process the lab started; returns how many were running."""
    directory = directory or lab_dir()
    stopped = _stop(read_state(directory))
    state_path(directory).unlink(missing_ok=True)
    return stopped


@dataclass(frozen=True)
class LabServers:
    """The lab's stand-ins for the ISP's own servers, by what they are for (None: not running).

    The lab alone knows how its services name their endpoints; commands ask here.
    """

    resolver: str | None = None
    resolver_udp_dropped: str | None = None  # a resolver that drops UDP 53 (TCP still answers)
    speed: str | None = None  # an Ookla-compatible speed server URL
    speed_slow_line: str | None = None  # the same, behind a 60 Mbit/s line


def servers(services: list[ServiceInfo] | None = None) -> LabServers:
    """Where the running lab's resolvers and speed servers listen (of `services`, else the lab's)."""
    found = {svc.name: svc.endpoints for svc in (read_state() if services is None else services)}
    dns, speed = found.get("dns", {}), found.get("speed", {})
    return LabServers(
        resolver=dns.get("resolver"),
        resolver_udp_dropped=dns.get("resolver (UDP dropped)"),
        speed=speed.get("http"),
        speed_slow_line=speed.get("http_slow_line"),
    )
