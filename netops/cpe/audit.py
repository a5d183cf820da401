"""The audit trail of Wi-Fi key changes: one JSON line per attempt in the user data directory.

A record says who changed what on which router and how it ended. It holds a salted fingerprint
of the key (HMAC with a per-installation salt kept next to the log), never the key itself and
never the router password: with the key in hand one can check that it is the one that was set.
"""

from __future__ import annotations

import getpass
import json
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from netops.cpe.keys import fingerprint


def audit_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("netops") / "audit"


def audit_path() -> Path:
    return audit_dir() / "wifi.jsonl"


def _salt(directory: Path) -> bytes:
    path = directory / "salt"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    salt = secrets.token_bytes(16)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(salt.hex())
    return salt


def operator() -> str:
    name = os.environ.get("NETOPS_OPERATOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (containers)
        return "unknown"


def record(entry: dict[str, Any], key: str | None) -> Path:
    """Append one record; `key` only feeds the fingerprint."""
    directory = audit_dir()
    directory.mkdir(parents=True, exist_ok=True)
    line = {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "operator": operator(),
        **entry,
        "key_fingerprint": fingerprint(key, _salt(directory)) if key else None,
    }
    path = audit_path()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
