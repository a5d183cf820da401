"""What a netops SNMP scan costs next to net-snmp's snmpbulkwalk and prometheus-snmp-exporter.

Starts snmpsim on loopback serving a simulated Huawei OLT (ports of 128 ONUs, the 8 columns of
profiles/olt/huawei_ma5800.yaml) generated here, and for each size runs, whole processes:
  - `netops`-style scan: python -c "... SnmpOltReader.scan()" (import and start-up included),
    with NETOPS_SNMP_BACKEND=fast and =pysnmp;
  - sequential `snmpbulkwalk -Cr25` of the same 8 columns (the reference);
  - prometheus-snmp-exporter (Debian package) with a hand-written module for the same columns,
    one /snmp scrape (--exporter; at the target size only).
Prints wall time and own CPU (user+sys of that process, from wait4/proc) as ratios to the
reference of the same run, CPU per ONU, and peak memory (VmHWM; 0 = not measured). snmpsim is single-threaded
Python and dominates wall time; own CPU is what netops controls.

Targets (16,384 ONUs): wall <= 1.2x snmpbulkwalk; netops's own CPU <= 0.4 ms per ONU.

Usage: python benchmarks/snmp_scan_bench.py [--sizes 1024,4096,16384,32768] [--exporter]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE = "1.3.6.1.4.1.2011.6.128.1.1.2"
COLUMNS = {  # HUAWEI-XPON-MIB column -> (snmprec tag, value maker); same set as the profile
    "43.1.3": ("4x", lambda r, i, up: (b"HWTC" + r.randbytes(4)).hex()),  # serial
    "43.1.9": ("4x", lambda r, i, up: f"cliente {i}".encode().hex()),  # description
    "46.1.15": ("2", lambda r, i, up: "1" if up else "2"),  # run state
    "46.1.24": ("2", lambda r, i, up: "13"),  # last down cause (dying gasp)
    "51.1.4": ("2", lambda r, i, up: str(r.randint(-2800, -1500)) if up else "2147483647"),  # Rx
    "51.1.3": ("2", lambda r, i, up: str(r.randint(150, 300)) if up else "2147483647"),  # Tx
    "51.1.6": ("2", lambda r, i, up: str(r.randint(7000, 8500)) if up else "2147483647"),  # OLT Rx
    "51.1.1": ("2", lambda r, i, up: str(r.randint(30, 60)) if up else "2147483647"),  # temperature
}
PER_PORT = 128

SCAN = """
import asyncio, sys
from netops.olt.profile import OltProfile
from netops.olt.snmp_reader import SnmpOltReader
from netops.profiles import load_profile
from netops.transport.snmp import SnmpCredentials, SnmpSession, SnmpTarget

async def main():
    profile = load_profile("olt", "huawei_ma5800", OltProfile)
    target = SnmpTarget("127.0.0.1", int(sys.argv[1]), timeout=10, retries=1)
    async with SnmpSession(target, SnmpCredentials()) as session:
        result = await SnmpOltReader("bench", profile, session).scan()
        print(len(result.readings), session.backend, session.requests, session.values)
    # Peak memory of this process alone (rusage's maxrss also counts the parent before exec).
    print(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])

asyncio.run(main())
"""


def write_snmprec(path: Path, onus: int) -> None:
    """Huawei GPON instances <ifIndex>.<onu>, ifIndex = 0xFA000000 | slot<<13 | port<<8."""
    rnd = random.Random(onus)
    rows = [("1.3.6.1.2.1.1.1.0", "4", "netops benchmark OLT")]
    for i in range(onus):
        port, onu = divmod(i, PER_PORT)
        slot, pon = divmod(port, 16)
        instance = f"{0xFA000000 | slot << 13 | pon << 8}.{onu}"
        up = rnd.random() > 0.05
        for column, (tag, make) in COLUMNS.items():
            rows.append((f"{BASE}.{column}.{instance}", tag, make(rnd, i, up)))
    rows.sort(key=lambda row: tuple(int(part) for part in row[0].split(".")))
    path.write_text("".join(f"{oid}|{tag}|{value}\n" for oid, tag, value in rows))


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measured(command: list[str], env: dict | None = None) -> tuple[float, float, int, str]:
    """(wall s, own CPU s, rusage max RSS KiB, stdout) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{command[0]} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out


def bulkwalk(port: int) -> tuple[float, float, int]:
    wall = cpu = 0.0
    for column in COLUMNS:
        w, c, r, _ = measured(["snmpbulkwalk", "-v2c", "-c", "public", "-On", "-Cr25", "-t", "10",
                               f"127.0.0.1:{port}", f"{BASE}.{column}"])
        wall, cpu = wall + w, cpu + c
    return wall, cpu, 0  # its peak memory is not measured (a few MiB)


def exporter_config(path: Path) -> None:
    """snmp_exporter 0.21 module for the same 8 columns (written by hand, no generator)."""
    metrics = []
    for column, (tag, _) in COLUMNS.items():
        metrics.append(
            f"    - name: huawei_{column.replace('.', '_')}\n      oid: {BASE}.{column}\n"
            f"      type: {'OctetString' if tag == '4x' else 'gauge'}\n"
            "      indexes:\n      - labelname: ifindex\n        type: gauge\n"
            "      - labelname: onu\n        type: gauge\n")
    walks = "".join(f"  - {BASE}.{column}\n" for column in COLUMNS)
    path.write_text("netops_bench:\n  version: 2\n  max_repetitions: 25\n  timeout: 10s\n  retries: 1\n"
                    "  auth:\n    community: public\n  walk:\n" + walks.replace("  -", "  -") +
                    "  metrics:\n" + "".join(metrics))


def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def exporter_scrape(workdir: Path, agent_port: int) -> tuple[float, float, int]:
    binary = shutil.which("prometheus-snmp-exporter")
    if binary is None:
        sys.exit("prometheus-snmp-exporter not found: apt-get install prometheus-snmp-exporter")
    config = workdir / "snmp.yml"
    exporter_config(config)
    port = free_port(socket.SOCK_STREAM)
    process = subprocess.Popen([binary, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        before = proc_cpu(process.pid)
        start = time.perf_counter()
        url = f"http://127.0.0.1:{port}/snmp?target=127.0.0.1:{agent_port}&module=netops_bench"
        body = urllib.request.urlopen(url, timeout=600).read().decode()
        wall = time.perf_counter() - start
        cpu = proc_cpu(process.pid) - before
        rss = int(Path(f"/proc/{process.pid}/status").read_text().split("VmHWM:")[1].split()[0])
        if "huawei_51_1_4" not in body:
            sys.exit("the exporter scrape returned no ONU metrics")
        return wall, cpu, rss
    finally:
        process.terminate()
        process.wait(10)


def start_agent(workdir: Path, onus: int) -> tuple[subprocess.Popen, int]:
    data = workdir / f"data-{onus}"
    data.mkdir()
    write_snmprec(data / "public.snmprec", onus)
    port = free_port(socket.SOCK_DGRAM)
    agent = subprocess.Popen(
        [sys.executable, "-m", "snmpsim.commands.responder", "--data-dir", str(data),
         "--cache-dir", str(workdir / f"cache-{onus}"), f"--agent-udpv4-endpoint=127.0.0.1:{port}",
         "--log-level", "error"],
        env={**os.environ, "SNMPSIM_ALLOW_ROOT": "true"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        probe = subprocess.run(["snmpget", "-v2c", "-c", "public", "-t", "1", "-r", "0", f"127.0.0.1:{port}",
                                "1.3.6.1.2.1.1.1.0"], capture_output=True)
        if probe.returncode == 0:
            return agent, port
        time.sleep(0.5)
    sys.exit("snmpsim did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1024,4096,16384,32768")
    parser.add_argument("--exporter", action="store_true", help="also scrape prometheus-snmp-exporter")
    parser.add_argument("--pysnmp", action="store_true", help="also run the pysnmp backend")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="netops-snmp-bench-"))
    target = 16384
    print(f"{'ONUs':>6} {'tool':<22} {'wall s':>7} {'x walk':>6} {'CPU s':>7} {'CPU ms/ONU':>10} {'max RSS MiB':>11}")
    try:
        for onus in [int(size) for size in args.sizes.split(",")]:
            agent, port = start_agent(workdir, onus)
            try:
                bulkwalk(port)  # warm snmpsim's caches
                ref_wall, ref_cpu, ref_rss = bulkwalk(port)
                results = [("snmpbulkwalk x8 (ref)", ref_wall, ref_cpu, ref_rss)]
                for backend in ["fast", "pysnmp"] if args.pysnmp else ["fast"]:
                    env = {**os.environ, "NETOPS_SNMP_BACKEND": backend}
                    wall, cpu, _, out = measured([sys.executable, "-c", SCAN, str(port)], env)
                    count, name, requests, values, rss = out.split()
                    rss = int(rss)
                    if int(count) != onus:
                        sys.exit(f"netops read {count} ONUs of {onus}")
                    results.append((f"netops {name} ({int(values) / (onus * 8):.3f}v)", wall, cpu, rss))
                if args.exporter and onus == target:
                    results.append(("snmp_exporter", *exporter_scrape(workdir, port)))
                for tool, wall, cpu, rss in results:
                    print(f"{onus:>6} {tool:<22} {wall:>7.2f} {wall / ref_wall:>6.2f} {cpu:>7.2f} "
                          f"{1000 * cpu / onus:>10.3f} {rss / 1024:>11.1f}")
                sys.stdout.flush()
            finally:
                agent.terminate()
                agent.wait(10)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("targets at 16,384 ONUs: netops wall / snmpbulkwalk <= 1.2; netops CPU <= 0.4 ms per ONU")
    print("(v = values the agent returned per value needed: 1.000 means no row read past a port)")


if __name__ == "__main__":
    main()
