"""Wi-Fi reset tests: simulated routers and the ACS stand-in as real servers on loopback.

Each server is a child process started by the test and stopped by its PID. The CLI runs in
process through the real entry point, with the audit log, profiles and keyring isolated.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
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
    monkeypatch.delenv("NETOPS_DATA_DIR", raising=False)  # the audit log in the platform's default place
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
              security: str = "", save_seconds: float = 0.0, ssids: dict[str, str] | None = None) -> Server:
        port = free_port()
        args = ["netops.lab.routers", "--family", family, "--port", str(port), "--password", password,
                "--restart-seconds", str(restart), "--save-seconds", str(save_seconds)]
        if faults:
            args += ["--faults", faults]
        if security:
            args += ["--security", security]
        for band, ssid in (ssids or {}).items():
            args += ["--ssid", f"{band}={ssid}"]
        server = _start(args, port, tmp_path / f"router-{family}-{port}.log")
        started.append(server)
        return server

    yield start
    for server in started:
        _stop(server)


@dataclass
class AcsServer(Server):
    """The GenieACS NBI stand-in, plus its lab-only calls and raw NBI requests for tests."""

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, str, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        try:
            with urllib.request.urlopen(request, timeout=200) as response:
                raw = response.read()
                status, reason, kind = response.status, response.reason, response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raw, status, reason, kind = exc.read(), exc.code, exc.reason, exc.headers.get("Content-Type", "")
        return status, reason, json.loads(raw) if raw and "json" in kind else raw.decode()

    def get(self, collection: str, query: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        path = f"/{collection}/?query={urllib.parse.quote(json.dumps(query or {}))}"
        return self.call("GET", path)[2]

    def device(self, serial: str) -> dict[str, Any]:
        (found,) = self.get("devices", {"_deviceId._SerialNumber": serial})
        return found

    def lab(self, serial: str, **flags: Any) -> None:
        device_id = urllib.parse.quote(self.device(serial)["_id"], safe="")
        self.call("POST", f"/__lab/device/{device_id}", flags)

    def inform(self, serial: str, hold_seconds: float | None = None) -> None:
        """A CPE-initiated session now (a periodic inform), holding the lock `hold_seconds` longer."""
        device_id = urllib.parse.quote(self.device(serial)["_id"], safe="")
        self.call("POST", f"/__lab/inform/{device_id}", {} if hold_seconds is None else {"hold_seconds": hold_seconds})

    def wait_for_no_tasks(self, serial: str, timeout: float = 30) -> None:
        device_id = self.device(serial)["_id"]
        wait_until(lambda: not self.get("tasks", {"device": device_id}), timeout, "the ACS to run its tasks")

    def task_posts(self) -> list[str]:
        """The task requests the stand-in received, from its log (method and path only)."""
        return [line for line in self.log.read_text().splitlines() if line.startswith("POST /devices/")]


@pytest.fixture
def acs_server(tmp_path, monkeypatch):
    """Start the NBI stand-in: acs_server(lock_wait=..., session_end_wait=...) -> AcsServer."""
    started: list[Server] = []

    def start(**options: float) -> AcsServer:
        port = free_port()
        args = ["netops.lab.acs_nbi", "--port", str(port)]
        for name, value in options.items():
            args += [f"--{name.replace('_', '-')}", str(value)]
        plain_server = _start(args, port, tmp_path / f"acs-{port}.log")
        server = AcsServer(plain_server.port, plain_server.process, plain_server.log)
        started.append(server)
        monkeypatch.setenv("NETOPS_ACS_URL", server.url)
        return server

    yield start
    for server in started:
        _stop(server)


@pytest.fixture
def acs(acs_server):
    """The NBI stand-in with GenieACS's own waits (30 s lock, 120 s session end)."""
    return acs_server()


def interrupted_run(args: list[str], marker: str, environment: dict[str, str] | None = None) -> tuple[int, bytes, str]:
    """Run `python -m netops ARGS`, send it a real SIGINT once stderr shows `marker` (and half a
    second more, so the request it announced is on its way); (exit code, stdout, stderr)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "netops", *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env={**os.environ, **(environment or {})},
    )
    seen = ""
    try:
        selector = selectors.DefaultSelector()
        selector.register(process.stderr, selectors.EVENT_READ)
        deadline = time.monotonic() + 30
        while marker not in seen and time.monotonic() < deadline:
            if selector.select(timeout=0.2):
                chunk = os.read(process.stderr.fileno(), 4096).decode()
                if not chunk:
                    break
                seen += chunk
        assert marker in seen, seen
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        out, rest = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, seen + rest.decode()
