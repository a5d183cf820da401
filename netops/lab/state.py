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

from netops.errors import LabError
from netops.i18n import L_

__all__ = ["LabError"]  # the lab's services raise it from here


def lab_dir() -> Path:
    """`NETOPS_LAB_DIR`, else the user's state directory (`~/.local/state/netops/lab`)."""
    env = os.environ.get("NETOPS_LAB_DIR")
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_state_path

        path = user_state_path("netops") / "lab"
    _must_be_a_folder(path)
    return path


def _must_be_a_folder(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise LabError(
            L_("the lab folder {path} is not a folder", path=path),
            hint=L_("point NETOPS_LAB_DIR at a folder (it is created when missing)"),
        )


def prepare_dir(directory: Path) -> None:
    """Create the lab folder (0700: it holds the lab's SSH host key and logs)."""
    _must_be_a_folder(directory)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise LabError(L_("cannot create the lab folder {directory}: {value}", directory=directory, value=exc.strerror or exc),
                       hint=L_("point NETOPS_LAB_DIR at a folder you can write")) from None


@dataclass
class ServiceInfo:
    """What a started lab service reports: its processes, where it listens, how to use it."""

    name: str
    pids: list[int] = field(default_factory=list)
    endpoints: dict[str, Any] = field(default_factory=dict)
    inventory: dict[str, Any] = field(default_factory=dict)
    usage: list[str] = field(default_factory=list)
    # who each PID was at spawn (filled by the manager): a PID alone may belong to anyone later
    processes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class LabContext:
    """Handed to each service's `start`: the lab folder, the address and port allocation."""

    directory: Path
    host: str = "127.0.0.1"
    fixed_ports: bool = True
    # every process started through `spawn`, so a service that fails half-way leaves nothing behind
    spawned: list[int] = field(default_factory=list)
    identities: dict[int, dict[str, Any]] = field(default_factory=dict)

    def port(self, default: int, kind: str = "tcp") -> int:
        """The service's well-known lab port, or a free one when ports are not fixed (tests).

        `kind` is "tcp", "udp", or "udp+tcp" for a service that listens on both (a resolver).
        A well-known port that another program holds is an error now: started anyway, the
        service would die while that program answers in its place.
        """
        kinds = kind.split("+")
        if not self.fixed_ports:
            return free_port(self.host, kind)
        for one in kinds:
            if not port_free(self.host, default, one):
                raise LabError(
                    L_("port {default}/{one} on {host} is already in use by another program", default=default, one=one, host=self.host),
                    hint=L_("stop that program, or start the lab on free ports: `netops lab up --free-ports`"),
                )
        return default

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
        # the kernel shows the new command line only once exec has set the program up, a moment
        # after Popen returns; until then a stop would take the process for another program's
        found = _identity_once_exec_done(process.pid)
        self.identities[process.pid] = {
            "pid": process.pid, "cmdline": [str(arg) for arg in args],
            "start_time": found["start_time"] if found else None,
        }
        return process.pid

    def records(self, pids: list[int]) -> list[dict[str, Any]]:
        """The identities of `pids` as recorded at spawn."""
        return [self.identities.get(pid) or {"pid": pid, "cmdline": [], "start_time": None}
                for pid in pids]

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
    """A port the kernel says is free now; for "udp+tcp", one free for both."""
    first, *others = kind.split("+")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(100):
        with socket.socket(family, socket.SOCK_DGRAM if first == "udp" else socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
        if all(port_free(host, port, other) for other in others):
            return port
    raise LabError(L_("no port on {host} is free for {kind}", host=host, kind=kind))


def port_free(host: str, port: int, kind: str = "tcp") -> bool:
    """Whether a server could bind `port` now (TCP as servers do, with SO_REUSEADDR)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM) as sock:
        if kind != "udp":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def identity(pid: int) -> dict[str, Any] | None:
    """A live process's PID, command line and start time (clock ticks after boot, field 22 of
    /proc/PID/stat); None when it is gone or a zombie. PID and start time together name one
    process for as long as the machine runs; the command line says it is the lab's."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            cmdline = handle.read().decode(errors="replace").split("\0")[:-1]  # NUL-terminated
    except (OSError, IndexError):
        return None
    if fields[0] in ("Z", "X"):  # state is field 3, the first after the command name
        return None
    return {"pid": pid, "cmdline": cmdline, "start_time": int(fields[22 - 3])}


def _identity_once_exec_done(pid: int, timeout: float = 2.0) -> dict[str, Any] | None:
    """`identity(pid)` once its command line shows (or the process is gone, or `timeout`)."""
    deadline = time.monotonic() + timeout
    found = identity(pid)
    while found is not None and not found["cmdline"] and time.monotonic() < deadline:
        time.sleep(0.001)
        found = identity(pid)
    return found


def is_ours(record: dict[str, Any]) -> bool:
    """The recorded process still runs: same PID, same start time, same command line."""
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int) or record["pid"] <= 1:
        return False
    if record.get("start_time") is None:
        return False
    return identity(record["pid"]) == record


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
            raise LabError(L_("{what} exited during start-up", what=what))
        time.sleep(0.1)
    raise LabError(L_("{what} did not become ready within {timeout:.0f} s", what=what, timeout=timeout))


def tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False
