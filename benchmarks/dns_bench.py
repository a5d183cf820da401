"""DNS check benchmark: how close netops' latency is to dnspython's own, and what a dead resolver costs.

    python benchmarks/dns_bench.py [--queries 200] [--timeout 1.0]

Starts unbound (Debian package `unbound`) on a free loopback port with a static zone, then:
1. reference: dnspython's `dns.query.udp` in a loop; its own `response.time` and a perf_counter
   around the call, median of N queries;
2. netops: the median `netops dns check` reports for the same name on the same resolver
   (`--count` queries per run, repeated until N queries);
3. a full check of [unbound, a dead resolver] with --timeout T, the dead one being a closed port
   and then a black hole: total wall time, against the "timeout x tries" budget and against what
   asking one question after the other would cost.
Ratios, not absolute times, are the result: these machines are shared.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAME = "www.example.test"

CONFIG = """server:
  interface: 127.0.0.1
  port: {port}
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "{directory}"
  pidfile: ""
  use-syslog: no
  logfile: ""
  num-threads: 1
  do-ip6: no
  module-config: "iterator"
  access-control: 127.0.0.0/8 allow
  local-zone: "." static
  local-zone: "example.test." static
  local-data: "www.example.test. 300 IN A 192.0.2.10"
  local-data: "mail.example.test. 300 IN A 192.0.2.11"
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        return udp.getsockname()[1]


def start_unbound(directory: Path) -> tuple[subprocess.Popen, int]:
    binary = shutil.which("unbound") or shutil.which("unbound", path="/usr/sbin:/usr/local/sbin")
    if not binary:
        sys.exit(
            "unbound is not installed (apt-get install unbound, or run bash tests/run.sh once)"
        )
    port = free_port()
    config = directory / "unbound.conf"
    config.write_text(CONFIG.format(port=port, directory=directory))
    process = subprocess.Popen(
        [binary, "-d", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    import dns.message
    import dns.query

    deadline = time.monotonic() + 10
    while True:
        try:
            dns.query.udp(dns.message.make_query(NAME, "A"), "127.0.0.1", port=port, timeout=0.2)
            return process, port
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                sys.exit("unbound did not start")
            time.sleep(0.05)


def reference(port: int, queries: int, gap: float) -> tuple[float, float]:
    """dnspython alone: median of its own `response.time`, and of perf_counter around the call.

    Queries are `gap` seconds apart, like netops' series: on an idle machine the pause alone
    changes loopback round trips (CPU wake-up), so both sides must pause alike.
    """
    import dns.message
    import dns.query

    own, outer = [], []
    for _ in range(queries):
        query = dns.message.make_query(NAME, "A")
        started = time.perf_counter()
        response = dns.query.udp(query, "127.0.0.1", port=port, timeout=2)
        outer.append((time.perf_counter() - started) * 1000)
        own.append(response.time * 1000)
        time.sleep(gap)
    return statistics.median(own), statistics.median(outer)


def netops_median(port: int, queries: int) -> tuple[float, float]:
    """The median `netops dns check` reports, over runs of --count 50; and one run's wall time."""
    from netops.dns.check import check_resolvers, make_plan
    from netops.dns.policy import DnsPolicy

    policy = DnsPolicy(resolvers=[f"127.0.0.1:{port}"], names=[NAME, "mail.example.test"])
    medians, walls = [], []
    for _ in range(max(1, queries // 50)):
        started = time.perf_counter()
        report = check_resolvers(make_plan(policy, count=50))
        walls.append(time.perf_counter() - started)
        medians.append(report.resolvers[0].latency["median"])
    return statistics.median(medians), statistics.median(walls)


def dead_run(port: int, timeout: float, black_hole: bool) -> tuple[float, int, int]:
    """Check [unbound, dead]: a closed port (TCP refused at once) or a black hole (nothing
    answers, TCP connects hang until the timeout, like an address that is routed nowhere)."""
    from netops.dns.check import check_resolvers, make_plan
    from netops.dns.policy import DnsPolicy
    from netops.lab.dns_resolver import LabResolver, Listener, Zone

    policy = DnsPolicy(
        resolvers=[f"127.0.0.1:{port}"], names=[NAME, "mail.example.test"], tries=2, count=5
    )
    dead_port = free_port()
    dead = f"127.0.0.1:{dead_port}"
    hole = None
    if black_hole:
        hole = LabResolver(Zone(), [Listener("127.0.0.1", dead_port, fault="silent")]).start()
    started = time.perf_counter()
    report = check_resolvers(make_plan(policy, [f"127.0.0.1:{port}", dead], timeout=timeout))
    elapsed = time.perf_counter() - started
    if hole is not None:
        hole.stop()
    assert report.status.label == "warning", report.summary
    return elapsed, policy.tries, policy.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=1.0)
    args = parser.parse_args()
    from netops.dns.asking import SERIES_SPACING_S

    with tempfile.TemporaryDirectory(prefix="netops-dns-bench-") as tmp:
        process, port = start_unbound(Path(tmp))
        try:
            reference(port, 20, 0.002)  # warm up caches and imports
            own, outer = reference(port, args.queries, SERIES_SPACING_S)
            back_to_back = reference(port, args.queries, 0.002)[1]
            ours, wall = netops_median(port, args.queries)
            dead, tries, count = dead_run(port, args.timeout, black_hole=False)
            hole = dead_run(port, args.timeout, black_hole=True)[0]
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(5)
    print(f"resolver: unbound on 127.0.0.1:{port}, {args.queries} queries each")
    print(
        f"dnspython response.time median   {own:8.3f} ms   (queries {SERIES_SPACING_S * 1000:g} ms apart)"
    )
    print(
        f"dnspython perf_counter median    {outer:8.3f} ms   (queries {SERIES_SPACING_S * 1000:g} ms apart)"
    )
    print(
        f"dnspython perf_counter median    {back_to_back:8.3f} ms   (queries 2 ms apart, for scale)"
    )
    print(
        f"netops dns check median          {ours:8.3f} ms   "
        f"ratio {ours / own:.2f}x response.time, {ours / outer:.2f}x perf_counter"
    )
    print(f"netops full check, 1 resolver, --count 50: {wall:.3f} s wall")
    budget = args.timeout * tries
    sequential = count * args.timeout + tries * args.timeout
    print(
        f"one dead resolver of two (--timeout {args.timeout:g}, tries {tries}, count {count}); "
        f"budget timeout x tries = {budget:.1f} s, one question after the other = {sequential:.1f} s"
    )
    print(f"  closed port (TCP refused):      {dead:6.3f} s total ({dead / budget:.2f}x budget)")
    print(f"  black hole (no answer at all):  {hole:6.3f} s total ({hole / budget:.2f}x budget)")


if __name__ == "__main__":
    main()
