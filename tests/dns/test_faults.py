"""Faults a real resolver will not produce, from the in-process lab resolver on loopback."""

from __future__ import annotations

from netops.dns.check import check_resolvers, make_plan
from netops.results import Status

from .conftest import policy


def checks_of(report, index=0):
    return {check.name: check for check in report.resolvers[index].checks}


def test_udp_dropped_but_tcp_answers_names_the_firewall(fake_resolver):
    address = fake_resolver("udp-silent")
    report = check_resolvers(make_plan(policy(count=3, timeout_s=0.5), [address]))
    udp = checks_of(report)["udp"]
    assert udp.status is Status.CRITICAL
    port = address.rsplit(":", 1)[1]
    assert udp.summary == (
        f"no answer over UDP in 0.5 s (3 of 3 lost); TCP answers — a firewall is dropping UDP {port}"
    )
    resolver = report.resolvers[0]
    assert resolver.summary.startswith(
        f"{address}: no answer over UDP in 0.5 s (3 of 3 lost); TCP answers"
    )
    assert resolver.loss == 1.0 and resolver.latency is None
    # Everything else is still asked, over TCP.
    names = checks_of(report)["names"]
    assert names.status is Status.OK
    assert {m["transport"] for m in names.measurements.values()} == {"tcp"}
    assert report.status is Status.CRITICAL  # customers' devices ask over UDP


def test_udp_dropped_on_the_secondary_only_is_a_warning(fake_resolver):
    good, silent = fake_resolver(), fake_resolver("udp-silent")
    report = check_resolvers(make_plan(policy(timeout_s=0.5), [good, silent]))
    assert report.status is Status.WARNING
    assert report.summary.startswith(
        f"1 of 2 resolvers with problems: {silent}: no answer over UDP"
    )


def test_truncated_udp_answers_fall_back_to_tcp(fake_resolver):
    report = check_resolvers(make_plan(policy(), [fake_resolver("truncate")]))
    checks = checks_of(report)
    assert checks["udp"].status is Status.WARNING
    assert checks["udp"].summary.startswith("every UDP answer is truncated (TC)")
    assert checks["names"].status is Status.OK
    assert {m["transport"] for m in checks["names"].measurements.values()} == {"tcp"}
    assert report.resolvers[0].udp["truncated"] == 3


def test_slow_answers_warn_with_the_median(fake_resolver):
    address = fake_resolver("slow", delay_s=0.12)
    report = check_resolvers(make_plan(policy(latency_warning_ms=50), [address]))
    latency = checks_of(report)["latency"]
    assert latency.status is Status.WARNING
    assert latency.summary.startswith("slow: median 1")
    assert "above 50 ms" in latency.summary
    assert report.resolvers[0].latency["min"] >= 120


def test_answers_slower_than_the_timeout_are_lost(fake_resolver):
    address = fake_resolver("slow", delay_s=0.8)
    report = check_resolvers(make_plan(policy(count=2, timeout_s=0.3, tries=1), [address]))
    udp = checks_of(report)["udp"]
    assert udp.status is Status.CRITICAL
    assert udp.summary.startswith("no answer over UDP in 0.3 s (2 of 2 lost)")
    assert report.status is Status.CRITICAL


def test_servfail_for_every_name_is_critical(fake_resolver):
    report = check_resolvers(make_plan(policy(), [fake_resolver("servfail")]))
    names = checks_of(report)["names"]
    assert names.status is Status.CRITICAL
    assert names.summary.startswith("resolves none of the test names — www.example.test: SERVFAIL")
    assert report.status is Status.CRITICAL


def test_refused_is_not_servfail(fake_resolver):
    report = check_resolvers(make_plan(policy(), [fake_resolver("refused")]))
    names = checks_of(report)["names"]
    assert names.summary.startswith("REFUSED for all 2 test names")
    assert names.hint


def test_resolver_ignoring_edns(fake_resolver):
    report = check_resolvers(make_plan(policy(), [fake_resolver("no-edns")]))
    edns = checks_of(report)["edns"]
    assert edns.status is Status.WARNING
    assert edns.summary.startswith("ignores EDNS (no OPT record in the answer)")


def test_recursion_not_available(fake_resolver):
    report = check_resolvers(make_plan(policy(), [fake_resolver("no-recursion")]))
    recursion = checks_of(report)["recursion"]
    assert recursion.status is Status.WARNING
    assert "RA flag off" in recursion.summary


def test_lab_resolver_plays_a_validating_resolver(fake_resolver):
    report = check_resolvers(make_plan(policy(), [fake_resolver()]))
    assert checks_of(report)["dnssec"].status is Status.OK
    assert report.status is Status.OK


def test_ipv6_fake_resolver(fake_resolver):
    address = fake_resolver(host="::1")
    report = check_resolvers(make_plan(policy(), [address]))
    assert report.status is Status.OK
    assert report.resolvers[0].resolver.address == "::1"


def test_black_hole_resolver_costs_about_timeout_times_tries(fake_resolver):
    import time

    good, hole = fake_resolver(), fake_resolver("silent")
    plan = make_plan(policy(count=5, timeout_s=1.0, tries=2), [good, hole])
    started = time.monotonic()
    report = check_resolvers(plan)
    elapsed = time.monotonic() - started
    checks = checks_of(report, 1)
    assert checks["udp"].summary == "no answer over UDP in 1.0 s (5 of 5 lost)"
    assert checks["tcp"].summary == f"no answer over TCP {hole.rsplit(':', 1)[1]} in 1.0 s"
    assert report.status is Status.WARNING
    # timeout x tries = 2 s; asking one question after the other would take 5 + 2 = 7 s.
    assert elapsed < 3.5
