"""Help costs what help needs: `netops --help` and a command's `--help` load the CLI's own
modules and the bottom layer (errors, messages, results), never the validation library, the
protocol libraries or the domain packages. Measured as the user runs netops, in a fresh process,
by Python's own import log (`-X importtime`)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

LIBRARIES = ("pydantic", "pydantic_core", "yaml", "pysnmp", "netmiko", "paramiko", "httpx", "asyncssh",
             "prometheus_client", "speedtest", "platformdirs")
DOMAIN = ("netops.olt", "netops.transport", "netops.checks", "netops.cpe", "netops.dns", "netops.speed",
          "netops.triage", "netops.tickets", "netops.history", "netops.exporter", "netops.lab",
          "netops.isp", "netops.settings", "netops.profiles", "netops.profile_kinds", "netops.models")


def imported(*args: str) -> set[str]:
    """Every module `python -m netops ARGS` imported, by its import log."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "netops", *args], capture_output=True,
                         text=True, timeout=60, env={**os.environ, "COLUMNS": "80"}, stdin=subprocess.DEVNULL)
    assert run.returncode in (0, 3), run.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")
            and "|" in line} - {"imported package"}  # the log's header line


def _unwanted(modules: set[str]) -> set[str]:
    return {m for m in modules
            if m.split(".")[0] in LIBRARIES or any(m == d or m.startswith(d + ".") for d in DOMAIN)}


@pytest.mark.parametrize("args", [["--help"], ["optical", "onu", "--help"], ["optical", "scan", "--help"],
                                  ["profiles", "validate", "--help"], ["speed", "test", "--help"]])
def test_help_loads_no_validation_library_and_no_domain_package(args):
    modules = imported(*args)
    assert "netops.cli.app" in modules and "netops.cli.examples" in modules  # the log is read right
    assert _unwanted(modules) == set()


def test_the_check_sees_a_command_that_does_load_them():
    """`profiles list` validates profiles: pydantic and the profile loader show in the same log."""
    modules = imported("profiles", "list", "-o", "json")
    assert {"pydantic", "netops.profiles"} <= _unwanted(modules)
