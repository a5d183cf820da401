"""Shared test helpers: run the CLI in-process and capture what a user would see."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest


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


@pytest.fixture
def lab_inventory_path(snmp_lab, monkeypatch):
    """The private lab's inventory file (and NETOPS_LAB_DIR pointing at the lab)."""
    monkeypatch.setenv("NETOPS_LAB_DIR", str(snmp_lab))
    return snmp_lab / "inventory.yaml"
