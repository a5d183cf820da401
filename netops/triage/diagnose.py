"""Run the checks a ticket calls for and fill its `observed` facts: the glue to the checks.

Which checks: for a complaint about the line (no connection, slow, intermittent) the ONU's optical
reading from its OLT; the ISP's resolvers while the ONU is online (or could not be read); a speed
test when the complaint is `slow`, a plan is known and the ONU is online. Requests that are not
faults need no check. A check that cannot run becomes an UNKNOWN result and leaves that fact as the
ticket gave it, so the decision still comes (the policy has rules for an unread ONU).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netops.errors import InputError, NetopsError
from netops.i18n import L_
from netops.models import OnuRef, OnuSerial
from netops.results import CheckResult, Status, result_from_error
from netops.triage.plans import PlanTarget, resolve_plan
from netops.triage.ticket import OPTICAL_COMPLAINTS, PonObserved, Ticket, require_onu

if TYPE_CHECKING:
    from netops.isp import IspProfile
    from netops.settings import Inventory

Notify = Callable[[str], None]


@dataclass
class DiagnoseOptions:
    skip_speed: bool = False
    resolvers: list[str] | None = None  # instead of the profile's resolvers
    speed_server: str | None = None  # Ookla-compatible URL (speedtest) or HOST[:PORT] (iperf3)
    speed_engine: str = "speedtest"
    speed_duration_s: float = 4.0
    speed_warmup_s: float = 1.0
    via: str = "snmp"
    # The serial the ONU at the ticket's F/S/P:ID must report (a ticket system's record of it).
    expected_serial: str | None = None


@dataclass
class Diagnosis:
    ticket: Ticket
    checks: list[CheckResult[Any]] = field(default_factory=list)


def _quiet(_: str) -> None:
    pass


def diagnose(
    ticket: Ticket,
    isp: IspProfile,
    load_inventory: Callable[[], Inventory],
    options: DiagnoseOptions | None = None,
    notify: Notify = _quiet,
) -> Diagnosis:
    """The ticket with `observed` filled from live checks, and the checks' results."""
    options = options or DiagnoseOptions()
    require_onu(ticket)
    plan = resolve_plan(isp, ticket.plan)  # a bad plan is bad input before any traffic
    check_overrides(options)
    if ticket.complaint not in OPTICAL_COMPLAINTS:
        return Diagnosis(ticket)
    facts: dict[str, Any] = {}
    checks: list[CheckResult[Any]] = []
    if ticket.onu:
        target = _onu_target(ticket)
        inventory = load_inventory()
        olt = _olt_name(ticket, inventory)
        notify(L_("reading ONU {onu} on {olt}", onu=ticket.onu, olt=olt))
        checks.append(_optical(olt, target, inventory, isp, options, facts))
    state = facts.get("onu_state", ticket.observed.onu_state)
    if state in ("online", "unknown"):
        notify(L_("checking the resolvers {resolvers}", resolvers=", ".join(options.resolvers)) if options.resolvers
               else L_("checking the ISP's resolvers"))
        checks.append(_dns(isp, options, facts))
    if ticket.complaint == "slow" and plan and state == "online":
        if options.skip_speed:
            given = ticket.observed.download_mbps is not None
            checks.append(CheckResult("speed", Status.UNKNOWN,
                                      L_("not run (--skip-speed); the speed in the ticket is used") if given
                                      else L_("not run (--skip-speed)")))
        else:
            notify(L_("measuring the speed"))
            checks.append(_speed(isp, plan, options, facts))
    observed = ticket.observed.model_copy(update=facts)
    return Diagnosis(ticket.model_copy(update={"observed": observed}), checks)


def check_overrides(options: DiagnoseOptions) -> None:
    """A resolver or speed server the technician typed is bad input (InputError, exit 3) before
    any traffic, as in `dns check` and `speed test`; a check that then fails is a result."""
    from netops.dns.targets import parse_resolvers
    from netops.speed.servers import parse_iperf3_server, parse_speedtest_server

    checks: list[tuple[str, Callable[[], object]]] = []
    if options.resolvers is not None:
        resolvers = options.resolvers
        checks.append(("--resolver", lambda: parse_resolvers(resolvers)))
    if options.speed_server is not None:
        server = options.speed_server
        parse = parse_iperf3_server if options.speed_engine == "iperf3" else parse_speedtest_server
        checks.append(("--speed-server", lambda: parse(server)))
    for option, check in checks:
        try:
            check()
        except InputError as exc:
            raise InputError(L_("{option}: {message}", option=option, message=exc.message),
                             hint=exc.hint) from None


def _onu_target(ticket: Ticket) -> OnuRef | OnuSerial:
    from netops.models import parse_onu_target

    try:
        return parse_onu_target(ticket.onu or "")
    except InputError as exc:
        raise InputError(L_("ticket: onu: {message}", message=exc.message), hint=exc.hint) from None


def _olt_name(ticket: Ticket, inventory: Inventory) -> str:
    known = ", ".join(sorted(inventory.olts)) or L_("none")
    if ticket.olt:
        if ticket.olt not in inventory.olts:
            raise InputError(L_("ticket: olt: unknown OLT {olt!r} in {path}", olt=ticket.olt, path=inventory.path),
                             hint=L_("known OLTs: {known}", known=known))
        return ticket.olt
    if len(inventory.olts) == 1:
        return str(next(iter(inventory.olts)))
    raise InputError(L_("ticket: olt: required to read ONU {onu}", onu=ticket.onu), hint=L_("known OLTs: {known}", known=known))


def _optical(olt: str, target: OnuRef | OnuSerial, inventory: Inventory, isp: IspProfile,
             options: DiagnoseOptions, facts: dict[str, Any]) -> CheckResult[Any]:
    from netops.checks.onu_report import check_onu
    from netops.checks.optical import down_cause_kind
    from netops.history.store import record_quietly
    from netops.triage.outage import earlier_case, port_observation

    try:
        report = check_onu(inventory, olt, target, isp.optical, via=options.via)
    except NetopsError as exc:
        return result_from_error("optical", exc)
    record_quietly(report.readings, "diagnose")
    verdict = report.verdict
    reading = verdict.reading
    mismatch = _serial_mismatch(reading, options.expected_serial, olt)
    if mismatch:
        return mismatch
    pon = port_observation(report)  # an offline ONU's port: this customer or the whole PON?
    if pon is not None:
        facts["pon"] = PonObserved(**pon, reported_as=earlier_case(olt, pon, isp))
    if reading.state == "offline":
        facts.update(onu_state="offline", rx_dbm=None, olt_rx_dbm=None,
                     down_cause=down_cause_kind(verdict))
    elif reading.state == "online":
        facts.update(onu_state="online", rx_dbm=reading.rx_dbm, olt_rx_dbm=reading.olt_rx_dbm)
    return verdict


def _serial_mismatch(reading: Any, expected: str | None, olt: str) -> CheckResult[Any] | None:
    """Another ONU than the one on record answers at that position: never judge its light."""
    if not expected or reading.serial is None or str(reading.serial) == expected:
        return None
    return CheckResult(
        "optical",
        Status.UNKNOWN,
        L_("{olt} {onu} has serial {serial}, not {expected} as on record: not the customer's ONU, or the record is out of date", olt=olt, onu=reading.onu, serial=reading.serial, expected=expected),
        measurements={"serial": str(reading.serial), "expected_serial": expected},
        error_code="serial_mismatch",
        hint=L_("correct the ONU's position or serial in the ticket system"),
    )


def _dns(isp: IspProfile, options: DiagnoseOptions, facts: dict[str, Any]) -> CheckResult[Any]:
    policy = getattr(isp, "dns", None)
    if policy is None:
        return CheckResult("dns", Status.UNKNOWN, L_("the ISP profile has no dns section"))
    from netops.dns.check import check_resolvers, make_plan

    try:
        report = check_resolvers(make_plan(policy, resolvers=options.resolvers))
    except NetopsError as exc:
        return result_from_error("dns", exc)
    # Only "customers cannot resolve" is a failing DNS; one dead resolver of two still serves.
    facts["dns"] = "failing" if report.status is Status.CRITICAL else "ok"
    return report.result


def _speed(isp: IspProfile, plan: PlanTarget, options: DiagnoseOptions,
           facts: dict[str, Any]) -> CheckResult[Any]:
    from netops.speed.engines import run_test
    from netops.speed.model import SpeedOptions
    from netops.speed.policy import Plan, check

    policy = isp.speed
    run_options = SpeedOptions(duration=options.speed_duration_s, warmup=options.speed_warmup_s)
    try:
        measured = run_test(options.speed_engine, options.speed_server, run_options, policy)
    except NetopsError as exc:
        return result_from_error("speed", exc)
    facts.update(download_mbps=measured.download_mbps, upload_mbps=measured.upload_mbps)
    return check(measured, Plan(plan.name, plan.down_mbps, plan.up_mbps), policy)
