"""The local SQLite database: customer data, so private (0600 in a 0700 folder) and shared safely.

Several netops processes may write at once (a technician's terminal, a cron scan, monitoring):
WAL mode lets readers go on while one writes, and the busy timeout makes a writer wait its turn
instead of failing. SQLite creates its -wal and -shm files with the database file's permissions.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netops.files import private_file, private_folder
from netops.settings import data_dir, default_data_dir

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


def connect(path: Path | None = None) -> sqlite3.Connection:
    """An open connection in WAL mode with the schema in place; raises OSError or sqlite3.Error."""
    path = path or database_path()
    private_folder(path.parent, tighten=path.parent == default_data_dir())
    private_file(path)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)
    except BaseException:
        conn.close()
        raise
    return conn
