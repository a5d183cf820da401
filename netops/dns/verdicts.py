"""Judging what one resolver answered: one `CheckResult` per check, in words a technician uses.

Pure functions of the outcomes (replies or errors), so every message is tested without a network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netops.dns.asking import Outcome, latency_ms, loss, replies
from netops.errors import DeviceTimeout, DeviceUnreachable, NetopsError
from netops.i18n import L_, Message, joined
from netops.results import CheckResult, Status
from netops.transport.dns import Reply

RCODE_MEANING = {
    "NXDOMAIN": L_("does not exist (NXDOMAIN)"),
    "SERVFAIL": L_("SERVFAIL (the resolver could not get an answer)"),
    "REFUSED": L_("REFUSED (the resolver will not answer this address)"),
    "FORMERR": L_("FORMERR (the resolver did not understand the question)"),
    "NOTIMP": L_("NOTIMP (the resolver does not do this kind of query)"),
}


def describe(outcome: Outcome, timeout: float) -> str:
    """One outcome in a few words: '192.0.2.10', 'SERVFAIL (...)', 'no answer in 2 s'."""
    if isinstance(outcome, DeviceTimeout):
        return L_("no answer in {timeout:.1f} s", timeout=timeout)
    if isinstance(outcome, NetopsError):
        return _without_where(outcome.message)
    if outcome.rcode == "NOERROR":
        return ", ".join(outcome.records) if outcome.records else L_("no address (empty answer)")
    text = RCODE_MEANING.get(outcome.rcode) or L_("rcode {rcode}", rcode=outcome.rcode)
    return L_("{meaning} [{ede}]", meaning=text, ede=outcome.ede[0]) if outcome.ede else text


class _Detail(Message):
    """A resolver's error without the address in front (`{where}: `): the check names the
    resolver already. The address is taken off the English text and off the translated one."""

    def __new__(cls, error: Message, **params: Any) -> _Detail:
        full = Message(error.msgid, {**error.params, **params}, plural=error.plural, number=error.number)
        self = str.__new__(cls, _after_where(str(full), full.params))
        self.msgid, self.plural, self.number, self.params = full.msgid, full.plural, full.number, full.params
        return self

    def local(self) -> str:
        return _after_where(super().local(), self.params)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Detail, (Message(self.msgid, self.params, plural=self.plural, number=self.number),))


def _after_where(text: str, params: dict[str, Any]) -> str:
    prefix = f"{params.get('where')}: "
    return text.removeprefix(prefix) if "where" in params else text.split(": ", 1)[-1]


def _without_where(message: str, **params: Any) -> str:
    if isinstance(message, Message):
        return _Detail(message, **params)
    return message.split(": ", 1)[-1]


def resolved(outcome: Outcome) -> bool:
    return isinstance(outcome, Reply) and outcome.rcode == "NOERROR" and bool(outcome.records)


def _error_text(outcome: Outcome | None, timeout: float, port: int) -> str:
    if isinstance(outcome, DeviceUnreachable):
        if isinstance(outcome.message, Message) and "proto" in outcome.message.params:
            return _without_where(outcome.message, proto=f"TCP {port}")
        return f"TCP {port} {describe(outcome, timeout).removeprefix('TCP ')}"
    return L_("no answer over TCP {port} in {timeout:.1f} s", port=port, timeout=timeout)


def udp_check(udp: list[Outcome], tcp: Outcome, timeout: float, port: int = 53) -> CheckResult[Any]:
    """Reachability over UDP, told apart from TCP: the firewall case has its own words."""
    got = replies(udp)
    tcp_ok = isinstance(tcp, Reply)
    measured = {"sent": len(udp), "received": len(got), "truncated": sum(r.truncated for r in got)}
    if not got:
        first_error = next((o for o in udp if isinstance(o, NetopsError)), None)
        refused = describe(first_error, timeout) if isinstance(first_error, DeviceUnreachable) else None
        if tcp_ok:
            return CheckResult(
                "udp",
                Status.CRITICAL,
                L_("no answer over UDP in {timeout:.1f} s ({error}); TCP answers — a firewall is dropping UDP {port}", timeout=timeout, error=refused, port=port)
                if refused is not None else
                L_("no answer over UDP in {timeout:.1f} s ({count} of {count} lost); TCP answers — a firewall is dropping UDP {port}", timeout=timeout, count=len(udp), port=port),
                measured,
                hint=L_("customers' devices ask over UDP: open UDP {port} towards the resolver", port=port),
            )
        return CheckResult(
            "udp", Status.CRITICAL,
            L_("no answer over UDP in {timeout:.1f} s ({error})", timeout=timeout, error=refused) if refused is not None
            else L_("no answer over UDP in {timeout:.1f} s ({count} of {count} lost)", timeout=timeout, count=len(udp)),
            measured,
        )
    if all(reply.truncated and not reply.answer_count for reply in got):
        if tcp_ok:
            return CheckResult(
                "udp", Status.WARNING,
                L_("every UDP answer is truncated (TC) even for a small question; TCP answers, so names resolve but slowly"),
                measured,
            )
        return CheckResult(
            "udp", Status.CRITICAL,
            L_("every UDP answer is truncated (TC) even for a small question; and TCP fails: names do not resolve"),
            measured,
        )
    return CheckResult("udp", Status.OK, L_("answers over UDP ({count} of {count2})", count=len(got), count2=len(udp)), measured)


def tcp_check(tcp: Outcome, udp_answers: bool, timeout: float, port: int = 53) -> CheckResult[Any]:
    if isinstance(tcp, Reply):
        return CheckResult(
            "tcp",
            Status.OK,
            L_("answers over TCP {port} ({elapsed_ms:.1f} ms)", port=port, elapsed_ms=tcp.elapsed_ms),
            {"time_ms": round(tcp.elapsed_ms, 3)},
        )
    problem = _error_text(tcp, timeout, port)
    if not udp_answers:
        return CheckResult("tcp", Status.CRITICAL, problem, error_code=_code(tcp))
    return CheckResult(
        "tcp",
        Status.WARNING,
        L_("{problem} — large answers (DNSSEC, long lists) will fail", problem=problem),
        error_code=_code(tcp),
        hint=L_("DNS over TCP is mandatory for resolvers (RFC 7766): check the firewall for TCP {port}", port=port),
    )


def _code(outcome: Outcome) -> str | None:
    return outcome.code if isinstance(outcome, NetopsError) else None


def latency_check(udp: list[Outcome], warning_ms: float) -> CheckResult[Any]:
    stats = latency_ms(udp)
    lost = loss(udp)
    measured = {"latency_ms": stats, "loss": lost, "queries": len(udp)}
    thresholds = {"latency_warning_ms": warning_ms}
    if stats is None:
        return CheckResult("latency", Status.UNKNOWN, L_("no UDP answer to time"), measured, thresholds)
    spread = L_("median {median:.1f} ms (min {least:.1f}, max {most:.1f})", median=stats["median"], least=stats["min"], most=stats["max"])
    n_lost = len(udp) - len(replies(udp))
    if n_lost:
        return CheckResult(
            "latency",
            Status.WARNING,
            L_("{n_lost} of {count} queries lost ({lost:.0%}); {spread}", n_lost=n_lost, count=len(udp), lost=lost, spread=spread),
            measured,
            thresholds,
        )
    if stats["median"] > warning_ms:
        return CheckResult(
            "latency",
            Status.WARNING,
            L_("slow: {spread}, above {warning_ms:g} ms — pages will open slowly", spread=spread, warning_ms=warning_ms),
            measured,
            thresholds,
        )
    return CheckResult(
        "latency",
        Status.OK,
        L_("{spread} over {count} queries, none lost", spread=spread, count=len(udp)),
        measured,
        thresholds,
    )


def names_check(results: dict[str, Outcome], timeout: float) -> CheckResult[Any]:
    """The known-good names must come back NOERROR with data; other rcodes are told apart."""
    good = [name for name, outcome in results.items() if resolved(outcome)]
    bad = {name: outcome for name, outcome in results.items() if not resolved(outcome)}
    measured = {name: _measure(outcome, timeout) for name, outcome in results.items()}
    if not bad:
        return CheckResult("names", Status.OK, L_("resolves all {count} test names", count=len(good)), measured)
    rcodes = {o.rcode if isinstance(o, Reply) else None for o in bad.values()}
    if not good and rcodes == {"REFUSED"}:
        return CheckResult(
            "names",
            Status.CRITICAL,
            L_("REFUSED for all {count} test names — the resolver refuses queries from this address", count=len(bad)),
            measured,
            hint=L_("check the resolver's access control (allowed client networks)"),
        )
    detail = joined([L_("{name}: {outcome}", name=name, outcome=describe(outcome, timeout)) for name, outcome in bad.items()])
    if not good:
        return CheckResult(
            "names", Status.CRITICAL, L_("resolves none of the test names — {detail}", detail=detail), measured
        )
    return CheckResult(
        "names",
        Status.WARNING,
        L_("{detail} ({count} of {count2} resolved)", detail=detail, count=len(good), count2=len(results)),
        measured,
    )


def _measure(outcome: Outcome, timeout: float) -> dict[str, object]:
    if isinstance(outcome, Reply):
        data: dict[str, object] = {
            "rcode": outcome.rcode,
            "records": list(outcome.records),
            "time_ms": round(outcome.elapsed_ms, 3),
            "transport": outcome.transport,
        }
        if outcome.ede:
            data["ede"] = list(outcome.ede)
        return data
    return {"rcode": None, "error": outcome.code, "detail": describe(outcome, timeout)}


def recursion_check(outcomes: list[Outcome]) -> CheckResult[Any] | None:
    got = replies(outcomes)
    if not got:
        return None
    if any("RA" in reply.flags for reply in got):
        return CheckResult("recursion", Status.OK, L_("recursion available (RA)"))
    return CheckResult(
        "recursion",
        Status.WARNING,
        L_("recursion not available (RA flag off) — customers cannot use it as their resolver"),
    )


def nxdomain_check(probe: str, outcome: Outcome, timeout: float) -> CheckResult[Any]:
    measured = {"name": probe, **_measure(outcome, timeout)}
    if isinstance(outcome, Reply) and outcome.rcode == "NXDOMAIN":
        return CheckResult(
            "nxdomain",
            Status.OK,
            L_("a name that does not exist gets NXDOMAIN (no hijacking)"),
            measured,
        )
    if resolved(outcome):
        return CheckResult(
            "nxdomain",
            Status.WARNING,
            L_("NXDOMAIN hijacking: the nonexistent name {probe} resolved to {describe} — typos land on someone's page and spam filters break", probe=probe, describe=describe(outcome, timeout)),
            measured,
            hint=L_("ask the ISP's DNS team to turn off NXDOMAIN redirection"),
        )
    if isinstance(outcome, Reply) and outcome.rcode == "NOERROR":
        return CheckResult(
            "nxdomain",
            Status.WARNING,
            L_("the nonexistent name {probe} got an empty answer instead of NXDOMAIN", probe=probe),
            measured,
        )
    return CheckResult(
        "nxdomain",
        Status.UNKNOWN,
        L_("could not test NXDOMAIN hijacking: {describe} for {probe}", describe=describe(outcome, timeout), probe=probe),
        measured,
    )


def edns_check(outcome: Outcome, timeout: float) -> CheckResult[Any]:
    if isinstance(outcome, Reply):
        if outcome.rcode in ("FORMERR", "NOTIMP", "BADVERS"):
            return CheckResult(
                "edns",
                Status.WARNING,
                L_("rejects EDNS queries ({rcode}) — DNSSEC and large answers will fail", rcode=outcome.rcode),
            )
        if outcome.edns < 0:
            return CheckResult(
                "edns",
                Status.WARNING,
                L_("ignores EDNS (no OPT record in the answer) — UDP answers are limited to 512 bytes"),
            )
        return CheckResult(
            "edns",
            Status.OK,
            L_("answers EDNS (UDP answers up to {payload} bytes)", payload=outcome.payload),
            {"version": outcome.edns, "udp_payload": outcome.payload},
        )
    if isinstance(outcome, DeviceTimeout):
        return CheckResult(
            "edns",
            Status.WARNING,
            L_("no answer to EDNS queries in {timeout:.1f} s — a firewall may drop EDNS or large packets", timeout=timeout),
        )
    return CheckResult("edns", Status.UNKNOWN, L_("could not test EDNS: {describe}", describe=describe(outcome, timeout)))


@dataclass(frozen=True)
class DnssecOutcomes:
    """The DNSSEC questions asked: the signed name, the broken one, and the broken one with CD."""

    secure_name: str
    secure: Outcome
    bogus_name: str | None = None
    bogus: Outcome | None = None
    bogus_cd: Outcome | None = None


def validates(found: DnssecOutcomes) -> bool | None:
    """True/False when the signed name answered; None when it could not be asked."""
    if isinstance(found.secure, Reply) and found.secure.rcode == "NOERROR":
        return "AD" in found.secure.flags
    return None


def dnssec_check(found: DnssecOutcomes, timeout: float, required: bool) -> CheckResult[Any]:
    secure, name = found.secure, found.secure_name
    if not isinstance(secure, Reply):
        return CheckResult(
            "dnssec",
            Status.UNKNOWN,
            L_("could not test DNSSEC: {describe} for {name}", describe=describe(secure, timeout), name=name),
        )
    if secure.rcode == "SERVFAIL":
        return CheckResult(
            "dnssec",
            Status.WARNING,
            L_("SERVFAIL for the correctly signed name {name} — validation fails even for good signatures (clock or trust anchor wrong?)", name=name),
        )
    if secure.rcode != "NOERROR":
        return CheckResult(
            "dnssec",
            Status.UNKNOWN,
            L_("could not test DNSSEC: {describe} for {name}", describe=describe(secure, timeout), name=name),
        )
    if "AD" not in secure.flags:
        status = Status.WARNING if required else Status.OK
        return CheckResult(
            "dnssec",
            status,
            L_("does not validate DNSSEC (no AD flag for the signed name {name})", name=name),
            {"validates": False},
        )
    if found.bogus_name is None or found.bogus is None:
        return CheckResult(
            "dnssec", Status.OK, L_("validates DNSSEC ({name} is secure: AD)", name=name), {"validates": True}
        )
    bogus, bad = found.bogus, found.bogus_name
    if not isinstance(bogus, Reply):
        return CheckResult(
            "dnssec",
            Status.UNKNOWN,
            L_("validates {name} (AD) but could not test the broken name {bad}: {describe}", name=name, bad=bad, describe=describe(bogus, timeout)),
            {"validates": True},
        )
    if bogus.rcode == "NOERROR":
        return CheckResult(
            "dnssec",
            Status.WARNING,
            L_("claims DNSSEC validation (AD for {name}) but accepts the broken signatures of {bad}", name=name, bad=bad),
            {"validates": False},
        )
    if bogus.rcode != "SERVFAIL":
        return CheckResult(
            "dnssec",
            Status.UNKNOWN,
            L_("validates {name} (AD); the broken name {bad} got {describe} instead of SERVFAIL", name=name, bad=bad, describe=describe(bogus, timeout)),
            {"validates": True},
        )
    cd = found.bogus_cd
    if isinstance(cd, Reply) and cd.rcode == "NOERROR":
        return CheckResult(
            "dnssec",
            Status.OK,
            L_("validates DNSSEC: {name} is secure (AD), {bad} is rejected (SERVFAIL) and readable with CD", name=name, bad=bad),
            {"validates": True},
        )
    return CheckResult(
        "dnssec",
        Status.WARNING,
        L_("{bad} fails even with checking disabled (CD): {value} — that SERVFAIL is an outage, not validation", bad=bad, value=describe(cd, timeout) if cd is not None else L_('not asked')),
        {"validates": True},
    )
