"""Real servers for the funnel tests: the lab's SNMP OLTs, and devices that answer slowly, so a
real SIGINT reaches `netops` while it waits on the network. Everything runs on free loopback
ports, is started through the lab's own spawn (logs in the test's folder) and stopped by PID."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from netops.lab import manager, ssh_olt
from netops.lab.state import LabContext, tcp_open, wait_until

SLOW_S = 30  # longer than any test waits for netops to stop: a command that waited for the answer fails


@pytest.fixture(scope="session")
def lab_services(tmp_path_factory) -> Iterator[Path]:
    """`netops lab up` for the SNMP OLTs only, in a private folder."""
    directory = tmp_path_factory.mktemp("lab")
    manager.up(directory, fixed_ports=False, only=["snmp-olt"])
    yield directory
    manager.down(directory)


@pytest.fixture(scope="session")
def slow_snmp_olt(slow_snmp_agents, tmp_path_factory) -> Path:
    """An inventory with `slow-olt`: a Huawei agent whose Rx column answers only after SLOW_S
    seconds (tests/conftest.py `slow_snmp_agents`)."""
    port = slow_snmp_agents("slow-olt", SLOW_S)
    inventory = tmp_path_factory.mktemp("slow-snmp") / "inventory.yaml"
    inventory.write_text(yaml.safe_dump({"olts": {"slow-olt": {
        "host": "127.0.0.1", "profile": "huawei_ma5800", "snmp": {"version": "2c", "port": port}}}}))
    return inventory


@pytest.fixture(scope="session")
def slow_ssh_olt(tmp_path_factory, stop_servers) -> Iterator[Path]:
    """An inventory whose lab OLTs answer every display command over SSH after SLOW_S seconds."""
    directory = tmp_path_factory.mktemp("slow-ssh")
    info = ssh_olt.start_server(LabContext(directory, fixed_ports=False), ["--slow", str(SLOW_S)],
                                name="ssh-olt-slow")
    inventory = directory / "inventory.yaml"
    inventory.write_text(yaml.safe_dump(info.inventory))
    try:
        yield inventory
    finally:
        stop_servers(info.pids)


@pytest.fixture
def slow_router(tmp_path, stop_servers) -> Iterator[int]:
    """A lab router (Askey Broadcom) that restarts its Wi-Fi after a save and does not answer for
    SLOW_S seconds; its port."""
    ctx = LabContext(tmp_path, fixed_ports=False)
    port = ctx.port(0)
    pid = ctx.spawn("slow-router", [
        sys.executable, "-m", "netops.lab.routers", "--family", "askey-broadcom", "--port", str(port),
        "--password", "lab-router", "--faults", "drop_on_save", "--restart-seconds", str(SLOW_S),
    ])
    try:
        wait_until(lambda: tcp_open("127.0.0.1", port), 10, "lab router", pid)
        yield port
    finally:
        stop_servers([pid])


@dataclass
class Run:
    code: int
    out: str
    err: str


class Processes:
    """The real `netops` command in child processes, as a user's shell starts it."""

    slow_s = SLOW_S

    def start(self, *args: str, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "netops", *args],
            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})},
            stdin=subprocess.DEVNULL, stdout=popen.pop("stdout", subprocess.PIPE),
            stderr=subprocess.PIPE, text=True, **popen,
        )

    def wait_for_socket(self, pid: int, table: str, state: str | None = None, timeout: float = 60) -> None:
        """Wait until process `pid` holds a socket listed in /proc/net/`table` (in `state`, e.g.
        01 ESTABLISHED): then it is past start-up and talking to the network."""

        def holds() -> bool:
            try:
                inodes = {os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] for fd in os.listdir(f"/proc/{pid}/fd")}
            except OSError:
                return False
            for name in (table, f"{table}6"):
                with open(f"/proc/net/{name}") as lines:
                    next(lines)
                    for line in lines:
                        fields = line.split()
                        if fields[9] in inodes and (state is None or fields[3] == state):
                            return True
            return False

        wait_until(holds, timeout, f"a {table} socket in process {pid}", pid)

    def interrupt(self, process: subprocess.Popen, wait_s: float = 15) -> Run:
        """Ctrl-C: SIGINT to the process, as the terminal sends it; then what it printed."""
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=wait_s)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            raise AssertionError(f"netops still ran {wait_s:g} s after SIGINT; it printed: {err}") from None
        return Run(process.returncode, out, err)


@pytest.fixture
def netops_process() -> Processes:
    return Processes()
