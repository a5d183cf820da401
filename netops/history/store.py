"""ONU readings over time: every `optical onu`, `scan`, `find` and `diagnose` adds its readings.

Bounded by the retention (`NETOPS_HISTORY_DAYS`, default 90 days; 0 keeps nothing): older rows go
whenever readings are written. Writing is never allowed to change a command's answer: a full
disk, a read-only folder or a locked database is one warning line on stderr (`record_quietly`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass

from netops.errors import ConfigError, InputError
from netops.history.database import connect, database_path
from netops.i18n import L_, _
from netops.models import OnuRef, OnuSerial
from netops.olt.reading import OnuReading
from netops.settings import history_retention_days

COLUMNS = ("time", "olt", "onu", "serial", "command", "source", "state", "down_cause", "rx_dbm",
           "tx_dbm", "olt_rx_dbm", "temperature_c", "distance_m", "last_up", "last_down")


@dataclass(frozen=True)
class Stored:
    """One remembered reading (times in UTC, ISO-8601)."""

    time: str
    olt: str
    onu: str
    serial: str | None
    command: str
    source: str | None
    state: str | None
    down_cause: str | None
    rx_dbm: float | None
    tx_dbm: float | None
    olt_rx_dbm: float | None
    temperature_c: float | None
    distance_m: int | None
    last_up: str | None
    last_down: str | None

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.time)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _row(reading: OnuReading, command: str, now: dt.datetime) -> tuple[object, ...]:
    return (
        now.isoformat(timespec="seconds"), reading.olt, str(reading.onu),
        str(reading.serial) if reading.serial else None, command, reading.source, reading.state,
        reading.down_cause, reading.rx_dbm, reading.tx_dbm, reading.olt_rx_dbm, reading.temperature_c,
        reading.distance_m, _iso(reading.last_up), _iso(reading.last_down),
    )


def record(readings: Iterable[OnuReading], command: str, now: dt.datetime | None = None) -> int:
    """Keep these readings and drop those past the retention; returns how many were kept."""
    days = history_retention_days()
    if days == 0:
        return 0
    now = now or dt.datetime.now(dt.UTC)
    rows = [_row(reading, command, now) for reading in readings]
    cutoff = (now - dt.timedelta(days=days)).isoformat(timespec="seconds")
    with closing(connect()) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                f"INSERT INTO readings ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", rows
            )
            conn.execute("DELETE FROM readings WHERE time < ?", (cutoff,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(rows)


_warned = False


def record_quietly(readings: Iterable[OnuReading], command: str) -> None:
    """`record`, but a failure is one warning on stderr (once per process), never an error."""
    global _warned
    try:
        record(readings, command)
    except (OSError, sqlite3.Error, ConfigError) as exc:
        if not _warned:
            _warned = True
            reason = exc.message if isinstance(exc, ConfigError) else str(exc) or type(exc).__name__
            warning = _("netops: warning: readings not kept in the history ({path}): {reason}", path=database_path(), reason=reason)
            sys.stderr.write(f"{warning}\n")


def history(olt: str, onu: OnuRef | OnuSerial, since: dt.datetime | None = None) -> list[Stored]:
    """What was read of one ONU, oldest first: by position on that OLT, or by serial (which
    follows the ONU if it was moved to another port)."""
    path = database_path()
    if not path.is_file():
        return []
    where, args = ("olt = ? AND onu = ?", [olt, str(onu)]) if isinstance(onu, OnuRef) else (
        "olt = ? AND serial = ?", [olt, str(onu)])
    if since is not None:
        where += " AND time >= ?"
        args.append(since.isoformat(timespec="seconds"))
    try:
        with closing(connect(path)) as conn:
            rows = conn.execute(
                f"SELECT {', '.join(COLUMNS)} FROM readings WHERE {where} ORDER BY time, id", args
            ).fetchall()
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(L_("cannot read the history {path}: {exc}", path=path, exc=exc)) from None
    return [Stored(*row) for row in rows]


def require_known(olt: str, onu: OnuRef | OnuSerial, found: list[Stored]) -> None:
    if not found:
        raise InputError(
            L_("no readings of ONU {onu} on OLT {olt} in the history ({database_path})", onu=onu, olt=olt, database_path=database_path()),
            hint=L_("read it first: `netops optical onu {olt} {onu}` (each read is kept {history_retention_days} days)", olt=olt, onu=onu, history_retention_days=history_retention_days()),
        )
