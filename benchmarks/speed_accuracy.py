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
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SERVER_IP, CLIENT_IP = "10.232.0.1", "10.232.0.2"
HTTP_PORT, DELAY_PORT, IPERF_PORT = 8080, 8081, 5201


def sh(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)


class Link:
    """Server and client namespaces, a veth pair, htb at `rate` Mbit/s on both egresses."""

    def __init__(self, rate: int) -> None:
        tag = str(os.getpid() % 100000)
        self.server, self.client = f"nbench-{tag}-s", f"nbench-{tag}-c"
        self.pids: list[int] = []
        ends = ((self.server, f"nbs{tag}", SERVER_IP), (self.client, f"nbc{tag}", CLIENT_IP))
        for ns, _, _ in ends:
            sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", ends[0][1], "type", "veth", "peer", "name", ends[1][1])
        for ns, dev, address in ends:
            sh("ip", "link", "set", dev, "netns", ns)
            sh("ip", "-n", ns, "addr", "add", f"{address}/30", "dev", dev)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", ns, "link", "set", dev, "up")
            sh(
                "ip",
                "netns",
                "exec",
                ns,
                "tc",
                "qdisc",
                "add",
                "dev",
                dev,
                "root",
                "handle",
                "1:",
                "htb",
                "default",
                "1",
            )
            sh(
                "ip",
                "netns",
                "exec",
                ns,
                "tc",
                "class",
                "add",
                "dev",
                dev,
                "parent",
                "1:",
                "classid",
                "1:1",
                "htb",
                "rate",
                f"{rate}mbit",
                "ceil",
                f"{rate}mbit",
            )

    def spawn(self, *argv: str) -> None:
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.server, *argv],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.pids.append(process.pid)

    def wait_listening(self, port: int) -> None:
        for _ in range(200):
            if sh(
                "ip", "netns", "exec", self.server, "ss", "-Hltn", f"sport = :{port}"
            ).stdout.strip():
                return
            time.sleep(0.05)
        raise RuntimeError(f"nothing listens on {port}")

    def client_run(self, *argv: str, timeout: float = 180) -> str:
        done = subprocess.run(
            ["ip", "netns", "exec", self.client, *argv],
            cwd=REPO,
            text=True,
            capture_output=True,
            timeout=timeout,
        )
        if done.returncode not in (0, 1, 2):
            raise RuntimeError(f"{' '.join(argv[:4])}...: {done.stderr.strip()}")
        return done.stdout

    def close(self) -> None:
        for pid in self.pids:
            try:
                os.killpg(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        for ns in (self.server, self.client):
            sh("ip", "netns", "del", ns)


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
    data = json.loads(link.client_run(*argv))
    return data["end"]["sum_received"]["bits_per_second"] / 1e6


def netops(link: Link, *args: str) -> dict:
    return json.loads(
        link.client_run(sys.executable, "-m", "netops", "speed", "test", *args, "-o", "json")
    )


def legacy(link: Link, url: str) -> tuple[float, float]:
    code = (
        "import json; from netops.transport.ookla import legacy_measure;"
        f"print(json.dumps(legacy_measure({url!r})))"
    )
    down, up = json.loads(link.client_run(sys.executable, "-c", code))
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
    link = Link(rate)
    rows = []
    try:
        link.spawn("iperf3", "-s", "-B", SERVER_IP, "-p", str(IPERF_PORT))
        link.spawn(
            sys.executable,
            "-m",
            "netops.lab.speed_server",
            "--host",
            SERVER_IP,
            "--port",
            str(HTTP_PORT),
        )
        link.spawn(
            sys.executable,
            "-m",
            "netops.lab.speed_server",
            "--host",
            SERVER_IP,
            "--port",
            str(DELAY_PORT),
            "--delay-ms",
            str(delay_ms),
        )
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
        link.close()
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
