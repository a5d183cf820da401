"""Files that hold customer data or must never be half-written: private folders and files, and
whole-file replacement.

The case log, the reading history and the Wi-Fi audit hold customers' names, tickets and routers:
their files are 0600 in 0700 folders. Folders netops creates are made 0700; a folder netops owns
(its own data folder) is tightened to 0700 if it is wider, but a folder the user named (such as
/tmp) is never changed. Files replaced whole (the audit, the salt, a textfile for node_exporter)
go through a temporary file, fsync and rename, so a full disk or a crash leaves the old version.
The temporary name starts with a dot and ends in `.tmp`, so collectors that read `*.prom` never
pick it up.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


def private_folder(folder: Path, *, tighten: bool) -> None:
    """Create `folder` and its missing parents 0700; with `tighten`, make an existing one 0700."""
    missing = []
    for path in [folder, *folder.parents]:
        if path.exists():
            break
        missing.append(path)
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:  # a parallel run made it first
            continue
        path.chmod(0o700)  # mkdir's mode is cut by the umask
    if tighten and not missing and stat.S_IMODE(folder.stat().st_mode) & 0o077:
        folder.chmod(0o700)


def private_file(path: Path) -> None:
    """Create the file 0600 before a library opens it (SQLite would use the umask), or tighten an
    existing one (made by an older netops, or by hand)."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data`: temporary file in the same folder, fsync, rename, fsync of the
    folder. Readers see the old file or the new one, never a part."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)  # os.open's mode is cut by the umask
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
