"""A shaped link for speed tests: two private network namespaces joined by a veth pair.

The server namespace runs the lab speed servers (HTTP legacy speedtest + iperf3); the client
namespace runs `netops`. Each veth end has an htb class limiting its egress to 50 Mbit/s, so the
download and the upload each see a 50 Mbit/s line. Everything is created here and removed at the
end; processes are stopped by PID.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

RATE_MBIT = 50
# Goodput of a TCP stream on a shaped Ethernet line: 1448 payload bytes per 1514-byte frame
# (MTU 1500, TCP timestamps; tc counts the frame without FCS), i.e. ≈ 95.6 % of the rate.
GOODPUT_MBPS = RATE_MBIT * 1448 / 1514
TOLERANCE = 0.15
REPO = Path(__file__).resolve().parents[2]


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=20)


@dataclass
class ShapedLink:
    server_ns: str
    client_ns: str
    server_ip: str
    client_ip: str
    veth: str = ""
    pids: list[int] = field(default_factory=list)

    @classmethod
    def create(cls, rate_mbit: int, tag: str) -> ShapedLink:
        link = cls(f"netops-{tag}-s", f"netops-{tag}-c", "10.231.0.1", "10.231.0.2", f"nos{tag}")
        ends = (
            (link.server_ns, f"nos{tag}", link.server_ip),
            (link.client_ns, f"noc{tag}", link.client_ip),
        )
        try:
            for ns, _, _ in ends:
                ip("netns", "add", ns)
            ip("link", "add", ends[0][1], "type", "veth", "peer", "name", ends[1][1])
            for ns, dev, address in ends:
                ip("link", "set", dev, "netns", ns)
                ip("-n", ns, "addr", "add", f"{address}/30", "dev", dev)
                ip("-n", ns, "link", "set", "lo", "up")
                ip("-n", ns, "link", "set", dev, "up")
                rate = f"{rate_mbit}mbit"
                tc = ["ip", "netns", "exec", ns, "tc"]
                subprocess.run(
                    [
                        *tc,
                        "qdisc",
                        "add",
                        "dev",
                        dev,
                        "root",
                        "handle",
                        "1:",
                        "htb",
                        "default",
                        "1",
                    ],
                    check=True,
                    capture_output=True,
                )
                subprocess.run(
                    [
                        *tc,
                        "class",
                        "add",
                        "dev",
                        dev,
                        "parent",
                        "1:",
                        "classid",
                        "1:1",
                        "htb",
                        "rate",
                        rate,
                        "ceil",
                        rate,
                    ],
                    check=True,
                    capture_output=True,
                )
        except BaseException:
            link.destroy()
            raise
        return link

    def destroy(self) -> None:
        for pid in self.pids:
            self.stop(pid)
        for ns in (self.server_ns, self.client_ns):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        # Only left in the root namespace if creation failed half-way; deleting one end of a
        # veth pair removes both.
        subprocess.run(["ip", "link", "del", self.veth], capture_output=True)

    # --- processes -----------------------------------------------------------------------------
    def spawn(self, argv: list[str], ns: str | None = None) -> int:
        process = subprocess.Popen(
            ["ip", "netns", "exec", ns or self.server_ns, *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            cwd=REPO,
        )
        self.pids.append(process.pid)
        return process.pid

    @staticmethod
    def stop(pid: int) -> None:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        for _ in range(50):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            time.sleep(0.05)
        try:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def http_server(self, port: int, *extra: str) -> str:
        """Start a lab speed server in the server namespace; returns its upload URL."""
        self.spawn(
            [
                sys.executable,
                "-m",
                "netops.lab.speed_server",
                "--host",
                self.server_ip,
                "--port",
                str(port),
                *extra,
            ]
        )
        self.wait_listening(port)
        return f"http://{self.server_ip}:{port}/speedtest/upload.php"

    def iperf3_server(self, port: int) -> str:
        self.spawn(["iperf3", "-s", "-B", self.server_ip, "-p", str(port)])
        self.wait_listening(port)
        return f"{self.server_ip}:{port}"

    def wait_listening(self, port: int, timeout: float = 10.0) -> None:
        """Poll the server namespace's socket table (connecting would disturb iperf3)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = subprocess.run(
                ["ip", "netns", "exec", self.server_ns, "ss", "-Hltn", f"sport = :{port}"],
                capture_output=True,
                text=True,
            ).stdout
            if out.strip():
                return
            time.sleep(0.05)
        raise RuntimeError(f"nothing listens on port {port} in {self.server_ns}")

    def netops(self, *args: str, env: dict[str, str] | None = None, timeout: float = 90) -> Result:
        """Run the real `netops` command in the client namespace."""
        done = subprocess.run(
            [
                "ip",
                "netns",
                "exec",
                self.client_ns,
                "env",
                *[f"{k}={v}" for k, v in (env or {}).items()],
                sys.executable,
                "-m",
                "netops",
                *args,
            ],
            capture_output=True,
            text=True,
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
