"""The lab services: started as `netops lab up` starts them, and their usage lines work."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys

import pytest

from netops.lab import acs_nbi, manager, routers
from netops.lab.state import LabContext, pid_alive

pytestmark = pytest.mark.integration  # real servers on loopback


@pytest.fixture
def lab(tmp_path):
    ctx = LabContext(directory=tmp_path, fixed_ports=False)
    started = []
    yield ctx, started
    for info in started:
        for pid in info.pids:
            if pid_alive(pid):
                os.killpg(pid, signal.SIGTERM)


def test_services_are_registered():
    assert "netops.lab.routers" in manager.SERVICES and "netops.lab.acs_nbi" in manager.SERVICES


def test_lab_routers_usage_lines_work(env, cli, lab, monkeypatch):
    ctx, started = lab
    info = routers.start(ctx)
    started.append(info)
    assert info.name == "routers" and len(info.pids) == 4
    assert set(info.endpoints) == set(routers.FAMILIES)
    assert len(info.usage) == 4
    for line in info.usage:
        words = shlex.split(line)
        assignment, argv = words[0], words[1:]
        name, _, value = assignment.partition("=")
        monkeypatch.setenv(name, value)
        assert argv[:3] == ["netops", "wifi", "reset"]
        result = cli(*argv[1:], "-o", "json")
        assert result.code == 0, (line, result.err)


def test_lab_acs_usage_line_works(env, cli, lab, monkeypatch):
    ctx, started = lab
    info = acs_nbi.start(ctx)
    started.append(info)
    (line,) = info.usage
    words = shlex.split(line)
    name, _, value = words[0].partition("=")
    monkeypatch.setenv(name, value)
    result = cli(*words[2:], "-o", "json")
    assert result.code == 0, result.err


def test_debug_output_of_a_real_process_has_no_secrets(env, router, tmp_path):
    """`--debug` in a separate process, so its logging really goes to stderr."""
    server = router("mitrastar-broadcom", password="Rot3ador!x")
    environment = {**os.environ, "NETOPS_CPE_PASSWORD": "Rot3ador!x"}
    process = subprocess.run(
        [sys.executable, "-m", "netops", "--debug", "wifi", "reset", "127.0.0.1", "--port", str(server.port),
         "--model", "GPT-2541GNAC", "--key", "Chave-Debug-9", "-o", "json"],
        capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL, timeout=60,
    )
    assert process.returncode == 0, process.stderr
    assert "DEBUG" in process.stderr  # debug logging was on
    assert "Rot3ador" not in process.stderr + process.stdout
    assert "OldKey" not in process.stderr + process.stdout
    assert process.stderr.count("Chave-Debug-9") == 1
    assert "sessionKey=" not in process.stderr and "wlWpaPsk" not in process.stderr
