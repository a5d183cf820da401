"""The `escalation` section of the ISP profile: the support runbook as data.

Another ISP is another YAML file: which facts send a case to which level or sector (a first-match
table), what each level means (subject, sector), the desk hours and holiday calendar, the billing
limits, the protocol number format and the Portuguese ticket texts. Everything is checked at load:
a rule naming an unknown fact, a template with an unknown placeholder or a forbidden phrase is a
ConfigError naming the key.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from netops.i18n import L_
from netops.profiles import ProfileModel

Level = Literal["N1", "N2", "N3"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]
PriorityClass = Literal["outage", "degraded", "administrative"]

#: The facts a rule may test, computed from the ticket by `netops.triage.facts`.
FACTS: dict[str, str] = {
    "complaint": "the ticket's complaint",
    "equipment": "comodato or own",
    "onu_state": "online, offline, los or unknown",
    "down_cause": "los, dying_gasp, other or unknown",
    "power_checked": "the customer already checked the power",
    "low_signal": "ONU Rx or OLT-side Rx worse than the optical limits",
    "dns_failing": "the ISP resolvers fail",
    "slow_speed": "measured speed below the plan's warning ratio",
    "account_blocked": "the account is blocked for late payment",
    "too_many_overdue": "more overdue invoices than a trust release allows",
    "trust_release_used_recently": "a trust release was given within the interval",
    "pon_outage": "the ONU's PON port is one mass outage: los, dying_gasp, none or unknown (not read)",
    "outage_reported": "a case was already opened for this port's outage",
    "no_interaction": "the customer stopped answering (runbook: falta de interação)",
}

#: What the first line does now; a rule's `action` is one of these.
ACTIONS = (
    "power_check",
    "trust_release",
    "wifi_reset",
    "bring_to_shop",
    "collect_contract_data",
    "customer_guidance",
    "password_restricted",
    "area_power_cut",
    "attach_to_outage",
    "close",
)

#: Placeholders a ticket text may use.
PLACEHOLDERS = {
    "protocol",
    "customer",
    "complaint",
    "olt",
    "onu",
    "subject",
    "sector",
    "route",
    "priority",
    "next_window",
    "deadline",
    "deadline_hours",
    "max_overdue",
    "trust_interval_days",
    "manual_release_days",
    "block_day",
    "suspension_min_days",
    "suspension_max_days",
    "pon",
    "pon_total",
    "affected",
    "others",
    "outage_window",
    "outage_protocol",
}


def _fact_values(name: str) -> tuple[object, ...]:
    """The values a fact can take, from the ticket's schema (booleans for the rest)."""
    from typing import get_args

    from netops.triage.ticket import Complaint, Observed, Ticket

    enumerated = {
        "complaint": get_args(Complaint),
        "equipment": get_args(Ticket.model_fields["equipment"].annotation),
        "onu_state": get_args(Observed.model_fields["onu_state"].annotation),
        "down_cause": get_args(Observed.model_fields["down_cause"].annotation),
        "pon_outage": ("los", "dying_gasp", "none", "unknown"),
    }
    return enumerated.get(name, (True, False))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class LevelTarget(ProfileModel):
    subject: str
    sector: str


class Outcome(ProfileModel):
    """What a matching rule decides."""

    level: Level | None = None
    route: str | None = Field(default=None, description="sector for a request that is not a fault")
    action: str | None = None
    priority: PriorityClass
    notify_group: bool = False
    template: str

    @field_validator("action")
    @classmethod
    def _known_action(cls, value: str | None) -> str | None:
        if value is not None and value not in ACTIONS:
            raise ValueError(L_("unknown action {value!r}; known: {known}", value=value, known=", ".join(ACTIONS)))
        return value

    @model_validator(mode="after")
    def _level_or_route(self) -> Outcome:
        if self.level and self.route:
            raise ValueError(L_("a rule either escalates (level) or routes (route), not both"))
        return self


class Rule(ProfileModel):
    """One row of the first-match table: every condition must hold (a list means any of)."""

    id: str
    when: dict[str, bool | str | list[str]] = Field(default_factory=dict)
    then: Outcome

    @field_validator("when")
    @classmethod
    def _known_facts(cls, value: dict[str, Any]) -> dict[str, Any]:
        for name, wanted in value.items():
            if name not in FACTS:
                raise ValueError(L_("unknown fact {name!r}; known: {known}", name=name, known=", ".join(FACTS)))
            allowed = _fact_values(name)
            for option in wanted if isinstance(wanted, list) else [wanted]:
                if option not in allowed or type(option) is not type(next(iter(allowed))):
                    shown = ", ".join(str(a).lower() for a in allowed)
                    raise ValueError(L_("{name}: {option!r} is not one of {shown}", name=name, option=option, shown=shown))
        return value


class DeskWindow(ProfileModel):
    days: list[Day] = Field(min_length=1)
    open: dt.time
    close: dt.time
    only_without_connection: bool = Field(
        default=False, description="the desk takes only customers without connection then"
    )

    @model_validator(mode="after")
    def _ordered(self) -> DeskWindow:
        if self.close <= self.open:
            raise ValueError(L_("close must be after open"))
        return self


class HolidayCalendar(ProfileModel):
    country: str = "BR"
    subdiv: str | None = None
    extra_dates: list[dt.date] = Field(default_factory=list)


class Desk(ProfileModel):
    """When the escalation desk (Netcenter's N2 team) takes cases."""

    levels: list[Level] = Field(description="levels that go to this desk")
    windows: list[DeskWindow] = Field(min_length=1)
    holidays: HolidayCalendar = HolidayCalendar()
    deadline_hours: float = Field(gt=0, description="outside hours: deadline after opening")


class Billing(ProfileModel):
    block_day: int = Field(ge=1, description="day of delay on which the account is blocked")
    max_overdue_for_trust_release: int = Field(ge=0)
    trust_release_interval_days: int = Field(ge=1)
    manual_release_days: int = Field(ge=1)
    speed_reduced_for_late_payment: bool = False


class Suspension(ProfileModel):
    min_days: int = Field(ge=1)
    max_days: int = Field(ge=1)


class Protocol(ProfileModel):
    """Locally generated protocol numbers: `{now:...}` is the local time, `{seq}` the day's count.

    The same ticket decided again within `same_ticket_hours` keeps its case (and protocol) rather
    than opening another; 0 opens a new case every time.
    """

    format: str = "{now:%Y%m%d}{seq:04d}"
    same_ticket_hours: int = Field(default=72, ge=0, le=24 * 366)

    @field_validator("format")
    @classmethod
    def _fields(cls, value: str) -> str:
        unknown = _placeholders(value) - {"now", "seq"}
        if unknown or "seq" not in _placeholders(value):
            raise ValueError(L_("use only {now:...} and {seq...}, and include {seq}"))  # no fields: shown as written
        return value


class Wording(ProfileModel):
    transfer_phrase: str = Field(description="how every transfer text says it")
    forbidden: list[str] = Field(default_factory=list)


class Texts(ProfileModel):
    """Ticket texts (in the ISP's language): one per rule template, plus scheduling and facts."""

    templates: dict[str, str]
    transfer_now: str
    transfer_later: str
    deadline_past: str = Field(default="", description="said when the deadline has already passed")
    evidence: dict[str, str] = Field(default_factory=dict, description="fact name -> line")
    values: dict[str, str] = Field(default_factory=dict, description="fact value -> local word")


class EscalationPolicy(ProfileModel):
    levels: dict[Level, LevelTarget]
    priorities: dict[PriorityClass, int]
    billing: Billing
    suspension: Suspension
    desk: Desk
    protocol: Protocol = Protocol()
    wording: Wording
    texts: Texts
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> EscalationPolicy:
        forbidden = [phrase.casefold() for phrase in self.wording.forbidden]
        all_texts = {
            **{f"texts.templates.{k}": v for k, v in self.texts.templates.items()},
            "texts.transfer_now": self.texts.transfer_now,
            "texts.transfer_later": self.texts.transfer_later,
            "texts.deadline_past": self.texts.deadline_past,
            **{f"texts.evidence.{k}": v for k, v in self.texts.evidence.items()},
        }
        for key, text in all_texts.items():
            for phrase in forbidden:
                if phrase in text.casefold():
                    raise ValueError(L_("{key}: uses the forbidden wording {phrase!r}", key=key, phrase=phrase))
            if not key.startswith("texts.evidence"):
                unknown = _placeholders(text) - PLACEHOLDERS
                if unknown:
                    raise ValueError(L_("{key}: unknown placeholder(s) {unknown}", key=key, unknown=sorted(unknown)))
        for key in ("transfer_now", "transfer_later"):
            text = getattr(self.texts, key)
            if self.wording.transfer_phrase.casefold() not in text.casefold():
                raise ValueError(L_("texts.{key}: must say {phrase!r}", key=key, phrase=self.wording.transfer_phrase))
        for rule in self.rules:
            if rule.then.template not in self.texts.templates:
                raise ValueError(L_("rule {rule!r}: no text template {template!r}", rule=rule.id, template=rule.then.template))
            if rule.then.level and rule.then.level != "N1" and rule.then.level not in self.levels:
                raise ValueError(L_("rule {rule!r}: level {level} has no subject/sector", rule=rule.id, level=rule.then.level))
        ids = [rule.id for rule in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError(L_("rule ids must be unique"))
        return self
