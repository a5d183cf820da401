"""SNMP scan speed: netops vs net-snmp's snmpbulkwalk vs per-ONU GET polling, and start-up time.

Starts snmpsim serving a simulated Huawei OLT of 4,096 ONUs (32 PON ports x 128) on loopback and
reports wall-time ratios measured in this run:
  - netops scan / sequential `snmpbulkwalk` of the same columns     (target <= 1.5)
  - per-ONU GET polling / netops scan                               (target >= 10)
  - `netops --help` / `python -c "import typer, rich.console"`      (target <= 1.5)

Usage: python benchmarks/optical_snmp_bench.py [--ports 32] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from netops.lab.olt_data import LabOlt
from netops.lab.snmp_olt import snmp_answers
from netops.lab.snmprec import records, render
from netops.lab.state import free_port, wait_until
from netops.models import PonRef
from netops.olt.profile import OltProfile
from netops.olt.snmp_reader import SnmpOltReader
from netops.profiles import load_profile
from netops.transport.snmp import SnmpCredentials, SnmpSession, SnmpTarget


def start_agent(workdir: Path, ports: int) -> tuple[subprocess.Popen, int, OltProfile, LabOlt]:
    profile = load_profile("olt", "huawei_ma5800", OltProfile)
    pons = tuple(PonRef(0, slot, port) for slot in range(ports // 16 + 1) for port in range(16))[:ports]
    olt = LabOlt("bench-huawei", "huawei_ma5800", pons, 128, "HWTC", "raw", "bench")
    data = workdir / "data"
    data.mkdir()
    (data / "public.snmprec").write_text(render(records(olt)))
    port = free_port(kind="udp")
    agent = subprocess.Popen(
        [sys.executable, "-m", "snmpsim.commands.responder", "--data-dir", str(data),
         "--cache-dir", str(workdir / "cache"), f"--agent-udpv4-endpoint=127.0.0.1:{port}",
         "--log-level", "error"],
        env={**os.environ, "SNMPSIM_ALLOW_ROOT": "true"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_until(lambda: snmp_answers("127.0.0.1", port), 120, "snmpsim", agent.pid)
    return agent, port, profile, olt


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def netops_scan(port: int, profile: OltProfile) -> int:
    async def run() -> int:
        target = SnmpTarget("127.0.0.1", port, timeout=5, retries=1)
        async with SnmpSession(target, SnmpCredentials()) as session:
            readings = await SnmpOltReader("bench", profile, session).scan()
            return len(readings.readings)

    return asyncio.run(run())


def bulkwalk_columns(port: int, profile: OltProfile) -> None:
    for _name, column in profile.snmp.columns:
        if column is None:
            continue
        subprocess.run(
            ["snmpbulkwalk", "-v2c", "-c", "public", "-On", "-Ir", "-Cr25", "-t", "5",
             f"127.0.0.1:{port}", column.oid],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )


def per_onu_gets(port: int, profile: OltProfile, olt: LabOlt) -> int:
    """One GET (all columns) per ONU, sequentially: how naive pollers do it."""
    from netops.lab.olt_data import population

    async def run() -> int:
        target = SnmpTarget("127.0.0.1", port, timeout=5, retries=1)
        async with SnmpSession(target, SnmpCredentials()) as session:
            reader = SnmpOltReader("bench", profile, session)
            for onu in population(olt):
                await reader.read_onu(onu.onu)
            return session.requests

    return asyncio.run(run())


def per_value_gets(port: int, profile: OltProfile, olt: LabOlt) -> int:
    """One GET per value (each column of each ONU separately), as per-sensor pollers do."""
    from netops.lab.olt_data import population

    async def run() -> int:
        target = SnmpTarget("127.0.0.1", port, timeout=5, retries=1)
        async with SnmpSession(target, SnmpCredentials()) as session:
            reader = SnmpOltReader("bench", profile, session)
            for onu in population(olt):
                for column in reader.columns.values():
                    await session.get([reader._instance_oid(column, onu.onu)])
            return session.requests

    return asyncio.run(run())


def startup(command: list[str], repeat: int) -> float:
    times = [timed(lambda: subprocess.run(command, stdout=subprocess.DEVNULL, check=True)) for _ in range(repeat)]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ports", type=int, default=32, help="PON ports of 128 ONUs (default 32)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("snmpbulkwalk"):
        sys.exit("snmpbulkwalk not found: apt-get install snmp")
    workdir = Path(tempfile.mkdtemp(prefix="netops-bench-"))
    agent, port, profile, olt = start_agent(workdir, args.ports)
    try:
        count = netops_scan(port, profile)  # warm the agent's caches
        ours = statistics.median(timed(lambda: netops_scan(port, profile)) for _ in range(args.repeat))
        walk = statistics.median(timed(lambda: bulkwalk_columns(port, profile)) for _ in range(args.repeat))
        gets = timed(lambda: per_onu_gets(port, profile, olt))
        value_gets = timed(lambda: per_value_gets(port, profile, olt))
    finally:
        agent.terminate()
        agent.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    help_time = startup([sys.executable, "-m", "netops", "--help"], 7)
    bare = startup([sys.executable, "-c", "import typer, rich.console"], 7)
    print(f"ONUs scanned:                   {count}")
    print(f"netops scan:                    {ours:.2f} s")
    print(f"snmpbulkwalk, same columns:     {walk:.2f} s")
    print(f"per-ONU GET polling (1 PDU/ONU):{gets:.2f} s")
    print(f"per-value GET polling:          {value_gets:.2f} s")
    print(f"ratio scan / snmpbulkwalk:      {ours / walk:.2f}  (target <= 1.5)")
    print(f"ratio per-ONU GETs / scan:      {gets / ours:.1f}  (target >= 10)")
    print(f"ratio per-value GETs / scan:    {value_gets / ours:.1f}")
    print(f"netops --help:                  {help_time * 1000:.0f} ms")
    print(f"import typer, rich.console:     {bare * 1000:.0f} ms")
    print(f"ratio --help / bare import:     {help_time / bare:.2f}  (target <= 1.5)")


if __name__ == "__main__":
    main()
