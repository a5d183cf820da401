"""`netops optical scan` of several OLTs (or --all) against the lab: one report per OLT, the exit
status of the worst, a dead OLT reported and not fatal, one node_exporter textfile per OLT
written atomically, and bad input refused before any OLT is asked."""

from __future__ import annotations

import asyncio
import csv
import io
import stat

import pytest
import yaml

from netops.lab.state import free_port

pytestmark = pytest.mark.integration


def _samples(text: str) -> dict[tuple[str, frozenset], float]:
    from prometheus_client.parser import text_string_to_metric_families

    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


@pytest.fixture
def with_dead_olt(custom_inventory, fast_profiles):
    """The lab's OLTs plus `dead-olt`, a closed loopback port that gives up after 0.3 s."""

    def edit(data):
        data["olts"]["dead-olt"] = {"host": "127.0.0.1", "profile": fast_profiles,
                                    "snmp": {"version": "2c", "port": free_port(kind="udp")}}

    return custom_inventory(edit)


def test_several_olts_give_one_report_each_as_each_alone_does(cli, lab_env, golden):
    both = cli("optical", "scan", "lab-zte", "lab-fiberhome", "-o", "json")
    assert both.code == 2, both.err  # the worst: both have critical ONUs
    docs = both.json()
    golden("optical-scan-several", docs)
    assert [d["olt"] for d in docs] == ["lab-zte", "lab-fiberhome"]
    for doc in docs:
        alone = cli("optical", "scan", doc["olt"], "-o", "json")
        assert alone.json() == doc  # the single-OLT JSON is unchanged, and each entry is it
    assert cli("optical", "scan", "lab-zte", "lab-zte", "-o", "json").json()[0]["olt"] == "lab-zte"  # once


def test_all_scans_every_olt_of_the_inventory(cli, lab_env, lab_inventory):
    table = cli("optical", "scan", "--all", "--flagged")
    assert table.code == 2
    summaries = [line.split(":")[0] for line in table.out.splitlines() if " ONUs, " in line]
    assert summaries == sorted(lab_inventory["olts"])  # one report per OLT, by name
    count = len(lab_inventory["olts"])  # every lab OLT has critical ONUs
    assert f"{count} OLTs (0 ok, 0 warning, {count} critical, 0 unknown) — CRITICAL" in table.out


def test_a_dead_olt_is_reported_and_the_others_still_scanned(cli, lab_env, with_dead_olt, golden):
    result = cli("optical", "scan", "lab-zte", "dead-olt", "-o", "json")
    assert result.code == 2  # critical ONUs on lab-zte outrank the unknown OLT
    zte, dead = result.json()
    golden("optical-scan-with-dead-olt", result.json())
    assert zte["summary"]["total"] == 32
    assert dead == {"olt": "dead-olt", "status": "unknown", "incomplete": True, "error": "timeout",
                    "message": dead["message"]} and "did not answer SNMP" in dead["message"]
    assert "netops: warning: OLT dead-olt not scanned:" in result.err
    only_dead = cli("optical", "scan", "dead-olt", "lab-huawei-none", "-o", "json")
    assert only_dead.code == 3 and "unknown OLT 'lab-huawei-none'" in only_dead.err  # before asking any
    assert cli("optical", "scan", "dead-olt", "dead-olt", "-o", "json").code == 3


def test_csv_and_prometheus_hold_every_olt_once(cli, lab_env):
    rows = list(csv.DictReader(io.StringIO(cli("optical", "scan", "lab-zte", "lab-fiberhome", "-o", "csv").out)))
    assert len(rows) == 32 + 24 and {r["olt"] for r in rows} == {"lab-zte", "lab-fiberhome"}
    text = cli("optical", "scan", "lab-zte", "lab-fiberhome", "-o", "prometheus").out
    assert text.count("# TYPE netops_onu_rx_dbm gauge") == 1
    found = _samples(text)
    assert found[("netops_scan_onus", frozenset({("olt", "lab-fiberhome")}))] == 24
    assert found[("netops_scan_success", frozenset({("olt", "lab-zte")}))] == 1


def test_textfile_dir_writes_one_file_per_olt_atomically(cli, lab_env, with_dead_olt, tmp_path):
    folder = tmp_path / "textfiles"
    folder.mkdir()
    result = cli("optical", "scan", "lab-zte", "dead-olt", "--textfile-dir", str(folder), "-o", "json")
    assert result.code == 2
    assert sorted(p.name for p in folder.iterdir()) == ["netops_dead-olt.prom", "netops_lab-zte.prom"]  # no temp
    zte = folder / "netops_lab-zte.prom"
    assert stat.S_IMODE(zte.stat().st_mode) == 0o600  # customer names and serials
    found = _samples(zte.read_text())
    assert found[("netops_scan_success", frozenset({("olt", "lab-zte")}))] == 1
    assert sum(1 for name, _ in found if name == "netops_onu_status") == 32
    dead = _samples((folder / "netops_dead-olt.prom").read_text())
    assert dead[("netops_scan_success", frozenset({("olt", "dead-olt")}))] == 0
    assert not any(name.startswith("netops_onu_") for name, _ in dead)  # no stale readings left behind
    inode = zte.stat().st_ino
    single = cli("optical", "scan", "lab-zte", "--textfile-dir", str(folder))
    assert single.code == 2 and zte.stat().st_ino != inode  # replaced by a rename, never rewritten in place
    assert sorted(p.name for p in folder.iterdir()) == ["netops_dead-olt.prom", "netops_lab-zte.prom"]


def test_a_single_olt_that_fails_replaces_its_textfile(cli, lab_env, with_dead_olt, tmp_path):
    (tmp_path / "netops_dead-olt.prom").write_text('netops_onu_rx_dbm{olt="dead-olt",onu="0/1/0:1"} -20\n')
    result = cli("optical", "scan", "dead-olt", "--textfile-dir", str(tmp_path))
    assert result.code == 3 and result.err.startswith("netops: error:")
    found = _samples((tmp_path / "netops_dead-olt.prom").read_text())
    assert found[("netops_scan_success", frozenset({("olt", "dead-olt")}))] == 0
    assert not any(name == "netops_onu_rx_dbm" for name, _ in found)


def test_bad_input_is_refused_before_any_olt_is_asked(cli, lab_env, tmp_path, custom_inventory):
    cases = [
        (["lab-zte", "lab-fiberhome", "--pon", "1/1/1"], "--pon needs exactly one OLT"),
        ([], "give an OLT name"),
        (["lab-zte", "--all"], "not both"),
        (["lab-zte", "--textfile-dir", str(tmp_path / "missing")], "is not a folder"),
    ]
    for args, words in cases:
        result = cli("optical", "scan", *args)
        assert result.code == 3 and words in result.err and result.err.count("\n") == 1, (args, result.err)
    lab = yaml.safe_load((lab_env / "inventory.yaml").read_text())["olts"]["lab-zte"]
    custom_inventory(lambda data: data["olts"].update({"pop/1": lab, "pop_1": lab}))
    clash = cli("optical", "scan", "pop/1", "pop_1", "--textfile-dir", str(tmp_path))
    assert clash.code == 3 and "would both write netops_pop_1.prom" in clash.err
    assert list(tmp_path.glob("*.prom")) == []


def test_the_pool_keeps_the_global_limit_and_reads_every_olt_once():
    """The mechanism `find`, multi-OLT scans and `netops serve` share (netops.olt.fleet): with a
    limit of 3, a fourth OLT is not opened until one of the first three is done."""
    from contextlib import asynccontextmanager

    from netops.errors import DeviceTimeout
    from netops.olt.fleet import OltPool

    opened: list[str] = []
    gates = {f"olt-{n}": asyncio.Event() for n in range(6)}

    @asynccontextmanager
    async def open_reader(olt):
        opened.append(olt)
        yield olt

    async def work(olt):
        await gates[olt].wait()
        if olt == "olt-4":
            raise DeviceTimeout("OLT olt-4 did not answer")
        return olt.upper()

    async def run():
        finished: list[str] = []
        reads = asyncio.ensure_future(OltPool(open_reader, 3).read_each(list(gates), work, finished.append))
        await asyncio.sleep(0.05)
        first = list(opened)
        gates["olt-1"].set()
        await asyncio.sleep(0.05)
        second = list(opened)
        for gate in gates.values():
            gate.set()
        return first, second, finished, await reads

    first, second, finished, results = asyncio.run(run())
    assert first == ["olt-0", "olt-1", "olt-2"] and second == [*first, "olt-3"]
    assert sorted(finished) == sorted(gates) and len(opened) == 6
    assert isinstance(results.pop("olt-4"), DeviceTimeout)
    assert results == {olt: olt.upper() for olt in gates if olt != "olt-4"}
