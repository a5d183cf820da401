"""Accuracy of `netops speed test` against iperf3 on the same shaped link, in the same run.

For each rate (100, 500, 1000 Mbit/s by default) two private network namespaces are joined by a
veth pair whose ends are shaped with htb; the lab speed server and an iperf3 server run on one
side, the clients on the other. The reference is the iperf3 program itself (-R for download).
Printed: each engine's download and upload divided by the reference (target: within 5 %), and
the same for the speedtest engine when the server adds 20 ms to every request, next to
speedtest-cli's own fixed-volume method. Needs root, iproute2 and iperf3.

    python benchmarks/speed_accuracy.py [--rates 100,500,1000] [--duration 6] [--warmup 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from netops.lab.shaped_link import ShapedLink

REPO = Path(__file__).resolve().parents[1]
SUBNET = "10.232.0"
SERVER_IP = f"{SUBNET}.1"
HTTP_PORT, DELAY_PORT, IPERF_PORT = 8080, 8081, 5201


class Link(ShapedLink):
    """The shared shaped link, with the benchmark's way of running clients."""

    def client_output(self, *argv: str, timeout: float = 180) -> str:
        done = self.client_run(list(argv), timeout=timeout, cwd=REPO)
        if done.returncode not in (0, 1, 2):
            raise RuntimeError(f"{' '.join(argv[:4])}...: {done.stderr.strip()}")
        return done.stdout


def iperf3_reference(link: Link, reverse: bool, duration: int, warmup: int) -> float:
    argv = [
        "iperf3",
        "-c",
        SERVER_IP,
        "-p",
        str(IPERF_PORT),
        "-J",
        "-t",
        str(duration),
        "-O",
        str(warmup),
        "-P",
        "4",
    ] + (["-R"] if reverse else [])
    data = json.loads(link.client_output(*argv))
    return data["end"]["sum_received"]["bits_per_second"] / 1e6


def netops(link: Link, *args: str) -> dict:
    return json.loads(
        link.client_output(sys.executable, "-m", "netops", "speed", "test", *args, "-o", "json")
    )


def legacy(link: Link, url: str) -> tuple[float, float]:
    code = (
        "import json; from netops.transport.ookla import legacy_measure;"
        f"print(json.dumps(legacy_measure({url!r})))"
    )
    down, up = json.loads(link.client_output(sys.executable, "-c", code))
    return down / 1e6, up / 1e6


def cpu_busy() -> float:
    """Fraction of the machine's CPU time not idle, over 0.5 s (shared machines drift)."""

    def read() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)

    idle1, total1 = read()
    time.sleep(0.5)
    idle2, total2 = read()
    return 1 - (idle2 - idle1) / max(total2 - total1, 1)


def bench(rate: int, duration: int, warmup: int, delay_ms: float) -> list[tuple]:
    link = Link.create(rate, f"b{os.getpid() % 100000}", subnet=SUBNET)
    rows = []
    lab_server = [sys.executable, "-m", "netops.lab.speed_server", "--host", SERVER_IP]
    try:
        link.spawn(["iperf3", "-s", "-B", SERVER_IP, "-p", str(IPERF_PORT)], cwd=REPO)
        link.spawn([*lab_server, "--port", str(HTTP_PORT)], cwd=REPO)
        link.spawn([*lab_server, "--port", str(DELAY_PORT), "--delay-ms", str(delay_ms)], cwd=REPO)
        for port in (IPERF_PORT, HTTP_PORT, DELAY_PORT):
            link.wait_listening(port)
        url = f"http://{SERVER_IP}:{HTTP_PORT}/speedtest/upload.php"
        delayed = f"http://{SERVER_IP}:{DELAY_PORT}/speedtest/upload.php"
        timing = ("--duration", str(duration), "--warmup", str(warmup))
        busy = cpu_busy()
        ref_down = iperf3_reference(link, True, duration, warmup)
        ref_up = iperf3_reference(link, False, duration, warmup)
        st = netops(link, "--server", url, *timing)
        ip3 = netops(link, "--engine", "iperf3", "--server", f"{SERVER_IP}:{IPERF_PORT}", *timing)
        st_delay = netops(link, "--server", delayed, *timing)
        old_down, old_up = legacy(link, delayed)
        for direction, ref, key, old in (
            ("down", ref_down, "download_mbps", old_down),
            ("up", ref_up, "upload_mbps", old_up),
        ):
            rows.append((rate, direction, ref, st[key], ip3[key], st_delay[key], old, busy))
    finally:
        link.destroy()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="100,500,1000")
    parser.add_argument("--duration", type=int, default=6)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--delay-ms", type=float, default=20.0)
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("speed_accuracy: needs root (network namespaces and tc)")
    header = (
        f"{'rate':>5} {'dir':>4} {'iperf3':>8} | {'speedtest':>9} {'ratio':>6} | "
        f"{'iperf3-eng':>10} {'ratio':>6} | {'+' + str(int(args.delay_ms)) + 'ms st':>9} "
        f"{'ratio':>6} | {'st-cli+dly':>10} {'ratio':>6} | cpu busy before"
    )
    print(header)
    print("-" * len(header))
    for rate in (int(r) for r in args.rates.split(",")):
        for row in bench(rate, args.duration, args.warmup, args.delay_ms):
            r, d, ref, st, ip3, dly, old, busy = row
            print(
                f"{r:>5} {d:>4} {ref:8.1f} | {st:9.1f} {st / ref:6.3f} | {ip3:10.1f} "
                f"{ip3 / ref:6.3f} | {dly:9.1f} {dly / ref:6.3f} | {old:10.1f} {old / ref:6.3f} "
                f"| {busy:.0%}",
                flush=True,
            )
    print("ratio = netops / iperf3 on the same link in the same run (Mbit/s); target 0.95-1.05.")
    print("st-cli+dly = speedtest-cli's own fixed-volume download()/upload() with the delay.")


if __name__ == "__main__":
    main()
