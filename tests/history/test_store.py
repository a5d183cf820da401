"""The local history: private files, retention, several writers at once, and failures that never
change a command's answer."""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from netops.history import store
from netops.history.database import database_path
from netops.models import OnuRef, PonRef
from netops.olt.reading import OnuReading

ONU = OnuRef(PonRef(0, 1, 0), 3)


def reading(rx: float | None, olt_rx: float | None = -22.0, state: str = "online") -> OnuReading:
    return OnuReading(olt="olt-a", onu=ONU, source="snmp", state=state, rx_dbm=rx, olt_rx_dbm=olt_rx, tx_dbm=2.1)


def test_files_are_private(private_data_dir):
    store.record([reading(-20.0)], "onu")
    assert stat.S_IMODE(private_data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(database_path().stat().st_mode) == 0o600
    for extra in private_data_dir.iterdir():  # -wal / -shm while open, if any are left
        assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0, extra


def test_netops_own_open_folder_and_file_are_tightened(tmp_path, monkeypatch):
    monkeypatch.delenv("NETOPS_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))  # platformdirs' user data dir
    own = tmp_path / "share" / "netops"
    own.mkdir(parents=True, mode=0o755)
    os.chmod(own, 0o755)
    database_path().touch(mode=0o644)
    os.chmod(database_path(), 0o644)
    store.record([reading(-20.0)], "onu")
    assert database_path().parent == own
    assert stat.S_IMODE(own.stat().st_mode) == 0o700
    assert stat.S_IMODE(database_path().stat().st_mode) == 0o600


def test_a_folder_the_user_named_keeps_its_mode_but_the_file_is_private(private_data_dir):
    private_data_dir.mkdir(mode=0o755)
    os.chmod(private_data_dir, 0o755)  # like /tmp or a shared folder: not netops's to change
    store.record([reading(-20.0)], "onu")
    assert stat.S_IMODE(private_data_dir.stat().st_mode) == 0o755
    assert stat.S_IMODE(database_path().stat().st_mode) == 0o600


def test_oldest_first_and_retention(monkeypatch):
    now = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    store.record([reading(-20.0)], "scan", now=now - dt.timedelta(days=100))
    store.record([reading(-21.0)], "scan", now=now - dt.timedelta(days=10))
    store.record([reading(-22.0)], "onu", now=now)  # this write drops what is older than 90 days
    rows = store.history("olt-a", ONU)
    assert [r.rx_dbm for r in rows] == [-21.0, -22.0]
    monkeypatch.setenv("NETOPS_HISTORY_DAYS", "5")
    store.record([reading(-23.0)], "onu", now=now)
    assert [r.rx_dbm for r in store.history("olt-a", ONU)] == [-22.0, -23.0]


def test_retention_zero_keeps_nothing(monkeypatch):
    monkeypatch.setenv("NETOPS_HISTORY_DAYS", "0")
    assert store.record([reading(-20.0)], "onu") == 0
    assert not database_path().exists()


@pytest.mark.parametrize("value", ["ninety", "-1", "3651", "2.5", "nan"])
def test_bad_retention_is_one_warning_when_recording(monkeypatch, capsys, value):
    monkeypatch.setenv("NETOPS_HISTORY_DAYS", value)
    monkeypatch.setattr(store, "_warned", False)
    store.record_quietly([reading(-20.0)], "onu")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "NETOPS_HISTORY_DAYS" in err and "warning" in err


def test_concurrent_writers_lose_nothing(private_data_dir):
    """Four processes write 40 batches each at the same time (WAL and the busy timeout)."""
    code = textwrap.dedent("""
        import sys
        from netops.history import store
        from netops.models import OnuRef, PonRef
        from netops.olt.reading import OnuReading
        me = int(sys.argv[1])
        for n in range(40):
            batch = [OnuReading(olt="olt-a", onu=OnuRef(PonRef(0, 1, me), i), source="snmp", state="online",
                                rx_dbm=-20.0 - n / 100) for i in range(25)]
            store.record(batch, "scan")
    """)
    env = {**os.environ, "NETOPS_DATA_DIR": str(private_data_dir)}
    workers = [subprocess.Popen([sys.executable, "-c", code, str(me)], env=env, stderr=subprocess.PIPE)
               for me in range(4)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
    import sqlite3

    with sqlite3.connect(database_path()) as conn:
        assert conn.execute("SELECT COUNT(*) FROM readings").fetchone()[0] == 4 * 40 * 25


def run_netops(args, env, limits=None):
    def prepare():
        if limits:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits, limits))

    return subprocess.run([sys.executable, "-m", "netops", *args], env=env, capture_output=True, text=True,
                          preexec_fn=prepare, timeout=120)


@pytest.mark.integration
def test_a_full_disk_never_changes_the_answer(tmp_path, lab_inventory_path):
    """The same `optical onu` with room to write, on a "full disk" (no file may grow past 0 bytes)
    and with a data folder that cannot be created: same JSON, same exit code, one warning."""
    base = {**os.environ, "NETOPS_INVENTORY": str(lab_inventory_path)}
    args = ["optical", "onu", "lab-huawei", "0/1/0:3", "-o", "json"]
    normal = run_netops(args, {**base, "NETOPS_DATA_DIR": str(tmp_path / "ok")})
    full = run_netops(args, {**base, "NETOPS_DATA_DIR": str(tmp_path / "full")}, limits=1)
    nowhere = run_netops(args, {**base, "NETOPS_DATA_DIR": "/proc/netops-cannot-be-here"})
    assert normal.returncode == full.returncode == nowhere.returncode == 2, (full.stderr, nowhere.stderr)
    assert json.loads(normal.stdout) == json.loads(full.stdout) == json.loads(nowhere.stdout)
    assert normal.stderr == ""
    for failed in (full, nowhere):
        lines = failed.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("netops: warning: readings not kept in the history"), lines
