"""Shared test helpers: run the CLI in-process and capture what a user would see.

Also the one place that keeps `-m "not integration"` honest (the fast unit run):

- a test that uses a fixture starting a real server (SERVER_FIXTURES, directly or through other
  fixtures) is marked `integration` at collection;
- any other test that talks to a server on loopback anyway — connects to, or sends a datagram to,
  a port where a socket listens — fails, naming the address, so a new server-starting fixture or
  test cannot slip into the unit run unmarked.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys
from dataclasses import dataclass
from typing import Any

import pytest

# Tests read what netops prints in English, whatever the machine's locale (tests/i18n switch it).
os.environ["NETOPS_LANG"] = "en"

# Fixtures that start real protocol servers (snmpsim, asyncssh, unbound, iperf3, HTTP servers,
# the in-process resolver, network namespaces). A test using any of them is an integration test.
SERVER_FIXTURES = frozenset({
    "lab",  # olt_cli, dns, wifi and cli_help: a private `netops lab`
    "full_lab",  # every lab service at once (triage, cli_render)
    "snmp_lab", "faulty_lab", "stalling_agent",  # optical and olt_cli
    "unbound_factory", "fake_resolver",  # dns
    "link",  # speed: the shaped link and its servers
    "router", "acs",  # wifi
    "lab_services", "slow_snmp_olt", "slow_ssh_olt", "slow_router",  # core
    "slow_snmp_agents", "netops_serve", "prometheus",  # exporter
})


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `netops ARGS...` through the real entry point; returns exit code, stdout, stderr."""
    from netops.cli.app import run

    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str) -> CliResult:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


# -- integration marking --------------------------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


class _ServerGuard:
    """Notes every connection or datagram a unit test sends to a live loopback socket.

    Python's audit events (`socket.connect`, `socket.sendto`) see every client socket in this
    process, whichever library opened it; /proc/net says whether something listens there.
    """

    def __init__(self) -> None:
        self.active = False
        self.seen: list[str] = []

    def __call__(self, event: str, args: tuple) -> None:
        if not self.active or event not in ("socket.connect", "socket.sendto"):
            return
        sock, address = args[0], args[-1]
        if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
            return
        if not isinstance(address, tuple) or len(address) < 2:
            return
        host, port = address[0], address[1]
        try:
            if not ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            if host != "localhost":
                return
        udp = sock.type == socket.SOCK_DGRAM
        if port in _bound_ports(udp):
            self.seen.append(f"{'udp' if udp else 'tcp'} {host}:{port}")


def _bound_ports(udp: bool) -> set[int]:
    """Local ports with a listening TCP socket (state 0A) or a bound UDP socket, any process."""
    ports = set()
    for name in ("udp", "udp6") if udp else ("tcp", "tcp6"):
        try:
            with open(f"/proc/net/{name}") as table:
                next(table)
                for line in table:
                    fields = line.split()
                    if udp or fields[3] == "0A":
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        except OSError:
            continue
    return ports


_guard = _ServerGuard()
sys.addaudithook(_guard)


@pytest.fixture(autouse=True)
def _no_server_in_unit_tests(request):
    """Watch a test not marked `integration` (its function fixtures included) for servers."""
    _guard.seen.clear()
    _guard.active = not request.node.get_closest_marker("integration")
    try:
        yield
    finally:
        _guard.active = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A unit test that talked to a server fails, whatever it asserted."""
    report = (yield).get_result()
    if call.when == "call" and report.passed and _guard.active and _guard.seen:
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} talks to a server on loopback ({', '.join(sorted(set(_guard.seen)))}) "
            "but is not marked integration: use a fixture listed in tests/conftest.py "
            "SERVER_FIXTURES, or mark the test (pytestmark = pytest.mark.integration)"
        )


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """Every test keeps its history, find cache and case log in its own folder, never the user's."""
    folder = tmp_path / "netops-data"
    monkeypatch.setenv("NETOPS_DATA_DIR", str(folder))
    monkeypatch.setenv("NETOPS_CASES_DB", str(tmp_path / "cases.sqlite3"))
    return folder


@pytest.fixture(scope="session")
def snmp_lab(tmp_path_factory):
    """A private lab of SNMP OLTs (snmpsim on free loopback ports), shared by a test session."""
    from netops.lab import manager

    directory = tmp_path_factory.mktemp("lab")
    manager.up(directory, fixed_ports=False, only=["snmp-olt"])
    yield directory
    manager.down(directory)


@pytest.fixture(scope="session")
def full_lab(tmp_path_factory):
    """A private `netops lab up` of every service on free loopback ports, shared by a session:
    its folder, and each service's endpoints by service name."""
    from netops.lab import manager

    directory = tmp_path_factory.mktemp("full-lab")
    services = manager.up(directory, fixed_ports=False)
    try:
        yield directory, {svc.name: svc.endpoints for svc in services}
    finally:
        manager.down(directory)


@pytest.fixture
def lab_env(snmp_lab, monkeypatch, tmp_path) -> Any:
    """`--inventory lab` points at the private lab; no user profiles leak in."""
    monkeypatch.setenv("NETOPS_LAB_DIR", str(snmp_lab))
    monkeypatch.setenv("NETOPS_INVENTORY", "lab")
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "no-user-profiles"))
    return snmp_lab


@pytest.fixture
def lab_inventory_path(snmp_lab, monkeypatch):
    """The private lab's inventory file (and NETOPS_LAB_DIR pointing at the lab)."""
    monkeypatch.setenv("NETOPS_LAB_DIR", str(snmp_lab))
    return snmp_lab / "inventory.yaml"


# -- servers shared by several areas ---------------------------------------------------------------


def _stop_servers(pids: list[int]) -> None:
    """SIGTERM to each server's process group (each leads its own session), then wait for it."""
    import os
    import signal
    import time

    from netops.lab.state import pid_alive

    for pid in pids:
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture(scope="session")
def stop_servers():
    """How a fixture stops the servers it started (by PID, never by name)."""
    return _stop_servers


@pytest.fixture(scope="session")
def slow_snmp_agents(tmp_path_factory):
    """Start a slow SNMP OLT: `start(name, wait_s)` runs a Huawei agent (snmpsim, one PON port of
    4 ONUs) whose Rx column answers only after `wait_s` seconds per value (snmpsim's `delay`
    variation, which holds the whole agent meanwhile) and returns its UDP port. Every agent
    started is stopped at the end of the session."""
    import sys

    from netops.lab.olt_data import LabOlt
    from netops.lab.snmp_olt import snmp_answers
    from netops.lab.snmprec import records, render
    from netops.lab.state import LabContext, wait_until
    from netops.models import PonRef

    started: list[int] = []

    def start(name: str, wait_s: float) -> int:
        workdir = tmp_path_factory.mktemp(name)
        olt = LabOlt(name, "huawei_ma5800", (PonRef(0, 1, 0),), 4, "HWTC", "raw", "slow")
        rx = "1.3.6.1.4.1.2011.6.128.1.1.2.51.1.4."
        lines = []
        for line in render(records(olt)).splitlines():
            oid, tag, value = line.split("|")
            slow = oid.startswith(rx)
            lines.append(f"{oid}|{tag}:delay|value={value},wait={int(wait_s * 1000)}" if slow else line)
        (workdir / "data").mkdir()
        (workdir / "data" / "public.snmprec").write_text("\n".join(lines) + "\n")
        ctx = LabContext(workdir, fixed_ports=False)
        port = ctx.port(0, "udp")
        pid = ctx.spawn(name, [
            sys.executable, "-m", "snmpsim.commands.responder", "--data-dir", str(workdir / "data"),
            "--cache-dir", str(workdir / "cache"), f"--agent-udpv4-endpoint=127.0.0.1:{port}",
            "--log-level", "error",
        ], env={"SNMPSIM_ALLOW_ROOT": "true"})
        started.append(pid)
        wait_until(lambda: snmp_answers("127.0.0.1", port), 60, "slow SNMP agent", pid)
        return port

    yield start
    _stop_servers(started)


# -- golden JSON shapes ---------------------------------------------------------------------------

GOLDEN_DIR = __import__("pathlib").Path(__file__).parent / "golden"
# an IPv4 or IPv6 address, maybe with a port: the key of a resolver's answers
_ADDRESS_KEY = __import__("re").compile(
    r"^(?:\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*\]?)(?::\d+)?$")


def json_shape(value: Any) -> Any:
    """The shape of a JSON document: keys and value types, the elements of a list merged.

    Times, ports and measured numbers differ from run to run; the keys scripts read and the
    types they parse must not. Numbers are one type (`number`): JSON does not tell 2 from 2.0.
    """
    if isinstance(value, dict):
        shape: dict[str, Any] = {}
        for key, item in sorted(value.items()):
            name = "<address>" if _ADDRESS_KEY.match(key) else key  # a resolver's address and port
            shape[name] = _merge_shapes(shape.get(name), json_shape(item))
        return shape
    if isinstance(value, list):
        merged: Any = None
        for item in value:
            merged = _merge_shapes(merged, json_shape(item))
        return [merged] if value else []
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "string"


def _merge_shapes(one: Any, other: Any) -> Any:
    """One shape for two: scalar type names joined with `|` (`absent` for a missing key),
    mappings merged key by key, lists by their elements; different structures as `anyOf`."""
    if one is None or other is None:
        return other if one is None else one
    found = _alternatives(one) + _alternatives(other)
    names = sorted({name for shape in found if isinstance(shape, str) for name in shape.split("|")})
    parts: list[Any] = ["|".join(names)] if names else []
    mappings = [shape for shape in found if isinstance(shape, dict)]
    if mappings:
        merged = mappings[0]
        for mapping in mappings[1:]:
            merged = {key: _merge_shapes(merged.get(key, "absent"), mapping.get(key, "absent"))
                      for key in sorted({*merged, *mapping})}
        parts.append(merged)
    lists = [shape for shape in found if isinstance(shape, list)]
    if lists:
        element = None
        for shape in lists:
            element = _merge_shapes(element, shape[0] if shape else None)
        parts.append([element] if element is not None else [])
    return parts[0] if len(parts) == 1 else {"anyOf": parts}


def _alternatives(shape: Any) -> list[Any]:
    return list(shape["anyOf"]) if isinstance(shape, dict) and set(shape) == {"anyOf"} else [shape]


@pytest.fixture
def golden():
    """Compare a command's JSON with its pinned shape in tests/golden/NAME.json.

    `NETOPS_GOLDEN_UPDATE=1` writes the file instead: a deliberate change of a JSON shape is a
    reviewed diff of that file and a line in docs/json-changes.md.
    """
    import os

    def check(name: str, document: Any) -> None:
        path = GOLDEN_DIR / f"{name}.json"
        shape = json_shape(document)
        if os.environ.get("NETOPS_GOLDEN_UPDATE") == "1":
            GOLDEN_DIR.mkdir(exist_ok=True)
            path.write_text(json.dumps(shape, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            return
        assert path.exists(), f"no pinned shape {path}; run once with NETOPS_GOLDEN_UPDATE=1"
        pinned = json.loads(path.read_text(encoding="utf-8"))
        assert shape == pinned, f"the JSON of {name} changed shape (see {path})"

    return check
