"""`netops find` against the lab's SNMP OLTs: every OLT at once, serial in either form, name and
description without case or accents, one line and exit 3 when nothing matches, a dead OLT listed
but not fatal, and the short-lived cache."""

from __future__ import annotations

import asyncio

import pytest
import yaml

from netops.olt.search import Entry, Query, _search, fold

pytestmark = pytest.mark.integration


@pytest.fixture
def inventory(lab_inventory_path, tmp_path, monkeypatch):
    """The lab's SNMP OLTs, plus one OLT that does not answer (a closed loopback port)."""
    from netops.lab.state import free_port

    data = yaml.safe_load(lab_inventory_path.read_text())
    olts = {name: entry for name, entry in data["olts"].items() if "snmp" in entry}
    olts["dead-olt"] = {"host": "127.0.0.1", "profile": "huawei_fast",
                        "snmp": {"version": "2c", "port": free_port(kind="udp")}}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump({"olts": olts}))
    folder = tmp_path / "profiles" / "olt"
    folder.mkdir(parents=True)
    from netops.profiles import builtin_profiles_dir

    fast = yaml.safe_load((builtin_profiles_dir() / "olt" / "huawei_ma5800.yaml").read_text())
    fast.update(id="huawei_fast")
    fast["snmp"].update(timeout_s=0.3, retries=0)
    (folder / "huawei_fast.yaml").write_text(yaml.safe_dump(fast))
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "profiles"))
    monkeypatch.setenv("NETOPS_INVENTORY", str(path))
    return path


def test_serial_in_both_forms_finds_one_onu(cli, inventory, golden):
    for query in ("HWTC1A2B5CCD", "hwtc-1a2b5ccd", "485754431A2B5CCD"):
        result = cli("find", query, "-o", "json")
        assert result.code == 0, result.err
        doc = result.json()
        golden("find", doc)
        assert set(doc) == {"query", "matches", "searched", "errors"}
        assert doc["matches"] == [{"olt": "lab-huawei", "onu": "0/1/0:3", "serial": "HWTC1A2B5CCD", "name": None,
                                   "description": "low ONU Rx", "state": "online"}]
        assert doc["searched"] == 5
        assert [e["olt"] for e in doc["errors"]] == ["dead-olt"] and doc["errors"][0]["code"] == "timeout"


def test_description_and_name_ignore_case_and_accents(cli, inventory):
    result = cli("find", "LOW ÔNU", "-o", "json")
    assert result.code == 1  # several matches: the search is ambiguous
    assert {(m["olt"], m["onu"]) for m in result.json()["matches"]} == {
        ("lab-huawei", "0/1/0:3"), ("lab-zte", "1/1/1:4"), ("lab-zte-c600", "1/1/1:4"), ("lab-fiberhome", "1/1/1:4"),
        ("lab-vsol", "0/0/1:4")}
    table = cli("find", "fibre cut")
    assert table.code == 1 and "lab-zte" in table.out and "searched 5 OLTs" in table.out
    assert "OLT dead-olt not searched" in table.err


def test_nothing_found_is_one_line_and_exit_3(cli, inventory):
    result = cli("find", "nobody by this name", "-o", "json")
    assert result.code == 3
    assert result.json()["matches"] == []
    last = result.err.strip().splitlines()[-1]
    assert last == "netops: no ONU matches 'nobody by this name'; searched 5 OLTs (1 did not answer)"


def test_bad_queries_are_bad_input(cli, inventory):
    for query in ("   ", "x" * 201):
        result = cli("find", query)
        assert result.code == 3 and result.err.startswith("netops: error:") and result.err.count("\n") == 1


def test_the_cache_answers_repeated_searches(cli, inventory, private_data_dir):
    first = cli("find", "cliente-0100")
    assert first.code == 0 and "from lists cached" not in first.out
    second = cli("find", "cliente-0100")
    assert second.code == 0 and "5 from lists cached moments ago" in second.out
    fresh = cli("find", "cliente-0100", "--refresh")
    assert "from lists cached" not in fresh.out
    import stat

    assert stat.S_IMODE((private_data_dir / "history.sqlite3").stat().st_mode) == 0o600


def test_the_cache_can_be_turned_off(cli, inventory, monkeypatch):
    monkeypatch.setenv("NETOPS_FIND_CACHE_TTL", "0")
    cli("find", "cliente-0100")
    assert "from lists cached" not in cli("find", "cliente-0100").out
    monkeypatch.setenv("NETOPS_FIND_CACHE_TTL", "soon")
    bad = cli("find", "cliente-0100")
    assert bad.code == 3 and "NETOPS_FIND_CACHE_TTL" in bad.err


def test_matches_are_kept_in_the_history(cli, inventory):
    cli("find", "HWTC1A2B5CCD", "--refresh")
    doc = cli("optical", "history", "lab-huawei", "0/1/0:3", "-o", "json").json()
    assert [r["state"] for r in doc["readings"]] == ["online"]


# -- in-process: the limits and the matching rules ----------------------------------------------


def test_the_global_limit_and_every_olt_is_asked_once():
    """Twelve OLTs, at most three at once; an OLT that fails is an error entry, not an exception."""
    from contextlib import asynccontextmanager

    from netops.errors import DeviceTimeout

    busy, peak, asked = 0, 0, []

    class Reader:
        def __init__(self, olt):
            self.olt = olt

        async def directory(self):
            nonlocal busy, peak
            busy += 1
            peak = max(peak, busy)
            await asyncio.sleep(0.01)
            busy -= 1
            if self.olt == "olt-07":
                raise DeviceTimeout("OLT olt-07 did not answer")
            return []

    @asynccontextmanager
    async def open_reader(olt):
        asked.append(olt)
        yield Reader(olt)

    olts = [f"olt-{n:02d}" for n in range(12)]
    result = asyncio.run(_search(Query.parse("x"), olts, open_reader, 3, None, {o: o for o in olts}))
    assert peak == 3 and sorted(asked) == olts
    assert result.searched == 11 and result.errors == [{"olt": "olt-07", "error": "OLT olt-07 did not answer",
                                                        "code": "timeout"}]


@pytest.mark.parametrize("query,expected", [
    ("joao", True), ("JOÃO", True), ("conceicao", True), ("Conceição", True), ("silva", False),
    ("1A2B3C4D", True), ("485754431a2b", True), ("HWTC-1A2B3C4D", True), ("HWTC1A2B3C4E", False),
])
def test_matching(query, expected):
    entry = Entry("olt", "0/1/0:1", "HWTC1A2B3C4D", None, "João Conceição pppoe joao.c", "online")
    assert Query.parse(query).matches(entry) is expected


def test_fold():
    assert fold("ÁÉÍÓÚ ç Ñ ß") == "aeiou c n ss"
