"""The lab must not lie or harm: a taken port is an error, a dead service is restarted, and a PID
that is no longer the lab's is neither reported running nor signalled."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import types
from pathlib import Path

import pytest

from netops.lab.state import free_port, pid_alive, tcp_open, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def lab_dir(tmp_path, monkeypatch) -> Path:
    """A private lab folder; whatever still works in it after the test is stopped by PID."""
    directory = tmp_path / "lab"
    monkeypatch.setenv("NETOPS_LAB_DIR", str(directory))
    yield directory
    for pid in processes_in(directory):
        os.kill(pid, signal.SIGKILL)


def processes_in(directory: Path) -> list[int]:
    """Every process working in `directory` (lab services run in the lab folder): from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if Path(os.readlink(f"/proc/{entry}/cwd")) == directory.resolve():
                    found.append(int(entry))
            except OSError:
                continue
    return [pid for pid in found if pid_alive(pid)]


def service(monkeypatch, name: str, start) -> str:
    """A lab service module made for the test (real servers, started through the lab's spawn)."""
    module = types.ModuleType(f"netops_test_service_{name}")
    module.NAME, module.start = name, start
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module.__name__


def web_server(ctx, port: int):
    """A real HTTP server (Python's own) as a lab service would start it."""
    from netops.lab.state import ServiceInfo

    pid = ctx.spawn(f"web-{port}", [sys.executable, "-m", "http.server", "--bind", ctx.host, str(port)])
    wait_until(lambda: tcp_open(ctx.host, port), 10, f"web server {port}", pid)
    return ServiceInfo(name=f"web-{port}", pids=[pid], endpoints={"http": f"http://{ctx.host}:{port}/"})


def test_a_port_another_program_holds_is_one_error_and_nothing_stays_running(cli, lab_dir, monkeypatch):
    first_port = free_port()
    holder = socket.create_server(("127.0.0.1", 0))  # another program's server on a lab port
    taken = holder.getsockname()[1]
    monkeypatch.setattr("netops.lab.manager.SERVICES", [
        service(monkeypatch, "first", lambda ctx: web_server(ctx, ctx.port(first_port))),
        service(monkeypatch, "second", lambda ctx: web_server(ctx, ctx.port(taken))),
    ])
    try:
        up = cli("lab", "up")
        assert up.code == 3
        assert up.err.count("\n") == 1 and up.err.startswith("netops: error: ")
        assert f"port {taken}/tcp" in up.err and "--free-ports" in up.err
        assert "Lab started" not in up.out
        assert processes_in(lab_dir) == []  # the first service was stopped again
        assert not (lab_dir / "state.json").exists()
        assert cli("lab", "status").code == 3
        assert not tcp_open("127.0.0.1", first_port)
    finally:
        holder.close()


def test_lab_up_starts_again_a_service_that_died_and_keeps_the_others(cli, lab_dir, monkeypatch):
    monkeypatch.setattr("netops.lab.manager.SERVICES", ["netops.lab.acs_nbi", "netops.lab.routers"])
    up = cli("lab", "up", "--free-ports", "-o", "json")
    try:
        assert up.code == 0, up.err
        assert os.stat(lab_dir).st_mode & 0o777 == 0o700
        before = {s["name"]: s for s in up.json()["services"]}
        victim = before["routers"]["pids"][1]
        os.kill(victim, signal.SIGKILL)
        wait_until(lambda: not pid_alive(victim), 10, "the killed router")

        status = cli("lab", "status", "-o", "json")
        assert status.code == 1
        assert {s["name"]: s["alive"] for s in status.json()["services"]} == {"acs": True, "routers": False}
        assert cli("lab", "status").err.strip().endswith("`netops lab up` starts them again.")

        again = cli("lab", "up")  # no --free-ports: the lab was started on free ports, and stays so
        assert again.code == 0, again.err
        assert "started again: routers" in again.out
        after = {s["name"]: s for s in cli("lab", "status", "-o", "json").json()["services"]}
        assert after["acs"]["pids"] == before["acs"]["pids"]  # left as it was
        assert victim not in after["routers"]["pids"]
        assert all(pid_alive(pid) for pid in after["routers"]["pids"])
        for url in after["routers"]["endpoints"].values():  # every router answers again
            host, port = url.split("//")[1].rstrip("/").split(":")
            assert tcp_open(host, int(port))
        assert cli("lab", "status").code == 0
    finally:
        down = cli("lab", "down", "-o", "json")
    assert down.json()["stopped"] == 5
    assert processes_in(lab_dir) == []


@pytest.fixture
def bystander():
    """A program that is not the lab's, leading its own process group as lab services do."""
    process = subprocess.Popen(["sleep", "300"], start_new_session=True)
    yield process
    process.kill()
    process.wait()


def stat_start_time(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as handle:
        return int(handle.read().rsplit(")", 1)[1].split()[19])


@pytest.mark.parametrize("record", [
    "rebooted",  # the PID recorded before a reboot: same number, another start time
    "reused",  # same start time, but another program's command line
    "old-state",  # a state written by a netops that kept only PIDs
])
def test_a_pid_that_is_not_the_labs_is_neither_running_nor_signalled(cli, lab_dir, bystander, record):
    pid = bystander.pid
    lab_command = [sys.executable, "-m", "netops.lab.acs_nbi", "--host", "127.0.0.1", "--port", "17557"]
    entry = {"name": "acs", "pids": [pid], "endpoints": {"nbi": "http://127.0.0.1:17557"},
             "inventory": {}, "usage": []}
    if record == "rebooted":
        entry["processes"] = [{"pid": pid, "cmdline": lab_command, "start_time": stat_start_time(pid) - 100}]
    elif record == "reused":
        entry["processes"] = [{"pid": pid, "cmdline": lab_command, "start_time": stat_start_time(pid)}]
    lab_dir.mkdir()
    (lab_dir / "state.json").write_text(json.dumps({"directory": str(lab_dir), "services": [entry]}))

    status = cli("lab", "status")
    assert status.code == 3 and "not running" in status.err
    assert cli("lab", "status", "-o", "json").json()["running"] is False
    down = cli("lab", "down", "-o", "json")
    assert down.code == 0 and down.json()["stopped"] == 0
    with pytest.raises(subprocess.TimeoutExpired):  # still running: no signal reached it
        bystander.wait(timeout=0.5)


def test_a_full_disk_under_the_lab_folder_is_one_line_and_nothing_runs(tmp_path):
    """A real full file system: a tiny tmpfs in a private mount namespace (the suite runs as root)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f'mount -t tmpfs -o size=64k tmpfs "{disk}" && exec "{sys.executable}" -m netops lab up --free-ports'
    done = subprocess.run(["unshare", "-m", "bash", "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NETOPS_LAB_DIR": str(disk / "lab")})
    assert done.returncode == 3
    assert done.stderr == ("netops: error: the lab could not start: No space left on device — free some "
                           "space in the lab folder, or point NETOPS_LAB_DIR at another folder\n")
    assert processes_in(disk / "lab") == []
