"""`netops lab up|status|down` as a user runs them (on free ports, in a private folder)."""

import os
import signal
import sys

import pytest

from netops.lab.state import pid_alive

pytestmark = pytest.mark.integration


def test_lab_lifecycle(cli, tmp_path, monkeypatch, golden):
    monkeypatch.setenv("NETOPS_LAB_DIR", str(tmp_path / "lab"))
    assert cli("lab", "status").code == 3
    # only the SNMP OLTs: other lab services are exercised by their own tests
    monkeypatch.setattr("netops.lab.manager.SERVICES", ["netops.lab.snmp_olt"])
    up = cli("lab", "up", "--free-ports", "-o", "json")
    try:
        assert up.code == 0, up.err
        golden("lab-up", up.json())
        services = up.json()["services"]
        pids = [pid for s in services for pid in s["pids"]]
        assert pids and all(pid_alive(p) for p in pids)
        assert (tmp_path / "lab" / "inventory.yaml").is_file()
        again = cli("lab", "up", "--free-ports")
        assert again.code == 0 and "already running" in again.out
        status = cli("lab", "status", "-o", "json")
        assert status.code == 0 and status.json()["running"] is True
        golden("lab-status", status.json())
        scan = cli("--inventory", "lab", "optical", "scan", "lab-zte", "-o", "json")
        assert scan.code == 2 and scan.json()["summary"]["total"] == 32
    finally:
        down = cli("lab", "down", "-o", "json")
    assert down.code == 0 and down.json()["stopped"] == 1
    golden("lab-down", down.json())
    assert not any(pid_alive(p) for p in pids)
    assert cli("lab", "status").code == 3


def test_a_service_failing_half_way_leaves_no_process(tmp_path, monkeypatch):
    """A service that started one server and then failed: `up` stops that server too."""
    import sys
    import types

    from netops.lab import manager
    from netops.lab.state import LabError

    started = []

    def start(ctx):
        started.append(ctx.spawn("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"]))
        raise LabError("second server failed")

    broken = types.ModuleType("netops_test_broken_service")
    broken.NAME, broken.start = "broken", start
    monkeypatch.setitem(sys.modules, broken.__name__, broken)
    monkeypatch.setattr(manager, "SERVICES", [broken.__name__])
    with pytest.raises(LabError):
        manager.up(tmp_path / "lab", fixed_ports=False)
    assert started and not pid_alive(started[0])
    assert not manager.running(tmp_path / "lab")


def test_a_process_stopped_the_moment_it_was_started_is_still_known_as_the_labs(tmp_path):
    """Popen returns a moment before the kernel shows the new command line; a stop in that moment
    must still recognise the process (once in a few dozen starts on a busy machine)."""
    from netops.lab.state import LabContext, is_ours

    ctx = LabContext(directory=tmp_path, fixed_ports=False)
    pids = [ctx.spawn("sleeper", [sys.executable, "-c", "import time; time.sleep(30)"]) for _ in range(60)]
    try:
        assert all(is_ours(record) for record in ctx.records(pids))
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
