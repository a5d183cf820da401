"""The local SQLite database: customer data, so private (0600 in a 0700 folder) and shared safely.

Several netops processes may write at once (a technician's terminal, a cron scan, monitoring):
WAL mode lets readers go on while one writes, and the busy timeout makes a writer wait its turn
instead of failing. SQLite creates its -wal and -shm files with the database file's permissions.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from netops.settings import data_dir

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT_S = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS readings (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    olt TEXT NOT NULL,
    onu TEXT NOT NULL,
    serial TEXT,
    command TEXT NOT NULL,
    source TEXT,
    state TEXT,
    down_cause TEXT,
    rx_dbm REAL,
    tx_dbm REAL,
    olt_rx_dbm REAL,
    temperature_c REAL,
    distance_m INTEGER,
    last_up TEXT,
    last_down TEXT
);
CREATE INDEX IF NOT EXISTS readings_by_onu ON readings (olt, onu, time);
CREATE INDEX IF NOT EXISTS readings_by_serial ON readings (serial, time);
CREATE INDEX IF NOT EXISTS readings_by_time ON readings (time);
CREATE TABLE IF NOT EXISTS find_cache (
    key TEXT PRIMARY KEY,
    olt TEXT NOT NULL,
    stored_at REAL NOT NULL,
    entries TEXT NOT NULL
);
"""


def database_path() -> Path:
    return data_dir() / FILE_NAME


def _private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        folder.chmod(0o700)


def _private_file(path: Path) -> None:
    """Create the file 0600 before SQLite opens it (SQLite would use the umask), or tighten it."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(descriptor)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)


def connect(path: Path | None = None) -> sqlite3.Connection:
    """An open connection in WAL mode with the schema in place; raises OSError or sqlite3.Error."""
    path = path or database_path()
    _private_folder(path.parent)
    _private_file(path)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)
    except BaseException:
        conn.close()
        raise
    return conn
