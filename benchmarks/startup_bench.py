"""Start-up benchmark: what `--help` costs against a bare start of the libraries the CLI is made of.

    python benchmarks/startup_bench.py [--runs 15] [--check]

The reference is `python -c "import typer, rich.console"` (what any typer/rich CLI pays before
its own code runs). Each case is a fresh process, timed wall-clock; the runs of all cases are
interleaved (reference, case 1, case 2, ..., again), so a burst of load on this shared machine
falls on every case alike, and the median of each is taken. Printed: each median and its ratio
to the reference median. The target is 1.5 or less for every case; `--check` exits 1 when a
ratio is above it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

TARGET = 1.5
REFERENCE = ("import typer, rich.console (reference)", [sys.executable, "-c", "import typer, rich.console"])
CASES = [
    ("netops --help", ["--help"]),
    ("netops optical onu --help", ["optical", "onu", "--help"]),
    ("netops optical scan --help", ["optical", "scan", "--help"]),
    ("netops wifi reset --help", ["wifi", "reset", "--help"]),
    ("netops --version", ["--version"]),
]


def timed(argv: list[str]) -> float:
    env = {**os.environ, "COLUMNS": "80"}
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env, timeout=60)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each case (median taken)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a ratio is above {TARGET}")
    args = parser.parse_args()
    commands = [REFERENCE] + [(name, [sys.executable, "-m", "netops", *words]) for name, words in CASES]
    for _, argv in commands:  # warm the file cache and the bytecode once
        timed(argv)
    samples: dict[str, list[float]] = {name: [] for name, _ in commands}
    for _ in range(args.runs):
        for name, argv in commands:
            samples[name].append(timed(argv))
    reference = statistics.median(samples[REFERENCE[0]])
    worst = 0.0
    print(f"{'case':<42} {'median s':>9} {'ratio':>6}")
    for name, _ in commands:
        median = statistics.median(samples[name])
        ratio = median / reference
        if name != REFERENCE[0]:
            worst = max(worst, ratio)
        print(f"{name:<42} {median:9.3f} {ratio:6.2f}")
    print(f"worst ratio {worst:.2f} (target ≤ {TARGET}), {args.runs} runs each")
    return 1 if args.check and worst > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
