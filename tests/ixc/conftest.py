"""IXC tests: the IXC stand-in as a real HTTP server on loopback, the lab's SNMP OLTs and resolver.

The stand-in is a child process started per test (it is fast and keeps the notes a test posts)
and stopped by its PID; the lab OLTs and resolver are started once per session. The CLI runs in
process through the real entry point, with the case log isolated.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from netops.lab.state import free_port, tcp_open, wait_until

LAB_DATA = Path(__file__).resolve().parents[2] / "netops" / "lab" / "data" / "ixc.yaml"
PUBLIC_DATA = Path(__file__).resolve().parents[1] / "data" / "ixc" / "public-samples.yaml"
LAB_TOKEN = "1:ixclab"
AT = "2026-07-08T10:00"  # a Wednesday inside the N2 desk's hours


@dataclass
class StandIn:
    port: int
    process: subprocess.Popen
    token: str = LAB_TOKEN

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def call(self, table: str, body: dict[str, Any], *, listing: bool = True,
             token: str | None = None) -> tuple[int, str, Any]:
        """One raw webservice request, as a public IXC client sends it."""
        headers = {"Content-Type": "application/json", "Authorization": "Basic " +
                   base64.b64encode((token or self.token).encode()).decode()}
        if listing:
            headers["ixcsoft"] = "listar"
        request = urllib.request.Request(f"{self.url}/webservice/v1/{table}",
                                         data=json.dumps(body).encode(), headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode()
        try:
            return status, text, json.loads(text)
        except ValueError:
            return status, text, None

    def notes(self, ticket: str) -> list[dict[str, str]]:
        """The su_mensagens of a ticket, read back through the webservice."""
        _, _, body = self.call("su_mensagens", {"qtype": "su_mensagens.id_ticket",
                                                "query": ticket, "oper": "=", "rp": "100"})
        return body.get("registros", [])

    def fault(self, name: str | None, count: int = 1, delay_s: float = 3.0) -> None:
        request = urllib.request.Request(
            f"{self.url}/__lab/fault", method="POST",
            data=json.dumps({"fault": name, "count": count, "delay_s": delay_s}).encode(),
            headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=5).read()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


@pytest.fixture
def start_standin(tmp_path) -> Iterator[Callable[..., StandIn]]:
    started: list[StandIn] = []

    def start(data: Path = LAB_DATA, token: str = LAB_TOKEN) -> StandIn:
        port = free_port()
        log = open(tmp_path / f"ixc-{port}.log", "wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "netops.lab.ixc_server", "--port", str(port),
             "--data", str(data)], stdout=log, stderr=subprocess.STDOUT)
        server = StandIn(port, process, token)
        started.append(server)
        wait_until(lambda: tcp_open("127.0.0.1", port), 10, "IXC stand-in", process.pid)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def standin(start_standin) -> StandIn:
    return start_standin()


@pytest.fixture(scope="session")
def lab_devices(tmp_path_factory) -> Iterator[dict[str, Any]]:
    """The lab's SNMP OLTs and its healthy resolver (real snmpsim and DNS servers)."""
    from netops.lab import manager

    directory = tmp_path_factory.mktemp("ixc-lab")
    services = manager.up(directory, fixed_ports=False, only=["snmp-olt", "dns"])
    endpoints = {svc.name: svc.endpoints for svc in services}
    inventory = yaml.safe_load((directory / "inventory.yaml").read_text())
    try:
        yield {"olts": inventory["olts"], "resolver": endpoints["dns"]["resolver"]}
    finally:
        manager.down(directory)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_CASES_DB", str(tmp_path / "cases.sqlite3"))
    monkeypatch.setenv("NETOPS_IXC_TOKEN", LAB_TOKEN)
    monkeypatch.delenv("NETOPS_INVENTORY", raising=False)


def write_inventory(path: Path, olts: dict[str, Any], ixc: dict[str, Any] | None) -> str:
    data: dict[str, Any] = {"olts": olts}
    if ixc is not None:
        data["ixc"] = ixc
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def lab_ixc_section(url: str, **changes: Any) -> dict[str, Any]:
    """The `ixc:` section `netops lab up` writes, pointing at `url`."""
    lab = yaml.safe_load(LAB_DATA.read_text())["lab"]
    section = {"url": url, "token_env": "NETOPS_IXC_TOKEN", "olts": lab["olts"],
               "subjects": lab["subjects"], "timeout_s": 3, "retries": 1}
    section.update(changes)
    return section


@pytest.fixture
def ixc_cli(cli, lab_devices, standin, tmp_path):
    """`netops --inventory <lab OLTs + the stand-in> ARGS`, with the lab's resolver."""

    def invoke(*args: str, ixc: dict[str, Any] | None = None, resolver: bool = True):
        section = lab_ixc_section(standin.url) if ixc is None else ixc
        inventory = write_inventory(tmp_path / "inventory.yaml", lab_devices["olts"], section)
        extra = ["--resolver", lab_devices["resolver"]] if resolver and args[:1] == ("diagnose",) \
            else []
        return cli("--inventory", inventory, "ixc", *args, *extra)

    return invoke
