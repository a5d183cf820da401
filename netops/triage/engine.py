"""The decision: ticket facts + ISP policy + an instant -> level, sector, schedule and ticket text.

Pure: no clock, no I/O, no device access. The caller passes the instant and the protocol number,
so the same inputs always give the same decision (and tests can walk every time boundary).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from netops.errors import ConfigError, InputError
from netops.i18n import L_, Message, joined, nL_
from netops.triage import hours
from netops.triage.plans import PlanTarget, resolve_plan
from netops.triage.policy import EscalationPolicy, LevelTarget, Rule
from netops.triage.ticket import Ticket


@dataclass
class Decision:
    level: str | None
    route: str | None
    action: str | None
    subject: str | None
    sector: str | None
    priority: int
    reasons: list[str]  # Messages: English in JSON and the case log, translated on a terminal
    transfer_now: bool
    next_window: str | None
    deadline: str | None
    notify_group: bool
    message: str
    protocol: str
    rule: str
    decided_at: str
    opened_at: str
    deadline_passed: bool = False
    checks: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.checks:
            data.pop("checks")
        return data


def _below(value: float | None, limit: float) -> bool:
    return value is not None and round(value, 3) < round(limit, 3)


def _fmt_num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


class _Facts:
    """The facts the rules test, and a short reason for each (a message: English as a `str`,
    in the reader's language through `local()`)."""

    def __init__(self, ticket: Ticket, isp: Any, policy: EscalationPolicy, at: dt.datetime):
        obs = ticket.observed
        optical = isp.optical
        self.plan: PlanTarget | None = resolve_plan(isp, ticket.plan)
        rx_low = _below(obs.rx_dbm, optical.onu_rx_critical_below_dbm)
        olt_low = _below(obs.olt_rx_dbm, optical.olt_rx_critical_below_dbm)
        billing = policy.billing
        overdue = ticket.account.overdue_invoices or 0
        last = ticket.account.last_trust_release
        days_since = (at.date() - last).days if last else None
        self.values: dict[str, Any] = {
            "complaint": ticket.complaint,
            "equipment": ticket.equipment,
            "onu_state": obs.onu_state,
            "down_cause": obs.down_cause,
            "power_checked": obs.power_checked,
            "low_signal": rx_low or olt_low,
            "dns_failing": obs.dns == "failing",
            "slow_speed": self._slow(obs),
            "account_blocked": ticket.account.blocked,
            "too_many_overdue": overdue > billing.max_overdue_for_trust_release,
            "trust_release_used_recently": days_since is not None
            and days_since < billing.trust_release_interval_days,
            "pon_outage": obs.pon.outage if obs.pon else "unknown",
            "outage_reported": bool(obs.pon and obs.pon.outage != "none" and obs.pon.reported_as),
            "no_interaction": obs.no_interaction,
        }
        signal_reasons = []
        if obs.rx_dbm is not None:
            onu = {"rx": obs.rx_dbm, "limit": optical.onu_rx_critical_below_dbm}
            signal_reasons.append(L_("ONU Rx {rx:.2f} dBm worse than {limit:.2f}", **onu) if rx_low
                                  else L_("ONU Rx {rx:.2f} dBm within {limit:.2f}", **onu))
        if obs.olt_rx_dbm is not None:
            olt = {"rx": obs.olt_rx_dbm, "limit": optical.olt_rx_critical_below_dbm}
            signal_reasons.append(L_("OLT-side Rx {rx:.2f} dBm worse than {limit:.2f}", **olt) if olt_low
                                  else L_("OLT-side Rx {rx:.2f} dBm within {limit:.2f}", **olt))
        reported = obs.pon.reported_as if obs.pon else None
        self.reasons: dict[str, Message] = {
            "complaint": L_("complaint: {complaint}", complaint=ticket.complaint),
            "equipment": L_("equipment: {equipment}", equipment=ticket.equipment),
            "onu_state": L_("ONU state: {state}", state=obs.onu_state),
            "down_cause": L_("last down cause: {cause}", cause=obs.down_cause),
            "power_checked": L_("power already checked") if obs.power_checked
            else L_("power not checked yet"),
            "low_signal": joined(signal_reasons, "; ") if signal_reasons else L_("no optical readings"),
            "dns_failing": {"failing": L_("DNS failing"), "ok": L_("DNS ok"), None: L_("DNS not checked")}[
                obs.dns
            ],
            "slow_speed": self._speed_reason(obs),
            "account_blocked": L_("account blocked for late payment") if ticket.account.blocked
            else L_("account not blocked"),
            # The English says "invoice(s)" and "day(s)" for any number (JSON and the case log
            # keep it); a translation has its own plural forms.
            "too_many_overdue": nL_("{count} overdue invoice(s), trust release allowed up to {most}",
                                    "{count} overdue invoice(s), trust release allowed up to {most}",
                                    overdue, most=billing.max_overdue_for_trust_release),
            "trust_release_used_recently": L_("no trust release on record") if days_since is None
            else nL_("last trust release {count} day(s) ago (one every {interval})",
                     "last trust release {count} day(s) ago (one every {interval})",
                     days_since, interval=billing.trust_release_interval_days),
            "pon_outage": _pon_reason(obs.pon, optical.outage),
            "outage_reported": L_("this outage was already reported in case {case}", case=reported)
            if reported else L_("no case opened yet for this port's outage"),
            "no_interaction": L_("the customer stopped answering") if obs.no_interaction
            else L_("the customer is answering"),
        }

    def _slow(self, obs: Any) -> bool:
        plan = self.plan
        if plan is None:
            return False
        if obs.download_mbps is not None and obs.download_mbps < plan.down_mbps * plan.warning_ratio:
            return True
        return bool(
            obs.upload_mbps is not None
            and plan.up_mbps
            and obs.upload_mbps < plan.up_mbps * plan.warning_ratio
        )

    def _speed_reason(self, obs: Any) -> Message:
        plan = self.plan
        if obs.download_mbps is None and obs.upload_mbps is None:
            return L_("speed not measured")
        if plan is None:
            return L_("no plan to compare the speed with")
        parts = []
        if obs.download_mbps is not None and plan.down_mbps:
            parts.append(L_("download {measured} of {contracted} Mbps ({ratio:.0%})",
                            **_speed_fields(obs.download_mbps, plan.down_mbps)))
        if obs.upload_mbps is not None and plan.up_mbps:
            parts.append(L_("upload {measured} of {contracted} Mbps ({ratio:.0%})",
                            **_speed_fields(obs.upload_mbps, plan.up_mbps)))
        speeds, ratio = joined(parts, ", "), plan.warning_ratio
        if self._slow(obs):
            return L_("{speeds}: below {ratio:.0%} of the plan", speeds=speeds, ratio=ratio)
        return L_("{speeds}: not below {ratio:.0%} of the plan", speeds=speeds, ratio=ratio)

    def matches(self, rule: Rule) -> bool:
        for name, wanted in rule.when.items():
            value = self.values[name]
            options = wanted if isinstance(wanted, list) else [wanted]
            if value not in options:
                return False
        return True


def _speed_fields(measured: float, contracted: float) -> dict[str, Any]:
    return {"measured": _fmt_num(measured), "contracted": _fmt_num(contracted), "ratio": measured / contracted}


def _pon_reason(pon: Any, rule: Any) -> Message:
    """Whether the port is one mass outage, in the words of the ISP's rule."""
    if pon is None:
        return L_("PON port not read")
    fields = {"port": pon.port, "total": pon.total, "min_onus": rule.min_onus, "min_share": rule.min_share}
    if pon.outage == "none":
        return L_("PON {port}: {los} LOS and {dying_gasp} dying gasp of {total} ONUs: not a mass outage "
                  "(that takes at least {min_onus} ONUs and {min_share:.0%} of the port down for the same "
                  "cause)", los=pon.los, dying_gasp=pon.dying_gasp, **fields)
    fields["affected"] = pon.affected
    if pon.first_down and pon.last_down:
        fields.update(first=pon.first_down, last=pon.last_down, minutes=rule.window_minutes)
        if pon.outage == "los":
            return L_("PON {port}: {affected} of {total} ONUs down with LOS between {first} and {last}: "
                      "mass outage (at least {min_onus} ONUs and {min_share:.0%} of the port within "
                      "{minutes:g} minutes)", **fields)
        return L_("PON {port}: {affected} of {total} ONUs down with dying gasp between {first} and "
                  "{last}: mass outage (at least {min_onus} ONUs and {min_share:.0%} of the port within "
                  "{minutes:g} minutes)", **fields)
    if pon.outage == "los":
        return L_("PON {port}: {affected} of {total} ONUs down with LOS: mass outage (at least "
                  "{min_onus} ONUs and {min_share:.0%} of the port, no down times from the OLT)", **fields)
    return L_("PON {port}: {affected} of {total} ONUs down with dying gasp: mass outage (at least "
              "{min_onus} ONUs and {min_share:.0%} of the port, no down times from the OLT)", **fields)


def policy_of(isp: Any) -> EscalationPolicy:
    policy: EscalationPolicy | None = getattr(isp, "escalation", None)
    if policy is None:
        raise ConfigError(
            L_("the ISP profile {id!r} has no escalation section", id=isp.id),
            hint=L_("add `escalation:` to the profile (see profiles/isp/netcenter.yaml)"),
        )
    return policy


def local_instant(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _stamp(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")


def _local_text(value: dt.datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M")


def decide(ticket: Ticket, isp: Any, at: dt.datetime, protocol: str) -> Decision:
    """Apply the ISP's escalation policy to the ticket's facts at the instant `at`."""
    policy = policy_of(isp)
    tz = hours.zone(isp.timezone)
    at = local_instant(at, tz)
    opened = local_instant(ticket.opened_at, tz) if ticket.opened_at else at
    if opened > at:
        raise InputError(
            L_("ticket: opened_at: {stamp} is later than the decision time {stamp2}", stamp=_stamp(opened), stamp2=_stamp(at))
        )
    released = ticket.account.last_trust_release
    if released and released > at.date():
        raise InputError(
            L_("ticket: account.last_trust_release: {released} is later than the decision date {date}", released=released, date=at.date())
        )
    facts = _Facts(ticket, isp, policy, at)
    rule = next((r for r in policy.rules if facts.matches(r)), None)
    if rule is None:
        raise ConfigError(L_("no escalation rule matches complaint {complaint!r}", complaint=ticket.complaint),
                          hint=L_("end the profile's rules with a catch-all rule (`when: {}`)"))
    then = rule.then
    reasons: list[str] = [facts.reasons[name] for name in rule.when] or [
        L_("no specific rule for complaint {complaint}", complaint=ticket.complaint)
    ]
    if ticket.observed.pon is not None and "pon_outage" not in rule.when:
        reasons.append(facts.reasons["pon_outage"])  # whichever rule decided, say what the port showed
    owes = ticket.account.blocked or (ticket.account.overdue_invoices or 0) > 0
    speed_kept = not policy.billing.speed_reduced_for_late_payment
    if owes and speed_kept and ticket.complaint in ("slow", "intermittent"):
        reasons.append(L_("late payment never reduces the speed: a technical case"))
    target = policy.levels.get(then.level) if then.level else None
    transfer_now = then.route is not None
    next_window = deadline = None
    passed = False
    if then.level in policy.desk.levels:
        without_connection = facts.values["onu_state"] in ("offline", "los") or (
            ticket.complaint == "no_connection" and facts.values["onu_state"] == "unknown"
        )
        transfer_now, next_window, deadline, passed = _schedule(
            policy, at, opened, tz, without_connection, reasons
        )
    values = _text_values(ticket, policy, protocol, then.route, target, then.priority,
                          next_window, deadline)
    values.update(_pon_values(ticket, protocol, tz))
    message = _message(ticket, policy, rule, values, facts, transfer_now, passed)
    return Decision(
        level=then.level,
        route=then.route,
        action=then.action,
        subject=target.subject if target else None,
        sector=target.sector if target else None,
        priority=policy.priorities[then.priority],
        reasons=reasons,
        transfer_now=transfer_now,
        next_window=next_window,
        deadline=deadline,
        notify_group=then.notify_group,
        message=message,
        protocol=protocol,
        rule=rule.id,
        decided_at=_stamp(at),
        opened_at=_stamp(opened),
        deadline_passed=passed,
    )


def _schedule(
    policy: EscalationPolicy,
    at: dt.datetime,
    opened: dt.datetime,
    tz: dt.tzinfo,
    without_connection: bool,
    reasons: list[str],
) -> tuple[bool, str | None, str | None, bool]:
    """Transfer now inside the desk's hours; outside, the next window and the deadline. A
    deadline already past (the case was opened more than `deadline_hours` ago) is said either
    way, and the deadline is then given even when the transfer is now."""
    desk = policy.desk
    holiday = hours.holiday_name(desk, at.date())
    if holiday:
        reasons.append(L_("public holiday: {holiday}", holiday=holiday))
    window = hours.current_or_next_window(desk, at, tz, without_connection)
    deadline_at = hours.deadline(desk, opened).astimezone(tz)
    passed = deadline_at <= at
    if passed:
        reasons.append(L_("deadline already past: {deadline} ({hours:g} h after the opening at {opened})",
                          deadline=_stamp(deadline_at), hours=desk.deadline_hours, opened=_stamp(opened)))
    if window and window.start <= at:
        until = f"{window.end:%H:%M}"
        reasons.append(L_("inside desk hours for customers without connection (until {until})", until=until)
                       if without_connection else
                       L_("inside desk hours for customers with connection (until {until})", until=until))
        return True, None, _stamp(deadline_at) if passed else None, passed
    if window is None:
        days = hours.SEARCH_DAYS
        reasons.append(L_("no desk window for customers without connection in the next {days} days", days=days)
                       if without_connection else
                       L_("no desk window for customers with connection in the next {days} days", days=days))
        return False, None, _stamp(deadline_at), passed
    start = _stamp(window.start)
    reasons.append(L_("outside desk hours for customers without connection; next window {start}", start=start)
                   if without_connection else
                   L_("outside desk hours for customers with connection; next window {start}", start=start))
    if window.start > deadline_at and not passed:
        reasons.append(L_("the next window opens after the deadline"))
    return False, _stamp(window.start), _stamp(deadline_at), passed


def _text_values(
    ticket: Ticket,
    policy: EscalationPolicy,
    protocol: str,
    route: str | None,
    target: LevelTarget | None,
    priority: str,
    next_window: str | None,
    deadline: str | None,
) -> dict[str, Any]:
    """Everything a ticket text may say, already in the ISP's words and formats."""
    local = policy.texts.values
    billing = policy.billing
    hours_text = policy.desk.deadline_hours
    return {
        "protocol": protocol,
        "customer": ticket.customer,
        "complaint": local.get(ticket.complaint, ticket.complaint),
        "olt": ticket.olt or "—",
        "onu": ticket.onu or "—",
        "subject": target.subject if target else "—",
        "sector": target.sector if target else (route or "—"),
        "route": route or "—",
        "priority": policy.priorities[priority],  # type: ignore[index]  # a PriorityClass, checked by the schema
        "next_window": _local_text(dt.datetime.fromisoformat(next_window)) if next_window else "—",
        "deadline": _local_text(dt.datetime.fromisoformat(deadline)) if deadline else "—",
        "deadline_hours": _fmt_num(hours_text),
        "max_overdue": billing.max_overdue_for_trust_release,
        "trust_interval_days": billing.trust_release_interval_days,
        "manual_release_days": billing.manual_release_days,
        "block_day": billing.block_day,
        "suspension_min_days": policy.suspension.min_days,
        "suspension_max_days": policy.suspension.max_days,
    }


def _olt_time(text: str, tz: dt.tzinfo) -> dt.datetime:
    """An OLT's time in the ISP's zone; one without a UTC offset is the OLT's clock, shown as is."""
    value = dt.datetime.fromisoformat(text)
    return value.astimezone(tz) if value.tzinfo else value


def _pon_values(ticket: Ticket, protocol: str, tz: dt.tzinfo) -> dict[str, Any]:
    """The port and its outage, for the mass-outage texts ("—" when the port was not read)."""
    pon = ticket.observed.pon
    if pon is None:
        return dict.fromkeys(("pon", "pon_total", "affected", "others", "outage_window", "outage_protocol"), "—")
    window = ""
    if pon.first_down and pon.last_down:
        first, last = (_olt_time(text, tz) for text in (pon.first_down, pon.last_down))
        window = (f" entre {first:%d/%m/%Y %H:%M:%S} e {last:%H:%M:%S}" if first.date() == last.date()
                  else f" entre {first:%d/%m/%Y %H:%M:%S} e {last:%d/%m/%Y %H:%M:%S}")
    return {
        "pon": pon.port,
        "pon_total": pon.total,
        "affected": pon.affected,
        "others": max(pon.affected - 1, 0),
        "outage_window": window,
        "outage_protocol": pon.reported_as or protocol,
    }


def _evidence(ticket: Ticket, policy: EscalationPolicy, facts: _Facts) -> list[str]:
    obs = ticket.observed
    words = policy.texts.values
    shown: dict[str, Any] = {}
    if obs.onu_state != "unknown":
        shown["onu_state"] = obs.onu_state
    if obs.onu_state != "online" and obs.down_cause != "unknown":
        shown["down_cause"] = obs.down_cause
    if obs.down_cause == "dying_gasp":
        shown["power_checked"] = str(obs.power_checked).lower()
    for name in ("rx_dbm", "olt_rx_dbm"):
        if getattr(obs, name) is not None:
            shown[name] = f"{getattr(obs, name):.2f}"
    if obs.dns:
        shown["dns"] = obs.dns
    for name in ("download_mbps", "upload_mbps"):
        if getattr(obs, name) is not None:
            shown[name] = _fmt_num(getattr(obs, name))
    if facts.plan and (obs.download_mbps is not None or obs.upload_mbps is not None):
        up = f"/{_fmt_num(facts.plan.up_mbps)}" if facts.plan.up_mbps else ""
        shown["plan"] = (facts.plan.name + " " if facts.plan.name else "") + (
            f"{_fmt_num(facts.plan.down_mbps)}{up} Mbps"
        )
    lines = []
    for name, value in shown.items():
        line = policy.texts.evidence.get(name)
        if line:
            lines.append(line.format(value=words.get(str(value), value)))
    return lines


def _message(
    ticket: Ticket,
    policy: EscalationPolicy,
    rule: Rule,
    values: dict[str, Any],
    facts: _Facts,
    transfer_now: bool,
    deadline_passed: bool = False,
) -> str:
    """The rule's text, the evidence behind it, and (for the desk's levels) when to transfer."""
    level = rule.then.level
    parts = [policy.texts.templates[rule.then.template].format_map(values).strip()]
    if rule.then.level or rule.then.action in ("power_check", "customer_guidance"):
        parts.extend(_evidence(ticket, policy, facts))
    if level in policy.desk.levels:
        text = policy.texts.transfer_now if transfer_now else policy.texts.transfer_later
        parts.append(" ".join(text.format_map(values).split()))
        if deadline_passed and policy.texts.deadline_past:
            parts.append(" ".join(policy.texts.deadline_past.format_map(values).split()))
    return "\n".join(parts)
