"""One real snmpsim agent for the SNMP transport tests, and the two backends to run them on.

The agent serves tests/data/snmp/transport/*.snmprec (community or v3 context = file name) on
IPv4 and IPv6 loopback. snmpsim keys SNMPv3 users per engine, so each USM user gets its own
engine and UDP port in the same process.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from netops.transport.snmp import SnmpCredentials, SnmpSession, SnmpTarget

DATA = Path(__file__).parents[1] / "data" / "snmp" / "transport"

# user: (auth protocol, auth key, priv protocol, priv key), as netops names the protocols.
USERS = {
    "shaaes": ("SHA", "authpass-sha1", "AES", "privpass-aes1"),
    "md5des": ("MD5", "authpass-md5", "DES", "privpass-des1"),
    "sha256aes256": ("SHA256", "authpass-sha256", "AES256", "privpass-aes256"),
    "authonly": ("SHA", "authpass-only", None, None),
    "reeder192": ("SHA", "authpass-reeder", "AES192", "privpass-reeder"),
}


@dataclass
class Agent:
    ports: dict[str, int]  # user -> port; v1/v2c work on every port

    @property
    def port(self) -> int:
        return self.ports["shaaes"]

    def credentials(self, name: str, **changes) -> SnmpCredentials:
        """The v3 credentials of USM user `name`, with some fields changed."""
        auth, auth_key, priv, priv_key = USERS[name]
        values = dict(version="3", user=name, auth_protocol=auth, auth_key=auth_key,
                      priv_protocol=priv, priv_key=priv_key, context="public")
        values.update(changes)
        return SnmpCredentials(**values)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    async def probe() -> bool:
        target = SnmpTarget("127.0.0.1", port, timeout=0.5, retries=0)
        async with SnmpSession(target, SnmpCredentials()) as session:
            return bool(await session.get(["1.3.6.1.2.1.1.1.0"]))

    try:
        return asyncio.run(probe())
    except Exception:
        return False


@pytest.fixture(scope="session")
def agent(tmp_path_factory) -> Agent:
    workdir = tmp_path_factory.mktemp("snmp-transport")
    data = workdir / "data"
    shutil.copytree(DATA, data)
    ports = {user: free_udp_port() for user in USERS}
    snmpsim_names = {"AES": "AES", "AES256": "AES256", "DES": "DES", "AES192": "AES192"}
    args = [sys.executable, "-m", "snmpsim.commands.responder", "--cache-dir", str(workdir / "cache"),
            "--log-level", "error"]
    for user, (auth, auth_key, priv, priv_key) in USERS.items():
        args += ["--v3-engine-id", "auto", "--v3-user", user, "--v3-auth-key", auth_key, "--v3-auth-proto", auth]
        if priv:
            args += ["--v3-priv-key", priv_key, "--v3-priv-proto", snmpsim_names[priv]]
        args += ["--data-dir", str(data), f"--agent-udpv4-endpoint=127.0.0.1:{ports[user]}"]
        if user == "shaaes":
            args.append(f"--agent-udpv6-endpoint=[::1]:{ports[user]}")
    process = subprocess.Popen(args, env={**os.environ, "SNMPSIM_ALLOW_ROOT": "true"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not all(_answers(port) for port in ports.values()):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("snmpsim did not start")
            time.sleep(0.3)
        yield Agent(ports)
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(params=["fast", "pysnmp"])
def backend(request, monkeypatch) -> str:
    """Runs a test once per backend; returns the library name the session must report."""
    monkeypatch.setenv("NETOPS_SNMP_BACKEND", request.param)
    return {"fast": "net-snmp", "pysnmp": "pysnmp"}[request.param]
