"""Standard output that goes away or fills up: a closed pipe keeps the command's own status and
prints nothing more; a full device is one error and exit 3 (no traceback at exit either)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMANDS = [("profiles", "list"), ("profiles", "list", "-o", "json"), ("--help",), ("--version",), ("lab",)]


def run(args, stdout) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-m", "netops", *args], stdout=stdout, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "200"})
    return done.returncode, done.stderr


@pytest.mark.parametrize("args", COMMANDS)
def test_a_pipe_nobody_reads_keeps_the_status_and_stderr_quiet(args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write: every write is EPIPE
    try:
        code, err = run(args, write_end)
    finally:
        os.close(write_end)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("args", COMMANDS)
def test_output_to_a_full_device_is_one_line_and_exit_3(args):
    with open("/dev/full", "w") as full:
        code, err = run(args, full)
    assert code == 3
    assert err == ("netops: error: cannot write the output: No space left on device — free some "
                   "space or write the output somewhere else\n")


def test_a_terminal_in_a_legacy_encoding_gets_question_marks_not_a_crash(tmp_path):
    ticket = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "examples", "ticket-los.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "netops", "triage", "--ticket", ticket], capture_output=True,
        timeout=60, env={**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "200",
                         "NETOPS_CASES_DB": str(tmp_path / "cases.sqlite3")},
    )
    assert done.returncode == 0, done.stderr
    assert b"Fora do hor?rio" in done.stdout  # "horário": the one character ASCII lacks
    assert done.stderr == b""
