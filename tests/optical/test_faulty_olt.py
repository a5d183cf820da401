"""An OLT that stalls on part of a table: the scan reports what it could not read and goes on."""

import os
import subprocess
import sys

import pytest
import yaml

from netops.lab.olt_data import LabOlt
from netops.lab.snmp_olt import snmp_answers
from netops.lab.snmprec import records, render
from netops.lab.state import free_port, wait_until
from netops.models import PonRef
from netops.olt.profile import OltProfile
from netops.profiles import load_profile

pytestmark = pytest.mark.integration

RX = "1.3.6.1.4.1.2011.6.128.1.1.2.51.1.4"
STALLED_PORT = "4194312448"  # 0/1/1 = 4194304000 + 1*8192 + 1*256


@pytest.fixture(scope="module")
def stalling_agent(tmp_path_factory):
    """Huawei agent with two ports; the Rx of ONU 0/1/1:3 answers only after 5 s (snmpsim `delay`)."""
    workdir = tmp_path_factory.mktemp("faulty")
    olt = LabOlt("faulty", "huawei_ma5800", (PonRef(0, 1, 0), PonRef(0, 1, 1)), 6, "HWTC", "raw", "faulty")
    profile = load_profile("olt", "huawei_ma5800", OltProfile)
    lines = []
    for line in render(records(olt, profile)).splitlines():
        oid, tag, value = line.split("|")
        if oid == f"{RX}.{STALLED_PORT}.3":
            line = f"{oid}|{tag}:delay|value={value},wait=5000"
        lines.append(line)
    (workdir / "data").mkdir()
    (workdir / "data" / "public.snmprec").write_text("\n".join(lines) + "\n")
    port = free_port(kind="udp")
    agent = subprocess.Popen(
        [sys.executable, "-m", "snmpsim.commands.responder", "--data-dir", str(workdir / "data"),
         "--cache-dir", str(workdir / "cache"), f"--agent-udpv4-endpoint=127.0.0.1:{port}", "--log-level", "error"],
        env={**os.environ, "SNMPSIM_ALLOW_ROOT": "true"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: snmp_answers("127.0.0.1", port), 60, "faulty agent", agent.pid)
        yield port
    finally:
        agent.terminate()
        agent.wait(10)


def test_a_stalled_column_is_no_reading_not_an_abort(cli, stalling_agent, fast_profiles, tmp_path, monkeypatch):
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(yaml.safe_dump({"olts": {"faulty": {
        "host": "127.0.0.1", "profile": fast_profiles, "snmp": {"version": "2c", "port": stalling_agent}}}}))
    result = cli("--inventory", str(inventory), "optical", "scan", "faulty", "-o", "json")
    doc = result.json()
    onus = {o["onu"]: o for o in doc["onus"]}
    assert doc["summary"]["total"] == 12
    # snmpsim answers one request at a time, so walks in flight during the stall time out too;
    # what matters: every ONU is reported, the stalled readings are marked, the scan finished.
    assert onus["0/1/1:3"]["rx_dbm"] is None and "no_reading" in onus["0/1/1:3"]["flags"]
    assert onus["0/1/1:3"]["status"] == "unknown"
    assert onus["0/1/0:1"]["flags"] == ["offline", "los"]
    assert result.code == 2  # the offline ONUs still decide the exit code
