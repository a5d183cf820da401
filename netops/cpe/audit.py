"""The audit trail of Wi-Fi key changes: one JSON line per attempt in the user data directory.

A record says who changed what on which router and how it ended. It holds a salted fingerprint
of the key (HMAC with a per-installation salt kept next to the log), never the key itself and
never the router password: with the key in hand one can check that it is the one that was set.

Both files are written whole to a temporary file, flushed to disk and renamed over the old one,
so a full disk or a crash leaves the previous version intact, never half a line or an empty salt.
They are 0600 in a 0700 folder. Callers treat an OSError here as "not recorded", never as "not
done": the router was changed either way.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netops.cpe.keys import fingerprint
from netops.files import private_folder, write_atomically

SALT_BYTES = 16


def audit_dir() -> Path:
    """`audit/` in netops's data folder (NETOPS_DATA_DIR, else the user data directory)."""
    from netops.settings import data_dir

    return data_dir() / "audit"


def audit_path() -> Path:
    return audit_dir() / "wifi.jsonl"


def _salt(directory: Path) -> bytes:
    """The installation's salt; an empty, short or unreadable one is replaced, never reused."""
    path = directory / "salt"
    try:
        salt = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        salt = b""
    if len(salt) >= SALT_BYTES:
        return salt
    salt = secrets.token_bytes(SALT_BYTES)
    write_atomically(path, salt.hex().encode("ascii"))
    return salt


def operator() -> str:
    name = os.environ.get("NETOPS_OPERATOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (containers)
        return "unknown"


def key_fingerprint(key: str) -> str:
    """The fingerprint a record of `key` carries (creates the salt if there is none yet)."""
    directory = audit_dir()
    private_folder(directory, tighten=True)  # netops's own folder
    return fingerprint(key, _salt(directory))


def record(entry: dict[str, Any], key: str | None) -> Path:
    """Append one record; `key` only feeds the fingerprint. Raises OSError when it cannot."""
    directory = audit_dir()
    private_folder(directory, tighten=True)  # netops's own folder
    line = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "operator": operator(),
        **entry,
        "key_fingerprint": fingerprint(key, _salt(directory)) if key else None,
    }
    text = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
    path = audit_path()
    lock = os.open(directory / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two technicians' runs must not lose each other's line
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            old = b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        write_atomically(path, old + text)
    finally:
        os.close(lock)
    return path


def records() -> Iterator[dict[str, Any]]:
    """Every readable record, oldest first; a damaged line is skipped, not fatal."""
    try:
        lines = audit_path().read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    for line in lines:
        try:
            found = json.loads(line)
        except ValueError:
            continue
        if isinstance(found, dict):
            yield found
