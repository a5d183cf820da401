"""The local case log: every decision with its protocol number, in SQLite in the user data dir.

Anatel requires a protocol number per contact and that the demand stays traceable; this log keeps
the ticket (which holds no secrets: the schema has no credential fields) and the decision, so
`netops cases show PROTOCOL` can answer a customer who calls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netops.errors import ConfigError, InputError, StorageError
from netops.files import private_file, private_folder
from netops.i18n import L_
from netops.text import fold

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    protocol TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    command TEXT NOT NULL,
    customer TEXT NOT NULL,
    complaint TEXT NOT NULL,
    level TEXT,
    route TEXT,
    rule TEXT NOT NULL,
    ticket TEXT NOT NULL,
    decision TEXT NOT NULL,
    fingerprint TEXT
);
CREATE INDEX IF NOT EXISTS decisions_protocol ON decisions (protocol);
"""
# Columns added later, for logs an older netops wrote: the same ticket decided again belongs to
# the same case (see `ticket_fingerprint`).
ADDED_COLUMNS = {"fingerprint": "TEXT"}
INDEXES = "CREATE INDEX IF NOT EXISTS decisions_fingerprint ON decisions (fingerprint);"

# What a ticket says about itself; `observed` is left out because diagnose fills it from the
# devices on every run, and `protocol` because it is what the fingerprint looks up.
_NOT_IDENTITY = frozenset({"protocol", "observed"})


def ticket_fingerprint(ticket: dict[str, Any]) -> str:
    """One ticket's identity: the same file (or IXC ticket) decided twice gets the same value."""
    identity = {key: value for key, value in ticket.items() if key not in _NOT_IDENTITY}
    canonical = json.dumps(identity, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class CaseFilter:
    """What `cases list` keeps: every given condition must hold (None = any)."""

    customer: str | None = None  # part of the name, case and accents ignored
    onu: str | None = None  # the ticket's ONU exactly as written (id or serial)
    since: dt.datetime | None = None  # aware; cases whose latest decision is at or after it
    level: str | None = None  # N1, N2, N3

    def where(self) -> tuple[str, tuple[Any, ...]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.customer:
            clauses.append("instr(fold(customer), ?) > 0")
            args.append(fold(self.customer))
        if self.onu:
            clauses.append("json_extract(ticket, '$.onu') = ?")
            args.append(self.onu)
        if self.since is not None:
            clauses.append("recorded_at >= ?")
            args.append(_stamp(self.since))
        if self.level:
            clauses.append("level = ?")
            args.append(self.level)
        return (" AND " + " AND ".join(clauses) if clauses else ""), tuple(args)


def _stamp(instant: dt.datetime) -> str:
    """How `recorded_at` is written: UTC, ISO-8601 to the second (so text order is time order)."""
    return instant.astimezone(dt.UTC).isoformat(timespec="seconds")


def default_path() -> Path:
    """`NETOPS_CASES_DB`, else `cases.sqlite3` in netops's data folder (NETOPS_DATA_DIR)."""
    env = os.environ.get("NETOPS_CASES_DB")
    if env:
        return Path(env).expanduser()
    return _default_location()


def _default_location() -> Path:
    """`cases.sqlite3` in netops's data folder (NETOPS_DATA_DIR, else the user data directory)."""
    from netops.settings import data_dir

    return data_dir() / "cases.sqlite3"


def _migrate(conn: sqlite3.Connection) -> None:
    """Add the columns a log written by an older netops lacks (its old rows keep NULL there).

    Two netops processes may open an old log at once: the second one's ALTER finds the column
    already added, which is what it wanted.
    """
    columns = {row[1] for row in conn.execute("PRAGMA table_info(decisions)")}
    for column, kind in ADDED_COLUMNS.items():
        if column not in columns:
            try:
                conn.execute(f"ALTER TABLE decisions ADD COLUMN {column} {kind}")
            except sqlite3.OperationalError as exc:
                if "duplicate column" not in str(exc):
                    raise
    conn.executescript(INDEXES)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:  # SQLite has rolled back by itself (a full disk, an I/O error)
            pass


@dataclass
class CaseRecord:
    protocol: str
    recorded_at: str
    command: str
    customer: str
    complaint: str
    level: str | None
    route: str | None
    rule: str
    ticket: dict[str, Any]
    decision: dict[str, Any]

    def summary(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "recorded_at": self.recorded_at,
            "command": self.command,
            "customer": self.customer,
            "complaint": self.complaint,
            "level": self.level,
            "route": self.route,
            "rule": self.rule,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "ticket": self.ticket, "decision": self.decision}


class CaseWriter:
    """Numbering and recording inside one transaction (see `CaseLog.writing`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def next_protocol(self, fmt: str, now: dt.datetime) -> str:
        """A new protocol number in the profile's format, not yet used in this log."""
        seq = 1
        while True:
            candidate = fmt.format(now=now, seq=seq)
            row = self.conn.execute(
                "SELECT 1 FROM decisions WHERE protocol = ? LIMIT 1", (candidate,)
            ).fetchone()
            if row is None:
                return candidate
            seq += 1

    def case_of(self, fingerprint: str, since: dt.datetime) -> str | None:
        """The protocol under which this same ticket was decided at or after `since`, if any."""
        row = self.conn.execute(
            "SELECT protocol FROM decisions WHERE fingerprint = ? AND recorded_at >= ?"
            " ORDER BY id DESC LIMIT 1",
            (fingerprint, _stamp(since)),
        ).fetchone()
        return row[0] if row else None

    def record(self, command: str, ticket: dict[str, Any], decision: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO decisions (protocol, recorded_at, command, customer, complaint, level,"
            " route, rule, ticket, decision, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                decision["protocol"],
                _stamp(dt.datetime.now(dt.UTC)),
                command,
                ticket.get("customer", ""),
                ticket.get("complaint", ""),
                decision.get("level"),
                decision.get("route"),
                decision.get("rule", ""),
                json.dumps(ticket, ensure_ascii=False, default=str),
                json.dumps(decision, ensure_ascii=False, default=str),
                ticket_fingerprint(ticket),
            ),
        )


class CaseLog:
    """The SQLite file of decisions. It holds customers' names and tickets, so it is private:
    the file is 0600 and the folders netops creates for it are 0700 (SQLite gives its journal
    the database file's mode)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    def _connect(self) -> sqlite3.Connection:
        from netops.settings import default_data_dir

        try:
            private_folder(self.path.parent, tighten=self.path.parent == default_data_dir())  # never a folder the user named
            private_file(self.path)
            conn = sqlite3.connect(self.path, timeout=5)
            conn.executescript(SCHEMA)
            _migrate(conn)
            conn.create_function("fold", 1, fold, deterministic=True)
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise ConfigError(
                L_("cannot open the case log {path}: {reason}", path=self.path, reason=reason),
                hint=L_("check the path and free space, or point NETOPS_CASES_DB at another file"),
            ) from None
        return conn

    @contextmanager
    def writing(self) -> Iterator[CaseWriter]:
        """One write transaction, so two technicians never get the same protocol number."""
        conn = self._connect()
        conn.isolation_level = None
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise ConfigError(L_("the case log {path} is busy: {exc}", path=self.path, exc=exc)) from None
            yield CaseWriter(conn)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:  # a full disk, a read-only file: nothing was recorded
            _rollback(conn)
            raise StorageError(
                L_("cannot record the decision in the case log {path}: {exc}", path=self.path, exc=exc),
                hint=L_("free some space (or point NETOPS_CASES_DB at another file) and run again; nothing was recorded"),
            ) from None
        except BaseException:
            _rollback(conn)
            raise
        finally:
            conn.close()

    def record(self, command: str, ticket: dict[str, Any], decision: dict[str, Any]) -> None:
        with self.writing() as writer:
            writer.record(command, ticket, decision)

    def _rows(self, sql: str, args: tuple[object, ...]) -> list[CaseRecord]:
        with closing(self._connect()) as conn:
            try:
                rows = conn.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise ConfigError(L_("cannot read the case log {path}: {exc}", path=self.path, exc=exc)) from None
        return [
            CaseRecord(
                protocol=r[0], recorded_at=r[1], command=r[2], customer=r[3], complaint=r[4],
                level=r[5], route=r[6], rule=r[7], ticket=json.loads(r[8]),
                decision=json.loads(r[9]),
            )
            for r in rows
        ]

    _COLUMNS = "protocol, recorded_at, command, customer, complaint, level, route, rule, ticket, decision"

    def latest(self, limit: int = 50, where: CaseFilter = CaseFilter()) -> list[CaseRecord]:
        """The newest decision of each protocol that `where` keeps, newest first."""
        condition, args = where.where()
        return self._rows(
            f"SELECT {self._COLUMNS} FROM decisions WHERE id IN "
            f"(SELECT MAX(id) FROM decisions GROUP BY protocol){condition} ORDER BY id DESC LIMIT ?",
            (*args, limit),
        )

    def history(self, protocol: str) -> list[CaseRecord]:
        """Every decision recorded under one protocol, oldest first."""
        found = self._rows(
            f"SELECT {self._COLUMNS} FROM decisions WHERE protocol = ? ORDER BY id", (protocol,)
        )
        if not found:
            raise InputError(
                L_("no case with protocol {protocol!r} in {path}", protocol=protocol, path=self.path),
                hint=L_("see `netops cases list`"),
            )
        return found
