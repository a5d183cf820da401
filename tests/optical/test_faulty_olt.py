"""An OLT that stops answering part of a table mid-scan: the scan says so (not_read, incomplete,
one line on stderr) and goes on; it never passes the missing rows off as readings or as OK."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from netops.lab.snmp_olt import snmp_answers
from netops.lab.state import free_port, wait_until

pytestmark = pytest.mark.integration

WALK = Path(__file__).resolve().parents[1] / "data" / "snmp" / "huawei_ma5800" / "ma5800_two_ports.snmprec"
# OLT-side Rx of ONT 0/1/1:0, the walk's last row (a GETBULK that overshoots its column reaches it
# only from the rows just before it, so discovery is not delayed)
STALLED = "1.3.6.1.4.1.2011.6.128.1.1.2.51.1.6.4194312448.0"


@pytest.fixture(scope="module")
def stalling_agent(tmp_path_factory):
    """The published-MIB walk of two ports, with the OLT-side Rx of 0/1/1:0 answering only after 5 s
    (snmpsim's `delay` variation module): the walks that reach it time out."""
    workdir = tmp_path_factory.mktemp("faulty")
    lines = []
    for line in WALK.read_text().splitlines():
        if line.startswith(STALLED + "|"):
            oid, tag, value = line.split("|")
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


def test_rows_never_answered_are_not_read_and_the_scan_says_incomplete(cli, stalling_agent, fast_profiles, tmp_path):
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(yaml.safe_dump({"olts": {"faulty": {
        "host": "127.0.0.1", "profile": fast_profiles, "snmp": {"version": "2c", "port": stalling_agent}}}}))
    result = cli("--inventory", str(inventory), "optical", "scan", "faulty", "-o", "json")
    doc = result.json()
    onus = {o["onu"]: o for o in doc["onus"]}
    assert doc["summary"]["total"] == 10
    assert doc["incomplete"] is True
    # snmpsim answers one request at a time, so walks in flight during the stall time out too;
    # what matters: every ONU is reported, the stalled row is not_read (not no_reading), the
    # scan finished, and stderr says how much is missing.
    assert onus["0/1/1:0"]["olt_rx_dbm"] is None and onus["0/1/1:0"]["flags"] == ["not_read"]
    assert onus["0/1/1:0"]["status"] == "unknown"
    assert onus["0/1/0:1"]["flags"] == ["offline", "los"]
    assert doc["summary"]["not_read"] >= 1
    assert "stopped answering after" in result.err and " rows" in result.err
    assert result.code == 2  # the offline ONUs still decide the exit code


def test_a_scan_that_is_incomplete_is_never_ok(cli, stalling_agent, fast_profiles, tmp_path):
    """Only the stalled ONU's port: nothing critical to hide behind, so the scan is UNKNOWN."""
    wait_until(lambda: snmp_answers("127.0.0.1", stalling_agent), 30, "agent done stalling")
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(yaml.safe_dump({"olts": {"faulty": {
        "host": "127.0.0.1", "profile": fast_profiles, "snmp": {"version": "2c", "port": stalling_agent}}}}))
    result = cli("--inventory", str(inventory), "optical", "scan", "faulty", "--pon", "0/1/1", "-o", "json")
    assert result.out, result.err
    assert result.json()["incomplete"] is True
    assert result.json()["status"] == "unknown" and result.code == 3
