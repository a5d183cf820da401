"""`netops serve` as a user starts it: a real process on a free loopback port, reading the lab's
SNMP OLTs (the shared `snmp_lab`), two slow OLTs (snmpsim holding its Rx column, for scrape
timeouts) and the lab's resolver. One exporter serves the whole test session."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

SLOW_WAIT_S = 20  # per Rx value: far past any scrape timeout a test gives


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def json(self):
        return json.loads(self.body)


@dataclass
class Serve:
    """The running exporter: its address, PID and what it wrote on stderr."""

    port: int
    pid: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, timeout_header: float | None = None, timeout: float = 60) -> Reply:
        request = urllib.request.Request(self.base + path)
        if timeout_header is not None:
            request.add_header("X-Prometheus-Scrape-Timeout-Seconds", f"{timeout_header:g}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return Reply(answer.status, dict(answer.headers), answer.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read().decode())

    def own_metrics(self) -> dict[tuple[str, frozenset], float]:
        return samples(self.get("/metrics").body)


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    """The exposition as Prometheus's client library parses it: {(name, labels): value}."""
    from prometheus_client.parser import text_string_to_metric_families

    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


@pytest.fixture(scope="session")
def exposition():
    """`exposition(text)`: the samples of a Prometheus text answer."""
    return samples


@pytest.fixture(scope="session")
def serve_client():
    """`serve_client(port, pid, log)`: talk to a `netops serve` a test started itself."""
    return Serve


@pytest.fixture(scope="session")
def exporter_inventory(snmp_lab, slow_snmp_agents, tmp_path_factory) -> Path:
    data = yaml.safe_load((snmp_lab / "inventory.yaml").read_text())
    olts = {name: entry for name, entry in data["olts"].items() if "snmp" in entry}
    for name in ("slow-probe", "slow-scrape"):
        port = slow_snmp_agents(name, SLOW_WAIT_S)
        olts[name] = {"host": "127.0.0.1", "profile": "huawei_ma5800", "snmp": {"version": "2c", "port": port}}
    path = tmp_path_factory.mktemp("exporter") / "inventory.yaml"
    path.write_text(yaml.safe_dump({"olts": olts}))
    return path


@pytest.fixture(scope="session")
def lab_resolver():
    """The lab's resolver, in this process, on a free loopback port: `IP:PORT`."""
    from netops.lab.dns_resolver import LAB_BOGUS, LAB_NAMES, LAB_SECURE, LabResolver, Listener, Zone
    from netops.lab.state import free_port

    zone = Zone.for_names([name for name in LAB_NAMES if name != LAB_SECURE], LAB_SECURE, LAB_BOGUS)
    listener = Listener("127.0.0.1", free_port(kind="udp"))
    server = LabResolver(zone, [listener]).start()
    yield f"127.0.0.1:{listener.port}"
    server.stop()


@pytest.fixture(scope="session")
def netops_serve(exporter_inventory, tmp_path_factory, stop_servers) -> Serve:
    folder = tmp_path_factory.mktemp("serve")
    log = folder / "serve.err"
    env = {**os.environ, "NETOPS_DATA_DIR": str(folder / "data"), "NETOPS_PROFILES_DIR": str(folder / "profiles")}
    with log.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "netops", "--inventory", str(exporter_inventory), "serve",
             "--listen", "127.0.0.1:0"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while not (found := re.search(r"serving on http://127\.0\.0\.1:(\d+)/", log.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"netops serve did not start: {log.read_text()}")
            time.sleep(0.05)
        yield Serve(int(found.group(1)), process.pid, log)
    finally:
        stop_servers([process.pid])
        process.wait(timeout=10)
