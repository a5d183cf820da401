"""Where the lab keeps its files, and the small helpers every lab service uses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netops.errors import NetopsError


def lab_dir() -> Path:
    """`NETOPS_LAB_DIR`, else the user's state directory (`~/.local/state/netops/lab`)."""
    env = os.environ.get("NETOPS_LAB_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_path

    return user_state_path("netops") / "lab"


class LabError(NetopsError):
    code = "lab_error"


@dataclass
class ServiceInfo:
    """What a started lab service reports: its processes, where it listens, how to use it."""

    name: str
    pids: list[int] = field(default_factory=list)
    endpoints: dict[str, Any] = field(default_factory=dict)
    inventory: dict[str, Any] = field(default_factory=dict)
    usage: list[str] = field(default_factory=list)


@dataclass
class LabContext:
    """Handed to each service's `start`: the lab folder, the address and port allocation."""

    directory: Path
    host: str = "127.0.0.1"
    fixed_ports: bool = True
    # every process started through `spawn`, so a service that fails half-way leaves nothing behind
    spawned: list[int] = field(default_factory=list)

    def port(self, default: int, kind: str = "tcp") -> int:
        """The service's well-known lab port, or a free one when ports are not fixed (tests)."""
        if self.fixed_ports:
            return default
        return free_port(self.host, kind)

    def spawn(self, name: str, args: list[str], env: dict[str, str] | None = None) -> int:
        """Start a detached child process whose output goes to `<lab>/logs/<name>.log`."""
        logs = self.directory / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with open(logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, **(env or {})},
                cwd=self.directory,
            )
        self.spawned.append(process.pid)
        return process.pid

    def python(self) -> str:
        return sys.executable

    def log_tail(self, name: str, lines: int = 5) -> str:
        path = self.directory / "logs" / f"{name}.log"
        try:
            tail = path.read_text(errors="replace").strip().splitlines()[-lines:]
        except OSError:
            return ""
        return " | ".join(tail)


def free_port(host: str = "127.0.0.1", kind: str = "tcp") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock_type = socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
    with socket.socket(family, sock_type) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as dead
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def wait_until(check: Callable[[], bool], timeout: float, what: str, pid: int | None = None) -> None:
    """Poll `check` until it is true; fail early if the process `pid` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if pid is not None and not pid_alive(pid):
            raise LabError(f"{what} exited during start-up")
        time.sleep(0.1)
    raise LabError(f"{what} did not become ready within {timeout:.0f} s")


def tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False
