"""Run the help's examples exactly as printed against a lab on its usual ports.

    python tests/cli_help/lab_examples.py RESULTS.json

Meant to run alone in a private network namespace (test_examples_on_the_lab.py starts it there
with `unshare --net`), so the lab's usual ports are free whatever else runs on the machine. The
lab is started and stopped by the `lab up` and `lab down` examples themselves. Writes, for each
example run, its command, exit code and stderr; and the examples not run, with the reason.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time

from netops.cli.examples import EXAMPLES

# Run first, in this order: the lab itself, then what later examples read back (the case log of
# `cases show`, the readings of `optical history`, the audit log of `wifi status`).
FIRST = ("lab up", "lab status", "triage", "optical onu", "optical scan", "wifi reset")
LAST = ("lab down",)
NOT_RUN = {
    "netops --inventory lab serve": "serves until stopped",
    "netops --inventory lab serve --listen 127.0.0.1:9861 --concurrency 2": "serves until stopped",
    "NETOPS_LAB_DIR=/tmp/lab-mine netops lab up --free-ports": "a second lab in a folder shared with the host",
    "NETOPS_LAB_DIR=/tmp/lab-mine netops lab down": "a second lab in a folder shared with the host",
}
NOT_RUN |= {example.command: "starts a lab of its own" for example in EXAMPLES["demo"]}
NOT_RUN |= {example.command: "10 to 20 s of speed test (8 s each way; tests/speed measures the servers)"
            for example in EXAMPLES["speed test"] + EXAMPLES["diagnose"] if "--skip-speed" not in example.command}


def ordered() -> list[str]:
    rank = {path: index for index, path in enumerate(FIRST)} | {path: len(EXAMPLES) + 1 for path in LAST}
    return sorted(EXAMPLES, key=lambda path: rank.get(path, len(FIRST)))


def run(command: str) -> dict:
    words = shlex.split(command)
    env = dict(os.environ)
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0] == "netops", command
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "netops", *words[1:]], env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    return {"command": command, "code": done.returncode, "stderr": done.stderr,
            "seconds": round(time.monotonic() - started, 1)}


def main(results_path: str) -> None:
    results, skipped = [], {}
    try:
        for path in ordered():
            for example in EXAMPLES[path]:
                if example.command in NOT_RUN:
                    skipped[example.command] = NOT_RUN[example.command]
                else:
                    results.append(run(example.command))
    finally:  # never leave the lab running, whatever failed
        subprocess.run([sys.executable, "-m", "netops", "lab", "down"], capture_output=True, timeout=60)
    with open(results_path, "w", encoding="utf-8") as handle:
        json.dump({"results": results, "not_run": skipped}, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
