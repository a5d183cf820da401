"""`netops optical history`: the readings netops took of one ONU, oldest first, with the trend."""

from __future__ import annotations

import datetime as dt

import pytest

from netops.history import store
from netops.models import OnuRef, OnuSerial, PonRef
from netops.olt.reading import OnuReading

ONU = OnuRef(PonRef(0, 1, 0), 3)
START = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def keep(days: float, rx: float | None, olt_rx: float | None, state: str = "online", cause=None, onu=ONU):
    reading = OnuReading(olt="olt-a", onu=onu, source="snmp", serial=OnuSerial.parse("HWTC1A2B3C4D"),
                         state=state, down_cause=cause, rx_dbm=rx, tx_dbm=2.0, olt_rx_dbm=olt_rx)
    store.record([reading], "scan", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=days))


@pytest.fixture
def weakening():
    """An ONU losing light over two weeks, then down with LOS (it was moved port before that)."""
    keep(14, -21.0, -23.0, onu=OnuRef(PonRef(0, 1, 1), 9))
    for days, rx, olt_rx in ((12, -22.0, -23.1), (9, -23.5, -23.0), (5, -25.2, -23.2), (2, -26.4, -23.1)):
        keep(days, rx, olt_rx)
    keep(1, None, None, state="offline", cause="los")


def test_json_oldest_first_in_the_documented_shape(cli, weakening, golden):
    result = cli("optical", "history", "olt-a", "0/1/0:3", "-o", "json")
    assert result.code == 0, result.err
    doc = result.json()
    golden("optical-history", doc)
    assert (doc["olt"], doc["onu"]) == ("olt-a", "0/1/0:3")
    assert [r["rx_dbm"] for r in doc["readings"]] == [-22.0, -23.5, -25.2, -26.4, None]
    assert set(doc["readings"][0]) == {"time", "state", "rx_dbm", "tx_dbm", "olt_rx_dbm", "down_cause"}
    assert doc["readings"][-1]["state"] == "offline" and doc["readings"][-1]["down_cause"] == "los"
    times = [r["time"] for r in doc["readings"]]
    assert times == sorted(times)
    # first third (-22.0) against the last third (-26.4): 4.4 dB worse; OLT Rx stable
    assert doc["trend"]["rx_dbm"]["change_db"] == -4.4 and doc["trend"]["rx_dbm"]["direction"] == "worse"
    assert doc["trend"]["olt_rx_dbm"]["direction"] == "stable"


def test_by_serial_follows_the_onu_across_ports(cli, weakening):
    doc = cli("optical", "history", "olt-a", "HWTC1A2B3C4D", "-o", "json").json()
    assert [r["rx_dbm"] for r in doc["readings"]][:2] == [-21.0, -22.0]
    assert doc["onu"] == "0/1/0:3"  # where it is now


def test_days_limits_the_window(cli, weakening):
    doc = cli("optical", "history", "olt-a", "0/1/0:3", "--days", "3", "-o", "json").json()
    assert [r["rx_dbm"] for r in doc["readings"]] == [-26.4, None]


def test_table_with_trend_and_chart(cli, weakening):
    result = cli("optical", "history", "olt-a", "0/1/0:3", "--chart")
    assert result.code == 0
    assert "▼ -1.70" in result.out  # -23.5 -> -25.2
    assert "ONU Rx: -22.00 → -26.40 dBm, -4.40 dB over" in result.out and "(worse)" in result.out
    chart = [line for line in result.out.splitlines() if " |" in line]
    assert len(chart) == 10 and any("o" in line for line in chart) and any(line.endswith("  ONU Rx limit") and "--" in line for line in chart)
    plain = cli("optical", "history", "olt-a", "0/1/0:3")
    assert " |" not in plain.out  # not a terminal: no chart unless asked


def test_nothing_kept_is_one_line_and_exit_3(cli):
    result = cli("optical", "history", "olt-a", "0/9/9:1")
    assert result.code == 3 and result.err.count("\n") == 1 and "no readings of ONU 0/9/9:1" in result.err
    bad = cli("optical", "history", "olt-a", "not-an-onu")
    assert bad.code == 3 and "neither an ONU id nor a serial" in bad.err


def test_chart_marks():
    from netops.cli.optical_history import chart

    class Row:
        def __init__(self, rx, olt_rx):
            self.rx_dbm, self.olt_rx_dbm = rx, olt_rx

    drawn = chart([Row(-20.0, -20.0), Row(-22.0, None), Row(None, -27.5)], {"limit": -26.0})
    lines = drawn.splitlines()
    assert any(line.split("|")[1][:1] == "*" for line in lines[:-2])  # both at -20.0 in the first column
    assert any(line.split("|")[1][1:2] == "o" for line in lines[:-2])
    assert any(line.split("|")[1][2:3] == "x" for line in lines[:-2])
