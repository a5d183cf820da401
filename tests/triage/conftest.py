"""Shared fixtures for the escalation tests: the Netcenter profile and a private case log."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from netops.isp import load_isp
from netops.triage.engine import decide
from netops.triage.ticket import parse_ticket

BAHIA = ZoneInfo("America/Bahia")


@pytest.fixture
def case_db(tmp_path):
    """The test's private case log (NETOPS_CASES_DB, set for every test in tests/conftest.py)."""
    return tmp_path / "cases.sqlite3"


@pytest.fixture(scope="session")
def isp():
    return load_isp("netcenter")


def at(text: str) -> dt.datetime:
    """A local Bahia time, e.g. '2026-07-08 17:59'."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=BAHIA)


def ticket(**fields):
    data = {"customer": "Cliente Teste", "olt": "olt-lab", "onu": "0/1/1:1"}
    data.update(fields)
    return parse_ticket(data)


@pytest.fixture
def decide_at(isp):
    def run(when: str, profile=None, **fields):
        return decide(ticket(**fields), profile or isp, at(when), "P1")

    return run
