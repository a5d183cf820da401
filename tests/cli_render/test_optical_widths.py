"""`optical scan|onu|history` and `find` at 80 and 120 columns, against the lab's SNMP OLTs.

The oracle is the same command's JSON (pinned by tests/golden): every ONU id, state, Rx,
OLT-side Rx and status it holds must appear whole, in that ONU's row of the table.
"""

from __future__ import annotations

import pytest

from .conftest import WIDTHS, assert_fits, column, rows

pytestmark = pytest.mark.integration


@pytest.fixture
def lab(lab_env):
    return lab_env


def _value(dbm: float | None) -> str:
    return "—" if dbm is None else f"{dbm:.2f}"


CAUSE_WORDS = {"los": "LOS", "dying_gasp": "dying gasp"}  # what an English table calls them


def _state(onu: dict) -> str:
    return f"offline ({CAUSE_WORDS[onu['down_cause']]})" if onu["state"] == "offline" and onu["down_cause"] \
        else onu["state"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("olt", "pon"), [("lab-huawei", "0/1/0"), ("lab-zte", "1/1/1"),
                                          ("lab-fiberhome", "1/1/1")])  # FiberHome: names
def test_scan_shows_every_key_value_whole(lab, at_width, width, olt, pon):
    expected = at_width(width, "optical", "scan", olt, "--pon", pon, "-o", "json").json()["onus"]
    result = at_width(width, "optical", "scan", olt, "--pon", pon)
    assert result.code == 2, result.err
    assert_fits(result.out, width)
    by_onu = {cells[0]: cells for cells in rows(result.out)}
    assert len(expected) > 5
    for onu in expected:
        cells = by_onu[onu["onu"]]
        for value in (_state(onu), _value(onu["rx_dbm"]), _value(onu["olt_rx_dbm"]),
                      onu["status"].upper()):
            assert value in cells, (onu, cells)
        if onu["name"]:  # a name starts whole on the row's first line (it may fold after)
            assert any(cell and onu["name"].startswith(cell) for cell in cells), (onu, cells)


def test_scan_at_80_names_what_it_left_out_and_120_shows_more(lab, at_width):
    narrow = at_width(80, "optical", "scan", "lab-huawei", "--pon", "0/1/0").out
    wide = at_width(120, "optical", "scan", "lab-huawei", "--pon", "0/1/0").out
    note = next(line for line in narrow.splitlines() if line.startswith("Not shown"))
    assert "serial" in note and "-o json, -o csv" in narrow
    assert column(narrow, "description")  # the last to go: folded, still there at 80
    assert not column(narrow, "serial") and column(wide, "serial")
    assert "HWTC1A2B5CCD" in wide  # 0/1/0:3's serial (netops/lab/olt_data.py)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pon_table(lab, at_width, width):
    result = at_width(width, "optical", "scan", "lab-huawei", "--pon", "0/2/2", "--flagged")
    assert_fits(result.out, width)
    pons = {cells[0]: cells for cells in rows(result.out) if cells[0].count("/") == 2
            and ":" not in cells[0]}
    assert pons["0/2/2"][1:3] == ["128", "32"]  # the lab's fibre cut: 32 of 128 online
    assert "MASS OUTAGE" in result.out


def test_several_olts(lab, at_width, width=80):
    result = at_width(width, "optical", "scan", "lab-huawei", "lab-zte", "--flagged")
    assert_fits(result.out, width)
    assert "OLT lab-huawei" in result.out and "OLT lab-zte" in result.out


@pytest.mark.parametrize("width", WIDTHS)
def test_one_onu(lab, at_width, width):
    data = at_width(width, "optical", "onu", "lab-huawei", "0/1/0:3", "-o", "json").json()
    out = at_width(width, "optical", "onu", "lab-huawei", "0/1/0:3").out
    assert_fits(out, width)
    for value in (data["onu"], data["serial"], data["description"], _value(data["rx_dbm"]),
                  _value(data["olt_rx_dbm"]), "CRITICAL"):
        assert value in out


@pytest.mark.parametrize("width", WIDTHS)
def test_history(lab, at_width, width):
    at_width(width, "optical", "onu", "lab-huawei", "0/1/0:3")
    at_width(width, "optical", "onu", "lab-huawei", "0/1/0:3")
    result = at_width(width, "optical", "history", "lab-huawei", "0/1/0:3", "--no-chart")
    assert result.code == 0, result.err
    assert_fits(result.out, width)
    readings = rows(result.out)
    assert len(readings) == 2
    for cells in readings:
        assert "online" in cells and "-27.45" in cells and "-24.30" in cells


@pytest.mark.parametrize("width", WIDTHS)
def test_find(lab, at_width, width):
    expected = at_width(width, "find", "low onu", "-o", "json").json()["matches"]
    result = at_width(width, "find", "low onu")
    assert_fits(result.out, width)
    found = {(cells[0], cells[1]) for cells in rows(result.out)}
    assert {(m["olt"], m["onu"]) for m in expected} == found
