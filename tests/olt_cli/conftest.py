"""A private lab for the CLI-path tests: the SNMP OLTs and the SSH OLTs on free loopback ports,
plus extra SSH OLT servers started with faults (slow, dropping, pager always on)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import yaml

from netops.lab import manager, ssh_olt
from netops.lab.state import LabContext, pid_alive

# (OLT, a PON port, the first ONU id) for every CLI-capable lab OLT.
CLI_OLTS = [("lab-huawei", "0/1/0", 0), ("lab-zte", "1/1/1", 1), ("lab-zte-c600", "1/1/1", 1)]
PASSWORD = ssh_olt.LAB_PASSWORD


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("lab")
    os.environ.pop(ssh_olt.PASSWORD_ENV, None)
    manager.up(directory, fixed_ports=False, only=["snmp-olt", "ssh-olt"])
    yield directory
    manager.down(directory)


@pytest.fixture
def env(lab, monkeypatch, tmp_path) -> Path:
    """The lab inventory, the lab password, a HOME without known_hosts, no user profiles."""
    monkeypatch.setenv("NETOPS_INVENTORY", str(lab / "inventory.yaml"))
    monkeypatch.setenv(ssh_olt.PASSWORD_ENV, PASSWORD)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NETOPS_KNOWN_HOSTS", raising=False)
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "no-user-profiles"))
    return lab


@pytest.fixture
def inventory(env) -> dict:
    return yaml.safe_load((env / "inventory.yaml").read_text())


@pytest.fixture
def write_inventory(tmp_path, monkeypatch):
    def write(data: dict) -> Path:
        path = tmp_path / "inventory.yaml"
        path.write_text(yaml.safe_dump(data))
        monkeypatch.setenv("NETOPS_INVENTORY", str(path))
        return path

    return write


@pytest.fixture
def profile_override(tmp_path, monkeypatch):
    """Copy built-in OLT profiles into a user profile folder with some cli/snmp values changed."""
    from netops.profiles import builtin_profiles_dir

    folder = tmp_path / "user-profiles"
    (folder / "olt").mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(folder))

    def override(profile_id: str, cli: dict | None = None, snmp: dict | None = None) -> None:
        data = yaml.safe_load((builtin_profiles_dir() / "olt" / f"{profile_id}.yaml").read_text())
        data["cli"].update(cli or {})
        if snmp:
            data["snmp"].update(snmp)
        (folder / "olt" / f"{profile_id}.yaml").write_text(yaml.safe_dump(data))

    return override


@pytest.fixture
def faulty_lab(tmp_path, env, write_inventory, inventory):
    """Start SSH OLTs with fault flags; the inventory's ssh blocks point at them."""
    started: list[int] = []

    def start(*flags: str) -> dict:
        directory = tmp_path / f"faulty-{len(started)}"
        info = ssh_olt.start_server(LabContext(directory, fixed_ports=False), list(flags), name="ssh-olt-faulty")
        started.extend(info.pids)
        data = yaml.safe_load(yaml.safe_dump(inventory))
        for name, entry in info.inventory["olts"].items():
            data["olts"][name]["ssh"] = entry["ssh"]
        write_inventory(data)
        return data

    yield start
    for pid in started:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        deadline = time.monotonic() + 5
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def onu(pon: str, first: int, offset: int) -> str:
    """The ONU at position `offset` of a lab port (the teaching cases are positions 0..9)."""
    return f"{pon}:{first + offset}"
