"""The help's examples work as printed: each runs, word for word, against a lab started on its
usual ports (in a private network namespace, so those ports are free), and ends as a check that
ran (exit 0, 1 or 2) without an error or a warning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netops.cli.examples import EXAMPLES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.mark.integration
@pytest.mark.timeout(400)  # some fifty commands, one after another, on a shared machine
def test_every_example_runs_as_printed_on_the_lab(tmp_path):
    results = tmp_path / "results.json"
    env = {**os.environ, "HOME": str(tmp_path / "home"), "NETOPS_LAB_DIR": str(tmp_path / "lab"),
           "NETOPS_PROFILES_DIR": str(tmp_path / "no-profiles"), "COLUMNS": "120", "PYTHONPATH": str(ROOT)}
    for name in ("NETOPS_INVENTORY", "NETOPS_ISP", "NETOPS_VIA", "NETOPS_LAB_OLT_PASSWORD"):
        env.pop(name, None)
    script = f"ip link set lo up && exec {sys.executable} {HERE / 'lab_examples.py'} {results}"
    subprocess.run(["unshare", "--net", "sh", "-c", script], cwd=ROOT, env=env, check=True, timeout=400)
    found = json.loads(results.read_text())
    ran = {r["command"] for r in found["results"]}
    every = {example.command for examples in EXAMPLES.values() for example in examples}
    assert ran | set(found["not_run"]) == every
    assert len(ran) >= 40  # what is not run is the exception, each with its reason
    for result in found["results"]:
        complaints = [line for line in result["stderr"].splitlines()
                      if line.startswith(("netops: error", "netops: warning"))]
        assert result["code"] in (0, 1, 2) and complaints == [], result
