"""Wi-Fi reset benchmark: what the declarative flow runner costs over the HTTP it has to do.

    python benchmarks/wifi_bench.py [--repeat 5]

Starts one lab router per family on free loopback ports, then per family:
1. reference: the median round trip of a bare HTTP GET to the same server (httpx, one connection);
2. netops: `wifi reset` in process (both bands: login, read, save, logout, login, read back),
   median of --repeat runs, and the number of HTTP requests the router saw per reset;
   the ratio "reset time / (requests x bare round trip)" is the runner's overhead factor;
3. the same with a router that drops the connection after each save and restarts for 1 s:
   the extra time over the two restarts is what the waiting (backoff) costs.
Also the wall time of one `netops wifi reset` process (Python start-up included), as a
technician sees it. Ratios, not absolute times, are the result: these machines are shared.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netops.lab.routers import FAMILIES, LAB_PASSWORD
from netops.lab.state import free_port, tcp_open, wait_until

RESTART = 1.0


def start(family: str, faults: str, logs: Path) -> tuple[subprocess.Popen, int, Path]:
    port = free_port()
    log = logs / f"{family}-{port}.log"
    args = [sys.executable, "-m", "netops.lab.routers", "--family", family, "--port", str(port),
            "--restart-seconds", str(RESTART)]
    if faults:
        args += ["--faults", faults]
    with open(log, "wb") as handle:
        process = subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    wait_until(lambda: tcp_open("127.0.0.1", port), 10, family, process.pid)
    return process, port, log


def bare_round_trip(port: int, count: int = 50) -> float:
    import httpx

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
        client.get("/__lab/state")
        times = []
        for _ in range(count):
            begin = time.perf_counter()
            client.get("/__lab/state")
            times.append(time.perf_counter() - begin)
    return statistics.median(times)


def reset_in_process(port: int, model: str) -> float:
    from netops.cli.app import run

    sink_out, sink_err = io.StringIO(), io.StringIO()
    begin = time.perf_counter()
    with contextlib.redirect_stdout(sink_out), contextlib.redirect_stderr(sink_err):
        code = run(["wifi", "reset", "127.0.0.1", "--port", str(port), "--model", model, "-o", "json"])
    elapsed = time.perf_counter() - begin
    if code != 0:
        raise SystemExit(f"reset failed on {model} (exit {code}): {sink_err.getvalue()}")
    return elapsed


def requests_seen(log: Path) -> int:
    return sum(1 for line in log.read_text().splitlines() if line.split(" ")[0] in ("GET", "POST")
               and "/__lab/" not in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="netops-wifi-bench-"))
    os.environ.update(XDG_DATA_HOME=str(work / "data"), NETOPS_CPE_PASSWORD=LAB_PASSWORD,
                      NETOPS_PROFILES_DIR=str(work / "profiles"))
    processes = []
    try:
        print(f"{'family':20} {'model':14} {'req/reset':>9} {'bare RTT':>9} {'reset':>8} "
              f"{'overhead':>9} {'drop+2x1s':>10} {'wait cost':>10}")
        for family, (_, model, _) in FAMILIES.items():
            process, port, log = start(family, "", work)
            processes.append(process)
            rtt = bare_round_trip(port)
            before = requests_seen(log)
            times = [reset_in_process(port, model) for _ in range(args.repeat)]
            per_reset = (requests_seen(log) - before) / args.repeat
            reset = statistics.median(times)
            dropping, dport, _ = start(family, "drop_on_save", work)
            processes.append(dropping)
            drop = statistics.median(reset_in_process(dport, model) for _ in range(max(1, args.repeat // 2)))
            print(f"{family:20} {model:14} {per_reset:9.0f} {rtt * 1000:7.2f}ms {reset * 1000:6.0f}ms "
                  f"{reset / (per_reset * rtt):8.1f}x {drop:9.2f}s {drop - reset - 2 * RESTART:9.2f}s")
        process, port, _ = start("mitrastar-econet", "", work)
        processes.append(process)
        begin = time.perf_counter()
        subprocess.run([sys.executable, "-m", "netops", "wifi", "reset", "127.0.0.1", "--port", str(port),
                        "--model", "GPT-2741GNAC", "-o", "json"], check=True, capture_output=True)
        print(f"one `netops wifi reset` process, Python start-up included: {time.perf_counter() - begin:.2f}s")
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)


if __name__ == "__main__":
    main()
