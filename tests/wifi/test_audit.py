"""The audit log never costs the technician the outcome: a full disk is a warning, not an error.

The full disk is real: the netops process runs in its own mount namespace (util-linux `unshare`)
with its data directory on a 64 KiB tmpfs filled to the last block, against a lab router on
loopback. Files are replaced whole (temporary file, fsync, rename): the old log survives intact.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from netops.cpe.keys import fingerprint

pytestmark = pytest.mark.integration

OLD_RECORD = '{"time": "2026-01-01T00:00:00+00:00", "operator": "ana", "result": "ok"}\n'


def _without_data_dir() -> dict[str, str]:
    """The environment without NETOPS_DATA_DIR: the audit log goes to the platform's default place."""
    return {name: value for name, value in os.environ.items() if name != "NETOPS_DATA_DIR"}


def _on_a_full_disk(data: Path, argv: list[str], prepare: str = "") -> subprocess.CompletedProcess:
    """Run `python -m netops ARGV` with XDG_DATA_HOME on a full 64 KiB tmpfs of its own."""
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {shlex.quote(str(data))} && {prepare}"
        f"dd if=/dev/zero of={shlex.quote(str(data / 'filler'))} bs=4k 2>/dev/null; "
        f"exec {shlex.quote(sys.executable)} -m netops {shlex.join(argv)}"
    )
    environment = {**_without_data_dir(), "XDG_DATA_HOME": str(data)}
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL, timeout=60,
    )


def test_a_full_disk_still_reports_the_change_and_keeps_the_old_log(env, router, tmp_path):
    server = router("askey-econet")
    data = tmp_path / "full"
    data.mkdir()
    audit = data / "netops" / "audit"
    # an existing log and salt, written before the disk filled up
    prepare = (f"mkdir -p {audit} && printf '%s' {shlex.quote(OLD_RECORD)} > {audit}/wifi.jsonl && "
               f"printf '%s' {'ab' * 16} > {audit}/salt && ")
    process = _on_a_full_disk(data, ["wifi", "reset", "127.0.0.1", "--port", str(server.port),
                                     "--model", "RTF8115VW", "--key", "Disco-Cheio-1", "-o", "json"], prepare)
    assert process.returncode == 0, process.stderr
    outcome = json.loads(process.stdout)
    assert outcome["status"] == "ok" and outcome["bands_changed"] == ["2.4", "5"]
    warnings = [line for line in process.stderr.splitlines() if line.startswith("netops: warning:")]
    assert len(warnings) == 1 and "not written to the audit log" in warnings[0]
    assert "No space left on device" in warnings[0]
    assert "Traceback" not in process.stderr and "internal error" not in process.stderr
    assert server.state()["bands"]["5"]["key"] == "Disco-Cheio-1"


def test_the_old_log_and_salt_survive_a_failed_write(tmp_path):
    """Same full disk, looked at from inside the namespace after the failed write."""
    data = tmp_path / "full"
    data.mkdir()
    audit = data / "netops" / "audit"
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {data} && mkdir -p {audit} && "
        f"printf '%s' {shlex.quote(OLD_RECORD)} > {audit}/wifi.jsonl && : > {audit}/salt && "
        f"dd if=/dev/zero of={data}/filler bs=4k 2>/dev/null; "
        f"XDG_DATA_HOME={data} {shlex.quote(sys.executable)} -c "
        + shlex.quote(
            "from netops.cpe import audit\n"
            "try:\n    audit.record({'result': 'ok'}, 'Chave-1234')\nexcept OSError as exc:\n    print('OSError', exc.errno)\n"
        )
        + f"; ls -a {audit}; echo ---; cat {audit}/wifi.jsonl; echo ---; wc -c < {audit}/salt"
    )
    process = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                             capture_output=True, text=True, timeout=60, env=_without_data_dir())
    assert process.returncode == 0, process.stderr
    listing, log, salt_size = process.stdout.split("---\n")
    assert listing.startswith("OSError 28")  # ENOSPC
    assert set(listing.split()[2:]) <= {".", "..", ".lock", "salt", "wifi.jsonl"}  # no temporary file left
    assert log == OLD_RECORD  # untouched, no half line
    assert salt_size.strip() == "0"  # the empty salt was not "written" with nothing: it is still to replace


def test_an_empty_or_short_salt_is_replaced_not_reused(env, cli, router):
    server = router("mitrastar-broadcom")
    folder = env.audit_file.parent
    folder.mkdir(parents=True)
    for broken in ("", "ab12"):
        (folder / "salt").write_text(broken)
        result = cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "GPT-2541GNAC",
                     "--key", "Sal-Novo-123", "--band", "2.4", "-o", "json")
        assert result.code == 0, result.err
        salt_text = (folder / "salt").read_text()
        assert re.fullmatch(r"[0-9a-f]{32}", salt_text)
        record = env.audit()[-1]
        assert record["key_fingerprint"] == fingerprint("Sal-Novo-123", bytes.fromhex(salt_text))
        assert record["key_fingerprint"] != fingerprint("Sal-Novo-123", bytes.fromhex(broken))


def test_files_are_private(env, cli, router):
    server = router("askey-broadcom")
    result = cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "RTF3505VW", "-o", "json")
    assert result.code == 0, result.err
    folder = env.audit_file.parent
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct(folder.parent.stat().st_mode & 0o777) == "0o700"
    for name in ("wifi.jsonl", "salt"):
        assert oct((folder / name).stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_a_widened_audit_folder_is_tightened(env, cli, router):
    folder = env.audit_file.parent
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    server = router("askey-broadcom")
    cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "RTF3505VW", "-o", "json")
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_an_unwritable_audit_folder_is_one_warning_and_the_error_still_reported(env, cli, monkeypatch, tmp_path):
    """Also on the error path: the router refused, the log cannot be written, both are said."""
    monkeypatch.setenv("XDG_DATA_HOME", "/proc/netops-cannot-write-here")
    from netops.lab.state import free_port

    result = cli("wifi", "reset", "127.0.0.1", "--port", str(free_port()), "--model", "RTF3505VW")
    assert result.code == 3
    lines = result.err.strip().splitlines()
    assert next(line for line in lines if line.startswith("netops: warning:")).count("audit log") == 1
    assert lines[-1].startswith("netops: error:") and "did not answer" in lines[-1]
