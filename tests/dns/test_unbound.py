"""Against real unbound on loopback: healthy, hijacking, refusing, DNSSEC secure and bogus."""

from __future__ import annotations

from netops.dns.check import check_resolvers, make_plan
from netops.results import Status

from .conftest import BOGUS, HIJACK_ADDRESS, SECURE, dead_address, policy


def by_name(report, index=0):
    return {check.name: check for check in report.resolvers[index].checks}


def test_healthy_resolver_passes_every_check(unbound):
    report = check_resolvers(make_plan(policy(), [unbound.address]))
    checks = by_name(report)
    assert [c for c in checks.values() if c.status is not Status.OK] == []
    assert set(checks) == {
        "udp",
        "tcp",
        "latency",
        "names",
        "recursion",
        "nxdomain",
        "edns",
        "dnssec",
    }
    assert report.status is Status.OK
    resolver = report.resolvers[0]
    assert resolver.udp == {"answered": True, "sent": 3, "received": 3, "truncated": 0}
    assert resolver.tcp["answered"] is True
    assert resolver.loss == 0.0
    assert resolver.latency["min"] <= resolver.latency["median"] <= resolver.latency["max"]
    assert checks["names"].measurements["www.example.test"]["records"] == ["192.0.2.10"]
    assert checks["edns"].measurements["udp_payload"] > 0


def test_dnssec_secure_gets_ad_bogus_gets_servfail_and_cd_reads_it(unbound):
    report = check_resolvers(make_plan(policy(), [unbound.address]))
    dnssec = by_name(report)["dnssec"]
    assert dnssec.status is Status.OK
    assert dnssec.summary == (
        f"validates DNSSEC: {SECURE} is secure (AD), {BOGUS} is rejected (SERVFAIL) and readable with CD"
    )
    assert report.resolvers[0].validates is True


def test_bogus_name_as_test_name_is_a_servfail_with_the_dnssec_reason(unbound):
    report = check_resolvers(
        make_plan(policy(), [unbound.address], names=["www.example.test", BOGUS])
    )
    names = by_name(report)["names"]
    assert names.status is Status.WARNING
    assert f"{BOGUS}: SERVFAIL" in names.summary
    assert "DNSSEC Bogus" in names.summary  # unbound's extended DNS error 6
    assert "(1 of 2 resolved)" in names.summary


def test_nxdomain_and_nodata_are_told_apart(unbound):
    report = check_resolvers(
        make_plan(policy(), [unbound.address], names=["missing.example.test", "www.example.test"])
    )
    names = by_name(report)["names"]
    assert "missing.example.test: does not exist (NXDOMAIN)" in names.summary
    assert names.measurements["missing.example.test"]["rcode"] == "NXDOMAIN"


def test_ipv6_resolver_address(unbound):
    report = check_resolvers(make_plan(policy(), [unbound.address6]))
    assert report.status is Status.OK
    assert report.to_dict()["resolvers"][0]["address"] == "::1"
    assert report.to_dict()["resolvers"][0]["port"] == unbound.port


def test_nxdomain_hijacking_is_a_warning(unbound_factory):
    hijacker = unbound_factory("hijack")
    report = check_resolvers(make_plan(policy(), [hijacker.address]))
    nxdomain = by_name(report)["nxdomain"]
    assert nxdomain.status is Status.WARNING
    assert nxdomain.summary.startswith("NXDOMAIN hijacking: the nonexistent name netops-nx-")
    assert HIJACK_ADDRESS in nxdomain.summary
    assert report.status is Status.WARNING


def test_refused_by_access_control_is_critical_and_says_so(unbound_factory):
    refuser = unbound_factory("refuse")
    report = check_resolvers(make_plan(policy(), [refuser.address]))
    names = by_name(report)["names"]
    assert names.status is Status.CRITICAL
    assert names.summary.startswith("REFUSED for all 2 test names")
    assert report.status is Status.CRITICAL  # the only resolver serves nobody


def test_one_dead_resolver_of_two_is_a_warning_and_costs_one_timeout(unbound):
    import time

    dead = dead_address()
    started = time.monotonic()
    report = check_resolvers(
        make_plan(policy(count=5, timeout_s=1.0, tries=2), [unbound.address, dead])
    )
    elapsed = time.monotonic() - started
    assert report.status is Status.WARNING
    assert (
        report.resolvers[1].summary
        == f"{dead}: does not answer over UDP or TCP — resolver down or unreachable from here"
    )
    assert report.resolvers[1].status is Status.CRITICAL
    # Sequential questions would take count x timeout = 5 s for the UDP series alone.
    assert elapsed < 3.5


def test_no_resolver_answering_is_critical():
    report = check_resolvers(make_plan(policy(timeout_s=0.5), [dead_address(), dead_address()]))
    assert report.status is Status.CRITICAL
    assert report.summary.startswith("no resolver answers usefully (2 checked)")


def test_consistent_resolvers(unbound):
    report = check_resolvers(make_plan(policy(), [unbound.address, unbound.address6]))
    assert report.consistency.status is Status.OK
    assert "agree on all 2 test names" in report.consistency.summary


def test_inconsistent_answers_are_a_warning(unbound, fake_resolver):
    other = fake_resolver(names=["www.example.test"])  # knows nothing of mail.example.test
    report = check_resolvers(make_plan(policy(), [unbound.address, other]))
    assert report.consistency.status is Status.WARNING
    assert "disagree on mail.example.test" in report.consistency.summary
    assert report.status is Status.WARNING


def test_different_dnssec_behaviour_is_inconsistent(unbound, fake_resolver):
    # The fake resolver plays validator only for names it knows; without the secure name it
    # answers NXDOMAIN, so it cannot be judged; with a plain zone it does not set AD.
    from netops.lab.dns_resolver import LabResolver, Listener, Zone

    from .conftest import NAMES, free_udp_tcp_port

    port = free_udp_tcp_port()
    zone = Zone.for_names([*NAMES, SECURE])  # knows the signed name, does not validate
    server = LabResolver(zone, [Listener("127.0.0.1", port)]).start()
    try:
        report = check_resolvers(make_plan(policy(), [unbound.address, f"127.0.0.1:{port}"]))
    finally:
        server.stop()
    assert report.consistency.status is Status.WARNING
    assert f"only {unbound.address} validates DNSSEC" in report.consistency.summary
