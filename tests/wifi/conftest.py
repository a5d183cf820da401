"""Wi-Fi reset tests: simulated routers and the ACS stand-in as real servers on loopback.

Each server is a child process started by the test and stopped by its PID. The CLI runs in
process through the real entry point, with the audit log, profiles and keyring isolated.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from netops.lab.state import free_port, tcp_open, wait_until

LAB_PASSWORD = "lab-router"

# model as on the label -> the lab family that simulates it
MODELS = {
    "GPT-2741GNAC": "mitrastar-econet",
    "GPT-2742GX4X5": "mitrastar-econet",
    "GPT-2731GN2A4P": "mitrastar-econet",
    "GPT-2541GNAC": "mitrastar-broadcom",
    "RTF3505VW": "askey-broadcom",
    "RTF3507VW": "askey-broadcom",
    "RTF8115VW": "askey-econet",
    "RTF8225VW": "askey-econet",
}
FAMILY_MODEL = {
    "mitrastar-econet": "GPT-2741GNAC",
    "mitrastar-broadcom": "GPT-2541GNAC",
    "askey-broadcom": "RTF3505VW",
    "askey-econet": "RTF8115VW",
}


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.url}/__lab/state", timeout=5) as response:
            return json.loads(response.read())


@dataclass
class Env:
    data_dir: Path
    profiles_dir: Path
    started: list[Server] = field(default_factory=list)

    @property
    def audit_file(self) -> Path:
        return self.data_dir / "netops" / "audit" / "wifi.jsonl"

    def audit(self) -> list[dict[str, Any]]:
        if not self.audit_file.exists():
            return []
        return [json.loads(line) for line in self.audit_file.read_text().splitlines()]


def _start(args: list[str], port: int, log: Path) -> Server:
    handle = open(log, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", *args], stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    handle.close()
    wait_until(lambda: tcp_open("127.0.0.1", port), 10, " ".join(args[:3]), process.pid)
    return Server(port, process, log)


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        os.kill(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.kill(server.process.pid, signal.SIGKILL)
            server.process.wait()


@pytest.fixture
def keyring_memory():
    """An in-memory keyring backend, so tests never touch the machine's keyring."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.items.pop((service, username), None)

    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def env(tmp_path, monkeypatch, keyring_memory) -> Env:
    data = tmp_path / "data"
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(profiles))
    monkeypatch.setenv("NETOPS_CPE_PASSWORD", LAB_PASSWORD)
    monkeypatch.setenv("NETOPS_OPERATOR", "tech-ana")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("NETOPS_ACS_URL", raising=False)
    monkeypatch.delenv("NETOPS_ISP", raising=False)
    return Env(data, profiles)


@pytest.fixture
def router(tmp_path):
    """Start a simulated router: router(family, faults=..., restart=..., security=...) -> Server."""
    started: list[Server] = []

    def start(family: str, faults: str = "", restart: float = 1.0, password: str = LAB_PASSWORD,
              security: str = "", save_seconds: float = 0.0) -> Server:
        port = free_port()
        args = ["netops.lab.routers", "--family", family, "--port", str(port), "--password", password,
                "--restart-seconds", str(restart), "--save-seconds", str(save_seconds)]
        if faults:
            args += ["--faults", faults]
        if security:
            args += ["--security", security]
        server = _start(args, port, tmp_path / f"router-{family}-{port}.log")
        started.append(server)
        return server

    yield start
    for server in started:
        _stop(server)


@pytest.fixture
def acs(tmp_path, monkeypatch):
    port = free_port()
    server = _start(["netops.lab.acs_nbi", "--port", str(port)], port, tmp_path / "acs.log")
    monkeypatch.setenv("NETOPS_ACS_URL", server.url)
    yield server
    _stop(server)
