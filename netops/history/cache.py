"""The find cache: each OLT's ONU list for a short time, so repeated searches are instant.

Kept in the history database (same private file), keyed by everything that says how the OLT is
reached, and fresh for `NETOPS_FIND_CACHE_TTL` seconds (default 300; 0 turns it off). The cache
only saves time: a cache that cannot be read or written is as good as an empty one.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from typing import Any

from netops.history.database import connect


class ListCache:
    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s

    def get(self, key: str) -> list[dict[str, Any]] | None:
        try:
            with closing(connect()) as conn:
                row = conn.execute("SELECT stored_at, entries FROM find_cache WHERE key = ?", (key,)).fetchone()
            if row is None or not 0 <= time.time() - row[0] <= self.ttl_s:
                return None
            entries = json.loads(row[1])
        except (OSError, sqlite3.Error, ValueError):
            return None
        return entries if isinstance(entries, list) else None

    def put(self, key: str, olt: str, entries: list[dict[str, Any]]) -> None:
        now = time.time()
        try:
            with closing(connect()) as conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("DELETE FROM find_cache WHERE stored_at < ?", (now - self.ttl_s,))
                conn.execute(
                    "INSERT OR REPLACE INTO find_cache (key, olt, stored_at, entries) VALUES (?, ?, ?, ?)",
                    (key, olt, now, json.dumps(entries, ensure_ascii=False)),
                )
                conn.execute("COMMIT")
        except (OSError, sqlite3.Error):
            pass  # no cache this time; the answer is the same


def list_cache(ttl_s: float, refresh: bool) -> ListCache | None:
    """The cache to use, or None (turned off, or `--refresh` reads every OLT afresh)."""
    if ttl_s <= 0:
        return None
    cache = ListCache(ttl_s)
    if refresh:
        return _WriteOnly(ttl_s)
    return cache


class _WriteOnly(ListCache):
    """`--refresh`: read every OLT, and keep what was read for the next search."""

    def get(self, key: str) -> list[dict[str, Any]] | None:
        return None
