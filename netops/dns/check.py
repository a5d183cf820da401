"""`netops dns check`: every resolver checked at once, then compared, then one verdict.

Resolvers run in parallel, and so do the questions to each one; every question has a timeout and
a bounded number of tries. A dead resolver costs about `timeout x tries`, never the sum of its
questions: its UDP timing series is spaced, not sequential, and nothing more is asked of it once
neither UDP nor TCP answered.

Overall: CRITICAL when no resolver serves names over UDP (customers cannot resolve), WARNING when
one resolver fails or any check degrades or could not be made (the other still serves), OK
otherwise. UNKNOWN (exit 3) is left for a command that could not run: bad input or configuration.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from netops.dns import verdicts
from netops.dns.asking import Asker, Outcome, latency_ms, loss, replies
from netops.dns.policy import DnsPolicy
from netops.dns.targets import Resolver, check_names, parse_resolvers
from netops.errors import InputError, NetopsError
from netops.i18n import L_, joined
from netops.results import CheckResult, Status, worst
from netops.transport.dns import Reply

MAX_COUNT = 100
MAX_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Plan:
    """Everything one run needs, validated: the profile's policy with the command line on top."""

    resolvers: list[Resolver]
    names: list[str]
    count: int
    timeout: float
    tries: int
    latency_warning_ms: float
    nxdomain_probe: str
    dnssec_secure_name: str | None = None
    dnssec_bogus_name: str | None = None
    dnssec_required: bool = False


def make_plan(
    policy: DnsPolicy,
    resolvers: list[str] | None = None,
    names: list[str] | None = None,
    count: int | None = None,
    timeout: float | None = None,
) -> Plan:
    """Combine the ISP policy with what the technician typed; bad input is an InputError."""
    count = policy.count if count is None else count
    timeout = policy.timeout_s if timeout is None else timeout
    if count < 1 or count > MAX_COUNT:
        raise InputError(L_("--count must be between 1 and {MAX_COUNT} (got {count})", MAX_COUNT=MAX_COUNT, count=count))
    if not timeout > 0 or timeout > MAX_TIMEOUT_S:
        raise InputError(
            L_("--timeout must be more than 0 and at most {MAX_TIMEOUT_S:g} seconds (got {timeout:g})", MAX_TIMEOUT_S=MAX_TIMEOUT_S, timeout=timeout)
        )
    return Plan(
        resolvers=parse_resolvers(resolvers or policy.resolvers),
        names=check_names(names) if names else list(policy.names),
        count=count,
        timeout=float(timeout),
        tries=policy.tries,
        latency_warning_ms=policy.latency_warning_ms,
        nxdomain_probe=f"netops-nx-{secrets.token_hex(6)}.{policy.nxdomain_probe_zone}",
        dnssec_secure_name=policy.dnssec_secure_name,
        dnssec_bogus_name=policy.dnssec_bogus_name,
        dnssec_required=policy.dnssec_required,
    )


@dataclass
class ResolverReport:
    resolver: Resolver
    checks: list[CheckResult[Any]]
    udp: dict[str, Any]
    tcp: dict[str, Any]
    latency: dict[str, float] | None
    loss: float
    answers: dict[str, Outcome] = field(default_factory=dict)
    validates: bool | None = None

    @property
    def status(self) -> Status:
        return worst(check.status for check in self.checks)

    @property
    def answers_udp(self) -> bool:
        return bool(self.udp.get("received"))

    @property
    def serves(self) -> bool:
        """Customers can use it: answers over UDP and resolves at least one test name."""
        return self.answers_udp and any(verdicts.resolved(o) for o in self.answers.values())

    @property
    def summary(self) -> str:
        text: str
        if not self.udp.get("received") and not self.tcp.get("answered"):
            text = L_("does not answer over UDP or TCP — resolver down or unreachable from here")
        elif self.status is Status.OK:
            median = self.latency["median"] if self.latency else None
            text = (L_("healthy — resolves all {count} test names, median {median:.1f} ms", count=len(self.answers), median=median)
                    if median is not None else L_("healthy — resolves all {count} test names", count=len(self.answers)))
        else:
            problems = sorted(
                (c for c in self.checks if c.status is not Status.OK),
                key=lambda c: -c.status.severity,
            )
            text = problems[0].summary
            if len(problems) > 1:
                text = L_("{summary} (+{count} more: {checks})", summary=text, count=len(problems) - 1, checks=', '.join(c.name for c in problems[1:]))
        return L_("{resolver}: {text}", resolver=str(self.resolver), text=text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "address": self.resolver.address,
            "port": self.resolver.port,
            "status": self.status.label,
            "summary": self.summary,
            "udp": self.udp,
            "tcp": self.tcp,
            "latency_ms": self.latency,
            "loss": self.loss,
            "checks": [check.to_dict() for check in self.checks],
        }


@dataclass
class DnsReport:
    resolvers: list[ResolverReport]
    consistency: CheckResult[Any]
    names: list[str]

    @property
    def status(self) -> Status:
        if not any(report.serves for report in self.resolvers):
            return Status.CRITICAL
        statuses = [*(r.status for r in self.resolvers), self.consistency.status]
        return Status.OK if all(s is Status.OK for s in statuses) else Status.WARNING

    @property
    def summary(self) -> str:
        total = len(self.resolvers)
        if self.status is Status.CRITICAL:
            return L_("no resolver answers usefully ({total} checked) — customers cannot resolve names: {summaries}",
                      total=total, summaries=joined([r.summary for r in self.resolvers]))
        troubled = [r for r in self.resolvers if r.status is not Status.OK]
        if troubled:
            summaries = joined([r.summary for r in troubled])
            if total > 1:
                return L_("{count} of {total} resolvers with problems: {summaries}", count=len(troubled), total=total, summaries=summaries)
            return L_("the resolver with problems: {summaries}", summaries=summaries)
        if self.consistency.status is not Status.OK:
            return self.consistency.summary
        if total == 1:
            return self.resolvers[0].summary
        speeds = joined([
            L_("{resolver} median {median:.1f} ms", resolver=str(r.resolver), median=r.latency["median"]) if r.latency else str(r.resolver)
            for r in self.resolvers
        ], ", ")
        return L_("all {total} resolvers healthy and consistent ({speeds})", total=total, speeds=speeds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "resolvers": [report.to_dict() for report in self.resolvers],
            "consistency": {
                "status": self.consistency.status.label,
                "summary": self.consistency.summary,
                **self.consistency.measurements,
            },
            "names": self.names,
            "status": self.status.label,
            "summary": self.summary,
        }

    @property
    def result(self) -> CheckResult[DnsReport]:
        """The report as one check: the resolvers checked, flags naming the troubled ones."""
        flags = [f"resolver_{r.status.label}" for r in self.resolvers if r.status is not Status.OK]
        if self.consistency.status is not Status.OK:
            flags.append("inconsistent")
        return CheckResult("dns", self.status, self.summary,
                           measurements={"resolvers": [str(r.resolver) for r in self.resolvers]},
                           flags=sorted(set(flags)), detail=self)


def check_resolvers(
    plan: Plan, on_done: Callable[[ResolverReport], None] | None = None
) -> DnsReport:
    """Check every resolver of the plan in parallel, then compare their answers."""
    with ThreadPoolExecutor(max_workers=len(plan.resolvers), thread_name_prefix="dns") as pool:
        futures = [pool.submit(check_resolver, plan, resolver) for resolver in plan.resolvers]
        for future in as_completed(futures):
            if on_done:
                on_done(future.result())
        reports = [future.result() for future in futures]  # primary first, as given
    return DnsReport(reports, consistency(reports, plan.names), plan.names)


def check_resolver(plan: Plan, resolver: Resolver) -> ResolverReport:
    asker = Asker(resolver, plan.timeout, plan.tries)
    workers = plan.count + len(plan.names) + 6
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"dns-{resolver}") as pool:
        probe = plan.names[0]
        tcp_future = pool.submit(asker.ask, probe, tcp=True)
        udp = asker.series(pool, probe, plan.count)
        tcp = tcp_future.result()
        udp_info = {
            "answered": bool(replies(udp)),
            "sent": len(udp),
            "received": len(replies(udp)),
            "truncated": sum(reply.truncated for reply in replies(udp)),
        }
        tcp_info = _tcp_info(tcp)
        checks = [
            verdicts.udp_check(udp, tcp, plan.timeout, resolver.port),
            verdicts.tcp_check(tcp, bool(replies(udp)), plan.timeout, resolver.port),
        ]
        report = ResolverReport(resolver, checks, udp_info, tcp_info, latency_ms(udp), loss(udp))
        if not replies(udp) and not isinstance(tcp, Reply):
            return report  # dead: nothing more to ask
        use_tcp = not replies(udp)
        names = {name: pool.submit(_ask_name, asker, name, use_tcp) for name in plan.names}
        nxdomain = pool.submit(asker.ask, plan.nxdomain_probe, tcp=use_tcp)
        edns = pool.submit(asker.ask, probe, tcp=use_tcp, edns=True)
        dnssec = pool.submit(_dnssec, asker, plan, use_tcp) if plan.dnssec_secure_name else None
        report.answers = {name: future.result() for name, future in names.items()}
        if replies(udp):
            checks.append(verdicts.latency_check(udp, plan.latency_warning_ms))
        checks.append(verdicts.names_check(report.answers, plan.timeout))
        recursion = verdicts.recursion_check([*report.answers.values(), *udp])
        if recursion:
            checks.append(recursion)
        checks.append(verdicts.nxdomain_check(plan.nxdomain_probe, nxdomain.result(), plan.timeout))
        checks.append(verdicts.edns_check(edns.result(), plan.timeout))
        if dnssec is not None:
            found = dnssec.result()
            report.validates = verdicts.validates(found)
            checks.append(verdicts.dnssec_check(found, plan.timeout, plan.dnssec_required))
    return report


def _ask_name(asker: Asker, name: str, tcp: bool) -> Outcome:
    """With EDNS, so SERVFAILs carry their reason (extended DNS errors); plain if EDNS is refused."""
    outcome = asker.ask(name, tcp=tcp, edns=True)
    if isinstance(outcome, Reply) and outcome.rcode in ("FORMERR", "NOTIMP", "BADVERS"):
        return asker.ask(name, tcp=tcp)
    return outcome


def _tcp_info(tcp: Outcome) -> dict[str, Any]:
    if isinstance(tcp, Reply):
        return {"answered": True, "time_ms": round(tcp.elapsed_ms, 3), "rcode": tcp.rcode}
    assert isinstance(tcp, NetopsError)
    return {"answered": False, "error": tcp.code, "detail": tcp.message}


def _dnssec(asker: Asker, plan: Plan, tcp: bool) -> verdicts.DnssecOutcomes:
    """Signed name with DO; if it validated, the broken name, then the broken name with CD."""
    assert plan.dnssec_secure_name is not None
    secure = asker.ask(plan.dnssec_secure_name, tcp=tcp, dnssec=True)
    found = verdicts.DnssecOutcomes(plan.dnssec_secure_name, secure)
    bad = plan.dnssec_bogus_name
    if bad is None or not (isinstance(secure, Reply) and "AD" in secure.flags):
        return found
    bogus = asker.ask(bad, tcp=tcp, dnssec=True)
    bogus_cd = None
    if isinstance(bogus, Reply) and bogus.rcode == "SERVFAIL":
        bogus_cd = asker.ask(bad, tcp=tcp, dnssec=True, checking_disabled=True)
    return verdicts.DnssecOutcomes(plan.dnssec_secure_name, secure, bad, bogus, bogus_cd)


def consistency(reports: list[ResolverReport], names: list[str]) -> CheckResult[Any]:
    """Do the resolvers agree? Different rcodes or DNSSEC behaviour warn; different addresses
    alone do not (CDN names legitimately answer differently), but they are listed."""
    compared = [r for r in reports if any(isinstance(o, Reply) for o in r.answers.values())]
    labels = [str(r.resolver) for r in compared]
    table: dict[str, dict[str, Any]] = {}
    rcode_diffs: list[str] = []
    address_diffs: list[str] = []
    for name in names:
        seen = {
            str(r.resolver): answer
            for r in compared
            if isinstance(answer := r.answers.get(name), Reply)
        }
        table[name] = {k: {"rcode": v.rcode, "records": list(v.records)} for k, v in seen.items()}
        if len(seen) < 2:
            continue
        if len({v.rcode for v in seen.values()}) > 1:
            detail = " vs ".join(f"{k} {v.rcode}" for k, v in seen.items())
            rcode_diffs.append(f"{name} ({detail})")
        elif len({v.records for v in seen.values()}) > 1:
            address_diffs.append(name)
    measured: dict[str, Any] = {
        "compared": labels,
        "names": table,
        "differences": {"rcode": rcode_diffs, "addresses": address_diffs},
    }
    if len(compared) < 2:
        nothing = (
            L_("nothing to compare: only one resolver checked") if len(reports) < 2
            else L_("nothing to compare: fewer than two resolvers answered")
        )
        return CheckResult("consistency", Status.OK, nothing, measured)
    problems = []
    if rcode_diffs:
        problems.append(
            L_("the resolvers disagree on {names} — one of them is broken or has a stale cache", names=joined(rcode_diffs))
        )
    validating = {str(r.resolver): r.validates for r in compared if r.validates is not None}
    if len(set(validating.values())) > 1:
        only = ", ".join(k for k, v in validating.items() if v)
        problems.append(
            L_("only {resolvers} validates DNSSEC — customers get different security depending on the resolver", resolvers=only)
        )
    if problems:
        return CheckResult("consistency", Status.WARNING, joined(problems), measured)
    agree = (
        L_("{labels} agree on all {count} test names; addresses differ for {names} (normal for CDN names)", labels=', '.join(labels), count=len(names), names=', '.join(address_diffs))
        if address_diffs
        else L_("{labels} agree on all {count} test names", labels=', '.join(labels), count=len(names))
    )
    return CheckResult("consistency", Status.OK, agree, measured)
