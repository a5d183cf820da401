"""A private lab for the progress tests (its SNMP OLTs and speed servers, on free loopback ports),
and a way to run netops with stderr on a real terminal, as a technician sees the progress."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from netops.lab import manager

_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
_MOVES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")  # cursor, erase, title


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Iterator[Path]:
    """`netops lab up` for the SNMP OLTs and the speed servers, in a private folder."""
    directory = tmp_path_factory.mktemp("lab")
    manager.up(directory, fixed_ports=False, only=["snmp-olt", "speed"])
    yield directory
    manager.down(directory)


@dataclass
class TerminalRun:
    code: int
    out: str
    terminal: str  # what stderr showed, escape sequences removed


def run_on_a_terminal(args: list[str], env: dict[str, str], tmp_path: Path) -> TerminalRun:
    """`netops ARGS` in a fresh process whose stderr is a pseudo-terminal (stdout is a file)."""
    master, slave = os.openpty()
    out_path = tmp_path / "stdout"
    with out_path.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "netops", *args], stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=slave, env={**os.environ, **env, "COLUMNS": "120"})
    os.close(slave)
    chunks = []
    try:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    code = process.wait(timeout=120)
    text = _COLOURS.sub("", b"".join(chunks).decode("utf-8", "replace"))
    terminal = _MOVES.sub("\n", text)  # each frame of the display on lines of its own
    return TerminalRun(code, out_path.read_text(), terminal)
