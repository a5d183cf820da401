"""The test suite keeps to its own: `-m "not integration"` runs no server, and nothing in the
scripts or tests stops processes by name (other people's servers run on this machine too)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SAMPLE_TESTS = '''
import socket

import pytest


@pytest.fixture
def router():  # a name from SERVER_FIXTURES: its users are integration tests
    server = socket.create_server(("127.0.0.1", 0))
    yield server.getsockname()[1]
    server.close()


def serve_and_connect():
    server = socket.create_server(("127.0.0.1", 0))
    try:
        socket.create_connection(server.getsockname(), timeout=2).close()
    finally:
        server.close()


def test_unmarked_talks_to_a_server():
    serve_and_connect()


@pytest.mark.integration
def test_marked_talks_to_a_server():
    serve_and_connect()


def test_uses_a_server_fixture(router):
    socket.create_connection(("127.0.0.1", router), timeout=2).close()


def test_a_refused_connection_is_no_server():
    port = socket.create_server(("127.0.0.1", 0))
    number = port.getsockname()[1]
    port.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", number), timeout=2)
'''


def run_sample(tmp_path: Path, *args: str) -> str:
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_sample.py").write_text(SAMPLE_TESTS)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n    integration: talks to a real protocol server on loopback\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-q", *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    return done.stdout


def outcomes(output: str) -> dict[str, str]:
    found = {}
    for line in output.splitlines():
        match = re.match(r"(PASSED|FAILED|ERROR) test_sample\.py::(\w+)", line)
        if match:
            found.setdefault(match.group(2), match.group(1))
    return found


@pytest.mark.parametrize("selection, expected", [
    # the unit run fails the unmarked test that talks to a server, and only that one
    ("not integration", {"test_unmarked_talks_to_a_server": "FAILED",
                         "test_a_refused_connection_is_no_server": "PASSED"}),
    # a test that uses a server fixture is marked integration without saying so itself
    ("integration", {"test_marked_talks_to_a_server": "PASSED", "test_uses_a_server_fixture": "PASSED"}),
])
def test_the_integration_mark_is_given_and_enforced(tmp_path, selection, expected):
    output = run_sample(tmp_path, "-m", selection)
    assert outcomes(output) == expected, output
    assert ("is not marked integration" in output) == (selection == "not integration")


def test_nothing_stops_processes_by_name():
    by_name = re.compile(r"\b(p" r"kill|kill" r"all)\b")
    files = [ROOT / "tests" / "run.sh", ROOT / ".ci" / "run"]
    files += [p for folder in ("tests", "benchmarks", "netops") for p in (ROOT / folder).rglob("*.py")]
    offenders = [str(p.relative_to(ROOT)) for p in files if by_name.search(p.read_text(errors="replace"))]
    assert offenders == []
