"""Verdict wording for cases the servers make hard to reach (pure functions, no network)."""

from __future__ import annotations

from netops.dns import verdicts
from netops.errors import DeviceTimeout, DeviceUnreachable
from netops.results import Status
from netops.transport.dns import Reply


def reply(rcode="NOERROR", records=("192.0.2.1",), flags=("QR", "RD", "RA"), edns=0, ms=1.0):
    return Reply(
        rcode,
        frozenset(flags),
        tuple(records),
        len(records),
        edns,
        1232 if edns >= 0 else 0,
        (),
        ms,
        "udp",
    )


def test_issue_wording_for_a_firewall_dropping_udp():
    lost = [DeviceTimeout("x")] * 3
    result = verdicts.udp_check(lost, reply(), 2.0)
    assert (
        result.summary
        == "no answer over UDP in 2.0 s (3 of 3 lost); TCP answers — a firewall is dropping UDP 53"
    )


def test_tcp_refused_while_udp_works_is_a_warning():
    result = verdicts.tcp_check(
        DeviceUnreachable("127.0.0.1:53: TCP connection refused"), True, 2.0
    )
    assert result.status is Status.WARNING
    assert result.summary.startswith("TCP 53 connection refused — large answers")


def test_partial_loss_is_a_warning():
    result = verdicts.latency_check([reply(ms=1.0), DeviceTimeout("x"), reply(ms=3.0)], 150)
    assert result.status is Status.WARNING
    assert result.summary == "1 of 3 queries lost (33%); median 2.0 ms (min 1.0, max 3.0)"
    assert result.measurements["loss"] == 0.333


def test_dnssec_resolver_accepting_broken_signatures():
    found = verdicts.DnssecOutcomes("good.test", reply(flags=("QR", "AD")), "bad.test", reply())
    result = verdicts.dnssec_check(found, 2.0, required=False)
    assert result.status is Status.WARNING
    assert "accepts the broken signatures of bad.test" in result.summary


def test_dnssec_servfail_even_with_cd_is_an_outage():
    found = verdicts.DnssecOutcomes(
        "good.test",
        reply(flags=("QR", "AD")),
        "bad.test",
        reply("SERVFAIL", ()),
        reply("SERVFAIL", ()),
    )
    result = verdicts.dnssec_check(found, 2.0, required=False)
    assert result.status is Status.WARNING
    assert "that SERVFAIL is an outage, not validation" in result.summary


def test_not_validating_is_fine_unless_required():
    found = verdicts.DnssecOutcomes("good.test", reply())
    assert verdicts.dnssec_check(found, 2.0, required=False).status is Status.OK
    assert verdicts.dnssec_check(found, 2.0, required=True).status is Status.WARNING


def test_timeouts_and_rcodes_are_named_distinctly():
    results = {
        "a.test": DeviceTimeout("x"),
        "b.test": reply("SERVFAIL", ()),
        "c.test": reply("REFUSED", ()),
        "d.test": reply("NXDOMAIN", ()),
        "e.test": reply(records=()),
    }
    summary = verdicts.names_check(results, 2.0).summary
    assert "a.test: no answer in 2.0 s" in summary
    assert "b.test: SERVFAIL" in summary
    assert "c.test: REFUSED" in summary
    assert "d.test: does not exist (NXDOMAIN)" in summary
    assert "e.test: no address (empty answer)" in summary


def test_a_check_that_could_not_be_made_is_a_warning_overall():
    from netops.dns.check import DnsReport, ResolverReport, consistency
    from netops.dns.targets import Resolver
    from netops.results import CheckResult

    answers = {"a.test": reply()}
    checks = [CheckResult("udp", Status.OK, "ok"), CheckResult("nxdomain", Status.UNKNOWN, "could not")]
    report = ResolverReport(Resolver("192.0.2.53"), checks, {"sent": 1, "received": 1, "truncated": 0},
                            {"answered": True}, None, 0.0, answers)
    overall = DnsReport([report], consistency([report], ["a.test"]), ["a.test"])
    assert report.status is Status.UNKNOWN
    assert overall.status is Status.WARNING  # exit 3 is only for a command that could not run
