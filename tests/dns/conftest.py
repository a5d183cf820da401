"""DNS test fixtures: real unbound resolvers on loopback, and the in-process faulty resolver.

unbound (Debian package, installed by tests/run.sh) runs in the foreground with a generated
config on a free loopback port and is stopped by PID. `local-zone: "." static` keeps every
question on loopback: names outside the fixture zones get NXDOMAIN, nothing is ever asked of the
Internet. DNSSEC: a zone signed here with dnspython (ECDSA P-256), one A record tampered with
after signing, served to unbound's validator through an `auth-zone` with a trust anchor.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from netops.dns.policy import DnsPolicy
from netops.lab.dns_resolver import LabResolver, Listener, Zone

HIJACK_ADDRESS = "192.0.2.99"
NAMES = ["www.example.test", "mail.example.test"]
SECURE = "www.secure.test"
BOGUS = "bogus.secure.test"


def policy(**changes: object) -> DnsPolicy:
    """The policy the tests use: fixture names, quick timeouts."""
    base: dict[str, object] = {
        "resolvers": ["127.0.0.1"],
        "names": NAMES,
        "count": 3,
        "timeout_s": 1.0,
        "tries": 2,
        "nxdomain_probe_zone": "nx.test",
        "dnssec_secure_name": SECURE,
        "dnssec_bogus_name": BOGUS,
    }
    base.update(changes)
    return DnsPolicy.model_validate(base)


def free_udp_tcp_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1 and ::1."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
        try:
            for family, kind, host in (
                (socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1"),
                (socket.AF_INET6, socket.SOCK_STREAM, "::1"),
                (socket.AF_INET6, socket.SOCK_DGRAM, "::1"),
            ):
                with socket.socket(family, kind) as sock:
                    sock.bind((host, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port")


def unbound_binary() -> str:
    found = shutil.which("unbound") or shutil.which("unbound", path="/usr/sbin:/usr/local/sbin")
    assert found, "unbound is missing: run the tests with `bash tests/run.sh`, which installs it"
    return found


def sign_zone(directory: Path) -> Path:
    """Sign secure.test, then tamper with bogus.secure.test; returns the trust anchor file."""
    import dns.dnssec
    import dns.zone
    from cryptography.hazmat.primitives.asymmetric import ec

    text = """
$TTL 300
@ SOA ns.secure.test. hostmaster.secure.test. 1 3600 600 86400 300
@ NS ns.secure.test.
ns A 127.0.0.1
www A 192.0.2.20
bogus A 192.0.2.30
"""
    zone = dns.zone.from_text(text, origin="secure.test.", relativize=False)
    key = ec.generate_private_key(ec.SECP256R1())
    dnskey = dns.dnssec.make_dnskey(
        key.public_key(), dns.dnssec.Algorithm.ECDSAP256SHA256, flags=257
    )
    with zone.writer() as txn:
        dns.dnssec.sign_zone(
            zone,
            txn=txn,
            keys=[(key, dnskey)],
            add_dnskey=True,
            dnskey_ttl=300,
            inception=time.time() - 3600,
            lifetime=30 * 86400,
        )
    signed = zone.to_text(relativize=False)
    assert "192.0.2.30" in signed
    (directory / "secure.test.zone").write_text(signed.replace("192.0.2.30", "192.0.2.66"))
    anchor = directory / "secure.test.anchor"
    anchor.write_text(f"secure.test. 300 IN DNSKEY {dnskey.to_text()}\n")
    return anchor


@dataclass
class Unbound:
    port: int
    process: subprocess.Popen
    directory: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def address6(self) -> str:
        return f"[::1]:{self.port}"


UNBOUND_BASE = """server:
  interface: 127.0.0.1
  interface: ::1
  port: {port}
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "{directory}"
  pidfile: ""
  use-syslog: no
  logfile: ""
  verbosity: 1
  num-threads: 1
  do-ip6: yes
  do-not-query-localhost: no
  module-config: "validator iterator"
  trust-anchor-file: "{anchor}"
  ede: yes
  val-log-level: 0
  local-zone: "." static
  local-zone: "example.test." static
  local-data: "www.example.test. 300 IN A 192.0.2.10"
  local-data: "mail.example.test. 300 IN A 192.0.2.11"
  local-zone: "secure.test." transparent
{extra}
auth-zone:
  name: "secure.test."
  zonefile: "{directory}/secure.test.zone"
  for-upstream: yes
  for-downstream: no
  fallback-enabled: no
"""

# What makes each unbound personality.
PERSONALITIES = {
    "good": """  access-control: 127.0.0.0/8 allow
  access-control: ::1 allow
  local-zone: "nx.test." static""",
    "hijack": f"""  access-control: 127.0.0.0/8 allow
  access-control: ::1 allow
  local-zone: "nx.test." redirect
  local-data: "nx.test. 60 IN A {HIJACK_ADDRESS}\"""",
    "refuse": """  access-control: 127.0.0.0/8 refuse
  access-control: ::1 refuse""",
}


def start_unbound(directory: Path, personality: str) -> Unbound:
    directory.mkdir(parents=True, exist_ok=True)
    anchor = sign_zone(directory)
    port = free_udp_tcp_port()
    config = directory / "unbound.conf"
    config.write_text(
        UNBOUND_BASE.format(
            port=port, directory=directory, anchor=anchor, extra=PERSONALITIES[personality]
        )
    )
    log = open(directory / "unbound.log", "wb")
    process = subprocess.Popen(
        [unbound_binary(), "-d", "-c", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Unbound(port, process, directory)
    deadline = time.monotonic() + 15
    while not _answers("127.0.0.1", port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(
                f"unbound did not start: {(directory / 'unbound.log').read_text()[-800:]}"
            )
        time.sleep(0.05)
    return server


def _answers(host: str, port: int) -> bool:
    query = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        try:
            sock.sendto(query, (host, port))
            return sock.recv(512)[:2] == b"\x12\x34"
        except OSError:
            return False


def stop(process: subprocess.Popen) -> None:
    """Stop by PID: SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture(scope="session")
def unbound_factory(tmp_path_factory) -> Iterator[Callable[[str], Unbound]]:
    """Start each unbound personality once per session, on demand."""
    started: dict[str, Unbound] = {}

    def get(personality: str) -> Unbound:
        if personality not in started:
            started[personality] = start_unbound(
                tmp_path_factory.mktemp(f"unbound-{personality}"), personality
            )
        return started[personality]

    yield get
    for server in started.values():
        stop(server.process)


@pytest.fixture(scope="session")
def unbound(unbound_factory) -> Unbound:
    return unbound_factory("good")


@pytest.fixture
def fake_resolver() -> Iterator[Callable[..., str]]:
    """In-process resolver with a fault (udp-silent, truncate, slow, refused, servfail)."""
    servers: list[LabResolver] = []

    def start(
        fault: str | None = None,
        delay_s: float = 0.0,
        names: list[str] | None = None,
        host: str = "127.0.0.1",
    ) -> str:
        port = free_udp_tcp_port()
        zone = Zone.for_names(names if names is not None else NAMES, SECURE, BOGUS)
        servers.append(LabResolver(zone, [Listener(host, port, fault, delay_s)]).start())
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    yield start
    for server in servers:
        server.stop()


def dead_address() -> str:
    """A loopback port where nothing listens (UDP silent, TCP refused)."""
    return f"127.0.0.1:{free_udp_tcp_port()}"


@pytest.fixture
def netops_cli(cli, monkeypatch, tmp_path) -> Callable[..., Any]:
    """`netops ARGS...` (the shared `cli` fixture) with a test ISP profile `dnstest`."""
    profiles = tmp_path / "profiles" / "isp"
    profiles.mkdir(parents=True)
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "profiles"))

    def invoke(*args: str, resolvers: list[str] | None = None) -> Any:
        write_isp_profile(profiles / "dnstest.yaml", resolvers or ["127.0.0.1:1"])
        return cli("--isp", "dnstest", *args)

    return invoke


def write_isp_profile(path: Path, resolvers: list[str]) -> None:
    """The shipped Netcenter profile with the test resolvers and names in its dns section."""
    import yaml

    from netops.profiles import builtin_profiles_dir

    data = yaml.safe_load((builtin_profiles_dir() / "isp" / "netcenter.yaml").read_text())
    data.update(id="dnstest", name="DNS test ISP", dns=policy(resolvers=resolvers).model_dump())
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
