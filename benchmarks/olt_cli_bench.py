"""CLI scan benchmark: what reading optical levels over the OLT's own CLI costs, against SNMP.

    python benchmarks/olt_cli_bench.py [--repeat 3]

Starts the lab's SNMP OLT and SSH OLT (same ONUs) on free loopback ports, then measures, median
of --repeat runs, wall time of:
1. a CLI scan of one 128-ONU PON port of lab-huawei (`--via cli --pon 0/1/0`), and the number of
   commands it sent (one round per port: discover + port mode + the profile's port commands);
2. the same port over SNMP (GETBULK walks);
3. a CLI scan of the whole 1,024-ONU lab-huawei (8 ports; the profile's pool of 2 sessions, and
   one session), and the same OLT over SNMP;
4. per-ONU CLI polling (`display ont info` + `display ont optical-info` per ONU over one session)
   for 16 ONUs, extrapolated to the 128-ONU port: what a scan would cost without port commands.
With --device-delay S the SSH OLT waits S seconds before each display output (a busy OLT's CLI
is slow; loopback is not), which shows what one round per port saves.
Ratios, not absolute times, are the result: these machines are shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netops.lab import manager, ssh_olt
from netops.models import OnuRef, PonRef
from netops.olt import service
from netops.settings import load_inventory

PORT = PonRef(0, 1, 0)


class CommandCounter:
    """Counts commands sent by CLI sessions (wraps CliSession.run)."""

    def __init__(self) -> None:
        from netops.transport.cli import CliSession

        self.count = 0
        original = CliSession.run

        def counted(session, command):
            self.count += 1
            return original(session, command)

        CliSession.run = counted  # type: ignore[method-assign]


def slow_lab(lab: Path, delay: float) -> tuple[Path, list[int]]:
    """A second SSH OLT answering after `delay` seconds; an inventory whose ssh blocks use it."""
    import yaml

    from netops.lab.state import LabContext

    info = ssh_olt.start_server(LabContext(lab / "slow", fixed_ports=False), ["--slow", str(delay)], name="ssh-olt-slow")
    data = yaml.safe_load((lab / "inventory.yaml").read_text())
    for name, entry in info.inventory["olts"].items():
        data["olts"][name]["ssh"] = entry["ssh"]
    path = lab / "inventory-slow.yaml"
    path.write_text(yaml.safe_dump(data))
    return path, info.pids


def timed(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def per_onu_polling(inventory, count: int) -> float:
    """Seconds to read `count` ONUs one by one over one CLI session."""
    from netops.olt.access import load_olt_profile
    from netops.olt.cli_access import open_cli_reader

    entry = inventory.olt("lab-huawei")
    profile = load_olt_profile(entry, "lab-huawei")

    async def run() -> float:
        async with open_cli_reader("lab-huawei", entry, profile) as reader:
            await reader.read_onu(OnuRef(PORT, 0))  # log in first: measure the reads only
            start = time.perf_counter()
            for onu_id in range(count):
                await reader.read_onu(OnuRef(PORT, onu_id))
            return time.perf_counter() - start

    return asyncio.run(run())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--device-delay", type=float, default=0.0, metavar="S",
        help="make the SSH OLT wait S seconds before each display output, as a busy OLT does",
    )
    args = parser.parse_args()
    os.environ.setdefault(ssh_olt.PASSWORD_ENV, ssh_olt.LAB_PASSWORD)
    with tempfile.TemporaryDirectory(prefix="netops-cli-bench-") as tmp:
        lab = Path(tmp) / "lab"
        os.environ["NETOPS_PROFILES_DIR"] = str(Path(tmp) / "no-user-profiles")
        manager.up(lab, fixed_ports=False, only=["snmp-olt", "ssh-olt"])
        slow_pids: list[int] = []
        try:
            inventory_path = lab / "inventory.yaml"
            if args.device_delay:
                inventory_path, slow_pids = slow_lab(lab, args.device_delay)
            inventory = load_inventory(str(inventory_path))
            counter = CommandCounter()

            def scan(via: str, pons=None):
                return lambda: service.scan(inventory, "lab-huawei", pons, via=via).readings

            counter.count = 0
            cli_port, readings = timed(scan("cli", [PORT]), args.repeat)
            port_commands = counter.count // args.repeat
            snmp_port, _ = timed(scan("snmp", [PORT]), args.repeat)
            counter.count = 0
            cli_olt, olt_readings = timed(scan("cli"), args.repeat)
            olt_commands = counter.count // args.repeat
            snmp_olt, snmp_readings = timed(scan("snmp"), args.repeat)

            from netops.olt import cli_access
            from netops.olt.access import load_olt_profile

            pool = inventory.olt("lab-huawei")
            original = cli_access.cli_session_factory
            profile = load_olt_profile(pool, "lab-huawei")
            single_pool = profile.model_copy(update={"cli": profile.cli.model_copy(update={"pool_size": 1})})

            async def one_session_scan():
                from netops.olt.cli_reader import CliOltReader

                reader = CliOltReader("lab-huawei", single_pool, original("lab-huawei", pool, single_pool))
                try:
                    return (await reader.scan(None)).readings
                finally:
                    await asyncio.to_thread(reader.close)

            cli_olt_one, _ = timed(lambda: asyncio.run(one_session_scan()), args.repeat)
            sample = 16
            polling = per_onu_polling(inventory, sample)
        finally:
            for pid in slow_pids:
                os.killpg(pid, signal.SIGTERM)
            manager.down(lab)

    per_onu_port = polling / sample * len(readings)
    delay = f", OLT display delay {args.device_delay * 1000:.0f} ms" if args.device_delay else ""
    print(f"lab-huawei, {len(readings)}-ONU port {PORT}, median of {args.repeat}{delay}:")
    print(f"  CLI scan of the port         {cli_port * 1000:8.0f} ms  ({port_commands} commands: one round, not one per ONU)")
    print(f"  SNMP scan of the port        {snmp_port * 1000:8.0f} ms")
    print(f"  CLI / SNMP                   {cli_port / snmp_port:8.2f}x")
    print(f"  per-ONU CLI polling (est.)   {per_onu_port * 1000:8.0f} ms  ({polling / sample * 1000:.1f} ms/ONU over {sample} ONUs)")
    print(f"  port scan vs per-ONU polling {per_onu_port / cli_port:8.1f}x faster")
    print(f"lab-huawei, whole OLT ({len(olt_readings)} ONUs, 8 ports):")
    print(f"  CLI scan, pool of 2 sessions {cli_olt * 1000:8.0f} ms  ({olt_commands} commands)")
    print(f"  CLI scan, one session        {cli_olt_one * 1000:8.0f} ms")
    print(f"  SNMP scan                    {snmp_olt * 1000:8.0f} ms  ({len(snmp_readings)} ONUs)")
    print(f"  CLI / SNMP                   {cli_olt / snmp_olt:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
