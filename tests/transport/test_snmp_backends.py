"""One suite, both SNMP backends (net-snmp and pysnmp), against a real snmpsim agent.

Expected values are worked by hand from tests/data/snmp/transport/*.snmprec; every v1/v2c test
runs once per backend and first checks that the backend asked for is the one that answered.
SNMPv3 is always pysnmp's (snmp_netsnmp.unsupported says why), so its tests check that too.
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from netops.errors import AuthError, ConfigError, DeviceTimeout, DeviceUnreachable, ProtocolError
from netops.transport.snmp import SnmpCredentials, SnmpSession, SnmpTarget, parse_oid

pytestmark = pytest.mark.integration

TYPES = {  # public.snmprec, OID -> the Python value netops must return
    "1.3.6.1.2.1.1.1.0": b"Linux test box",
    "1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.8072.3.2.10",
    "1.3.6.1.2.1.1.3.0": 123456,
    "1.3.6.1.2.1.1.5.0": "ão paulo".encode(),  # UTF-8 stays raw bytes: decoding is not ours
    "1.3.6.1.4.1.9999.1.1": bytes.fromhex("48575443a1b2c3d4"),
    "1.3.6.1.4.1.9999.1.2": b'\x00\xff\n\r"',
    "1.3.6.1.4.1.9999.1.3": -2147483648,
    "1.3.6.1.4.1.9999.1.4": 2147483647,
    "1.3.6.1.4.1.9999.1.5": "10.1.2.3",
    "1.3.6.1.4.1.9999.1.6": 4294967295,
    "1.3.6.1.4.1.9999.1.7": 42,
    "1.3.6.1.4.1.9999.1.8": 18446744073709551615,
    "1.3.6.1.4.1.9999.1.9": b"\x01\x02",
    "1.3.6.1.4.1.9999.1.10": b"",
    "1.3.6.1.4.1.9999.1.11": 0,
}
TABLE = "1.3.6.1.4.1.9999.2.1"  # ten rows, .1 .. .10 = 1 .. 10, then another column


def run(target: SnmpTarget, credentials: SnmpCredentials, backend: str, work):
    async def main():
        async with SnmpSession(target, credentials) as session:
            assert session.backend == backend
            return await work(session)

    return asyncio.run(main())


def v2c(agent, backend, work, version="2c", community="public", host="127.0.0.1"):
    return run(SnmpTarget(host, agent.port, timeout=1, retries=0), SnmpCredentials(version, community), backend, work)


def test_every_type_reads_as_python_values(agent, backend):
    assert v2c(agent, backend, lambda s: s.get(list(TYPES))) == TYPES


def test_missing_oids_are_absent_not_errors(agent, backend):
    wanted = ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.99.0", "1.3.6.1.4.1.9999.1.7"]
    expected = {"1.3.6.1.2.1.1.1.0": b"Linux test box", "1.3.6.1.4.1.9999.1.7": 42}
    assert v2c(agent, backend, lambda s: s.get(wanted)) == expected
    # SNMPv1 fails the whole request with noSuchName; the OIDs that exist are still read.
    assert v2c(agent, backend, lambda s: s.get(wanted), version="1") == expected


@pytest.mark.parametrize("version", ["1", "2c"])
def test_walk_returns_exactly_the_subtree(agent, backend, version):
    rows = v2c(agent, backend, lambda s: s.walk(TABLE, max_repetitions=4), version=version)
    assert rows == [(parse_oid(f"{TABLE}.{i}"), i) for i in range(1, 11)]
    last = v2c(agent, backend, lambda s: s.walk("1.3.6.1.4.1.9999.9"), version=version)  # end of MIB
    assert last == [(parse_oid("1.3.6.1.4.1.9999.9.1"), b"last record")]


def test_the_last_getbulk_asks_only_for_the_rows_left(agent, backend):
    async def walk(session, **kwargs):
        before = session.requests
        rows = await session.walk(TABLE, max_repetitions=4, **kwargs)
        return rows, session.requests - before, session.values

    unsized, requests, values = v2c(agent, backend, lambda s: walk(s))
    assert (requests, values) == (3, 12)  # 4 + 4 + 4 values for 10 rows
    sized, requests, values = v2c(agent, backend, lambda s: walk(s, expected_rows=10))
    assert sized == unsized and (requests, values) == (3, 11)  # 4 + 4 + (2 left + 1 to see the end)
    fewer, _, _ = v2c(agent, backend, lambda s: walk(s, expected_rows=3))
    assert fewer == unsized  # a wrong expectation costs requests, never rows


@pytest.fixture
def v3(monkeypatch) -> str:
    """SNMPv3 always runs on pysnmp (see snmp_netsnmp.unsupported), also under `auto`."""
    monkeypatch.setenv("NETOPS_SNMP_BACKEND", "auto")
    return "pysnmp"


@pytest.mark.parametrize("user", ["shaaes", "md5des", "sha256aes256", "authonly", "reeder192"])
def test_snmpv3_users_and_context(agent, v3, user):
    target = SnmpTarget("127.0.0.1", agent.ports[user], timeout=1, retries=0)
    descr = ["1.3.6.1.2.1.1.1.0"]
    assert run(target, agent.credentials(user), v3, lambda s: s.get(descr)) == {descr[0]: b"Linux test box"}
    other = run(target, agent.credentials(user, context="olt7"), v3, lambda s: s.get(descr))
    assert other == {descr[0]: b"context olt7"}
    rows = run(target, agent.credentials(user), v3, lambda s: s.walk(TABLE, 4, expected_rows=10))
    assert [value for _, value in rows] == list(range(1, 11))


def test_forcing_net_snmp_for_v3_says_why_it_cannot(agent, monkeypatch):
    monkeypatch.setenv("NETOPS_SNMP_BACKEND", "fast")
    target = SnmpTarget("127.0.0.1", agent.port, timeout=1, retries=0)
    with pytest.raises(ConfigError, match="SNMPv3 is read through pysnmp"):
        run(target, agent.credentials("shaaes"), "net-snmp", lambda s: s.get(["1.3.6.1.2.1.1.1.0"]))


def test_ipv6(agent, backend):
    descr = {"1.3.6.1.2.1.1.1.0": b"Linux test box"}
    assert v2c(agent, backend, lambda s: s.get(list(descr)), host="::1") == descr
    # (snmpsim refuses GETBULK on its IPv6 endpoint with authorizationError: walk with GETNEXT)
    rows = v2c(agent, backend, lambda s: s.walk(TABLE, 25), version="1", host="::1")
    assert [value for _, value in rows] == list(range(1, 11))


def test_ipv6_v3(agent, v3):
    target = SnmpTarget("::1", agent.port, timeout=1, retries=0)
    descr = {"1.3.6.1.2.1.1.1.0": b"Linux test box"}
    assert run(target, agent.credentials("shaaes"), v3, lambda s: s.get(list(descr))) == descr


def test_auto_prefers_net_snmp(agent, monkeypatch):
    monkeypatch.setenv("NETOPS_SNMP_BACKEND", "auto")
    assert v2c(agent, "net-snmp", lambda s: s.get(["1.3.6.1.2.1.1.1.0"]))


def test_unknown_backend_name_is_a_config_error(agent, monkeypatch):
    monkeypatch.setenv("NETOPS_SNMP_BACKEND", "turbo")
    with pytest.raises(ConfigError, match="NETOPS_SNMP_BACKEND='turbo' is not a known SNMP backend"):
        v2c(agent, "net-snmp", lambda s: s.get(["1.3.6.1.2.1.1.1.0"]))


# -- errors: the same class and the same words on both backends ---------------------------------


@pytest.fixture
def silent_port():
    """A UDP port where a socket listens and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_silence_is_a_timeout_after_every_try(backend, silent_port):
    target = SnmpTarget("127.0.0.1", silent_port, timeout=0.3, retries=1, name="OLT x")
    with pytest.raises(DeviceTimeout) as caught:
        run(target, SnmpCredentials(), backend, lambda s: s.get(["1.3.6.1.2.1.1.1.0"]))
    assert caught.value.message == f"OLT x (127.0.0.1:{silent_port}) did not answer SNMP within 0.3 s × 2 tries"


def test_v3_silence_is_the_same_timeout(v3, silent_port):
    target = SnmpTarget("127.0.0.1", silent_port, timeout=0.3, retries=1, name="OLT x")
    credentials = SnmpCredentials("3", user="shaaes", auth_protocol="SHA", auth_key="authpass-sha1")
    with pytest.raises(DeviceTimeout, match=r"did not answer SNMP within 0.3 s × 2 tries$"):
        run(target, credentials, v3, lambda s: s.get(["1.3.6.1.2.1.1.1.0"]))


def test_a_wrong_community_gets_no_answer(agent, backend):
    with pytest.raises(DeviceTimeout):
        v2c(agent, backend, lambda s: s.get(["1.3.6.1.2.1.1.1.0"]), community="not-this-one")


@pytest.mark.parametrize(("change", "reason"), [
    ({"user": "intruder"}, "unknown v3 user"),
    ({"auth_key": "wrong-auth-key"}, "wrong authentication key or protocol"),
    ({"priv_key": "wrong-priv-key"}, "wrong privacy key or protocol"),
    ({"priv_protocol": None, "priv_key": None}, "security level not accepted for this user"),
])
def test_refused_v3_credentials_are_auth_errors(agent, v3, change, reason):
    target = SnmpTarget("127.0.0.1", agent.port, timeout=1, retries=0)
    with pytest.raises(AuthError) as caught:
        run(target, agent.credentials("shaaes", **change), v3, lambda s: s.get(["1.3.6.1.2.1.1.1.0"]))
    assert caught.value.message == f"127.0.0.1:{agent.port} refused the SNMP credentials: {reason}"


def test_a_name_that_does_not_resolve_is_unreachable(backend):
    target = SnmpTarget("olt.invalid", 161, timeout=0.3, retries=0)
    with pytest.raises(DeviceUnreachable, match=r"cannot reach olt.invalid:161 over SNMP: the name does not resolve"):
        run(target, SnmpCredentials(), backend, lambda s: s.get(["1.3.6.1.2.1.1.1.0"]))


def test_an_error_status_is_worded_the_same(agent, backend):
    with pytest.raises(AuthError, match=rf"^127.0.0.1:{agent.port} refused SNMP access: authorizationError$"):
        v2c(agent, backend, lambda s: s.get(["1.3.6.1.4.1.9999.3.3"]))
    with pytest.raises(AuthError, match="authorizationError"):
        v2c(agent, backend, lambda s: s.walk("1.3.6.1.4.1.9999.3"))


@pytest.mark.parametrize("version", ["1", "2c"])
def test_oids_going_backwards_are_a_protocol_error(agent, backend, version):
    """unsorted.snmprec makes snmpsim answer 5.1, 5.5, 5.3...: never a silently short walk."""
    with pytest.raises(ProtocolError, match=r"returned OIDs out of order while walking 1.3.6.1.4.1.9999.5$"):
        v2c(agent, backend, lambda s: s.walk("1.3.6.1.4.1.9999.5"), version=version, community="unsorted")
