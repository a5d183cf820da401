"""A shaped link for speed tests: two private network namespaces joined by a veth pair.

The server namespace runs the lab speed servers (HTTP legacy speedtest + iperf3); the client
namespace runs `netops`. Each veth end has an htb class limiting its egress to 50 Mbit/s, so the
download and the upload each see a 50 Mbit/s line. Everything is created here and removed at the
end; processes are stopped by PID.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from netops.lab.shaped_link import ShapedLink as BaseLink

RATE_MBIT = 50
# Goodput of a TCP stream on a shaped Ethernet line: 1448 payload bytes per 1514-byte frame
# (MTU 1500, TCP timestamps; tc counts the frame without FCS), i.e. ≈ 95.6 % of the rate.
GOODPUT_MBPS = RATE_MBIT * 1448 / 1514
TOLERANCE = 0.15
REPO = Path(__file__).resolve().parents[2]


class ShapedLink(BaseLink):
    """The shared shaped link plus the lab servers and the real `netops` command."""

    def http_server(self, port: int, *extra: str) -> str:
        """Start a lab speed server in the server namespace; returns its upload URL."""
        self.spawn(
            [sys.executable, "-m", "netops.lab.speed_server", "--host", self.server_ip,
             "--port", str(port), *extra],
            cwd=REPO,
        )
        self.wait_listening(port)
        return f"http://{self.server_ip}:{port}/speedtest/upload.php"

    def iperf3_server(self, port: int) -> str:
        self.spawn(["iperf3", "-s", "-B", self.server_ip, "-p", str(port)], cwd=REPO)
        self.wait_listening(port)
        return f"{self.server_ip}:{port}"

    def netops(self, *args: str, env: dict[str, str] | None = None, timeout: float = 90) -> Result:
        """Run the real `netops` command in the client namespace."""
        done = self.client_run(
            ["env", *[f"{k}={v}" for k, v in (env or {}).items()], sys.executable, "-m", "netops", *args],
            timeout=timeout,
            cwd=REPO,
            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
        )
        return Result(done.returncode, done.stdout, done.stderr)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture(scope="session")
def link():
    if os.geteuid() != 0:
        raise RuntimeError("the speed tests create network namespaces: run them as root")
    tag = str(os.getpid() % 100000)
    shaped = ShapedLink.create(RATE_MBIT, tag)
    try:
        yield shaped
    finally:
        shaped.destroy()


@pytest.fixture(scope="session")
def lab_http(link: ShapedLink) -> str:
    return link.http_server(8080)


@pytest.fixture(scope="session")
def lab_iperf3(link: ShapedLink) -> str:
    return link.iperf3_server(5201)


_next_port = iter(range(9100, 9200))


@pytest.fixture
def port() -> int:
    """A port no other test in this run uses (the namespaces are private)."""
    return next(_next_port)


@pytest.fixture
def within():
    """`within(mbps)`: the rate is within ±15 % of the shaped link's TCP goodput."""

    def check(measured: float, expected: float = GOODPUT_MBPS) -> bool:
        return abs(measured - expected) <= TOLERANCE * expected

    return check
