"""Writing local files so that a reader never sees half of one.

A file another program reads while netops rewrites it (the Wi-Fi audit log, a node_exporter
textfile) is written whole to a temporary file in the same folder, flushed to disk and renamed
over the old one: a full disk or a crash leaves the previous version intact, never a truncated
file. The temporary name starts with a dot and ends in `.tmp`, so collectors that read `*.prom`
never pick it up.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temporary file (0600), fsync, rename, fsync of the folder."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
