"""The case log holds customers' names and tickets: private files, and a full disk said plainly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
LOS = str(EXAMPLES / "ticket-los.yaml")
LOW_SIGNAL = str(EXAMPLES / "ticket-low-signal.yaml")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def usual_umask():
    """The usual umask, under which files are born 0644 and folders 0755."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_default_case_log_is_0600_in_0700_folders(cli, tmp_path, monkeypatch, usual_umask):
    monkeypatch.delenv("NETOPS_CASES_DB")
    monkeypatch.delenv("NETOPS_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert cli("triage", "--ticket", LOS, "-o", "json").code == 0
    log = tmp_path / "data" / "netops" / "cases.sqlite3"
    assert mode(log) == 0o600
    assert mode(log.parent) == 0o700 and mode(tmp_path / "data") == 0o700


def test_a_case_log_made_readable_to_others_is_made_private_again(cli, tmp_path, monkeypatch):
    """A log from an older netops (0644 in a 0755 folder) is tightened on its next use."""
    monkeypatch.delenv("NETOPS_CASES_DB")
    monkeypatch.delenv("NETOPS_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert cli("triage", "--ticket", LOS).code == 0
    log = tmp_path / "data" / "netops" / "cases.sqlite3"
    log.chmod(0o644)
    log.parent.chmod(0o755)
    assert cli("cases", "list").code == 0
    assert mode(log) == 0o600 and mode(log.parent) == 0o700


def test_a_case_log_in_a_folder_the_user_named_leaves_that_folder_alone(cli, tmp_path, case_db, usual_umask):
    shared = case_db.parent
    shared.chmod(0o755)
    assert cli("triage", "--ticket", LOS).code == 0
    assert mode(case_db) == 0o600
    assert mode(shared) == 0o755  # not netops's folder: its mode is the user's business


def test_a_case_log_under_folders_that_do_not_exist_creates_them_0700(cli, tmp_path, monkeypatch, usual_umask):
    log = tmp_path / "new" / "cases" / "log.sqlite3"
    monkeypatch.setenv("NETOPS_CASES_DB", str(log))
    assert cli("triage", "--ticket", LOS).code == 0
    assert mode(log) == 0o600 and mode(log.parent) == 0o700 and mode(log.parent.parent) == 0o700


@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-1", "1000001"])
def test_an_impossible_list_limit_is_one_line(cli, limit):
    result = cli("cases", "list", "-n", limit)
    assert result.code == 3
    assert result.err.startswith("netops: error: Invalid value for '--limit'") and result.err.count("\n") == 1


def test_the_largest_list_limit_works(cli):
    assert cli("triage", "--ticket", LOS).code == 0
    result = cli("cases", "list", "-n", "1000000", "-o", "json")
    assert result.code == 0 and len(result.json()["cases"]) == 1


def test_a_case_log_that_is_not_a_database_is_one_line(cli, case_db):
    case_db.write_bytes(b"not SQLite at all\n" * 100)
    for command in (("cases", "list"), ("cases", "show", "X"), ("triage", "--ticket", LOS)):
        result = cli(*command)
        assert result.code == 3, command
        assert result.err.startswith(f"netops: error: cannot open the case log {case_db}")
        assert result.err.count("\n") == 1


FULL_DISK = """
set -e
mount -t tmpfs -o size=128k tmpfs "$DISK"
netops triage --ticket "$LOS" -o json > /dev/null             # a first case fits
dd if=/dev/zero of="$DISK/filler" bs=4k 2>/dev/null || true    # then the disk fills up
set +e
netops triage --ticket "$LOW_SIGNAL" -o json > "$OUT/full.out" 2> "$OUT/full.err"
echo $? > "$OUT/full.code"
rm "$DISK/filler"                                               # space again
netops cases list -o json > "$OUT/after.out" 2> "$OUT/after.err"
echo $? > "$OUT/after.code"
"""


def test_a_full_disk_is_one_line_and_the_log_stays_whole(tmp_path):
    """A real full file system: a tiny tmpfs in a private mount namespace (the suite runs as
    root, as the speed tests' network namespaces need too)."""
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bindir}:{os.environ['PATH']}", "DISK": str(disk), "OUT": str(out),
           "LOS": LOS, "LOW_SIGNAL": LOW_SIGNAL, "NETOPS_CASES_DB": str(disk / "cases.sqlite3")}
    subprocess.run([shutil.which("unshare"), "-m", "bash", "-c", FULL_DISK], env=env, check=True, timeout=120)
    assert (out / "full.code").read_text().strip() == "3"
    assert (out / "full.out").read_text() == ""
    assert (out / "full.err").read_text() == (
        f"netops: error: cannot record the decision in the case log {disk / 'cases.sqlite3'}: "
        "database or disk is full — free some space (or point NETOPS_CASES_DB at another file) "
        "and run again; nothing was recorded\n"
    )
    assert (out / "after.code").read_text().strip() == "0", (out / "after.err").read_text()
    cases = json.loads((out / "after.out").read_text())["cases"]
    assert [case["customer"] for case in cases] == ["Ana Souza"]  # the first case, intact


def test_the_case_log_and_the_wifi_audit_follow_netops_data_dir(cli, tmp_path, monkeypatch):
    """One variable moves every file netops keeps (history, find cache, cases, Wi-Fi audit)."""
    from netops.cpe.audit import audit_path

    monkeypatch.delenv("NETOPS_CASES_DB")
    monkeypatch.setenv("NETOPS_DATA_DIR", str(tmp_path / "chosen"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    assert cli("triage", "--ticket", LOS, "-o", "json").code == 0
    assert (tmp_path / "chosen" / "cases.sqlite3").is_file()
    assert audit_path() == tmp_path / "chosen" / "audit" / "wifi.jsonl"
    assert not (tmp_path / "elsewhere").exists()
