"""The support ticket netops decides on: a YAML or JSON file (or `-` for stdin).

The ticket carries what the customer asked and what was observed; `netops diagnose` fills
`observed` itself. A bad ticket is one InputError naming the field (`observed.rx_dbm: ...`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from netops.errors import InputError
from netops.i18n import L_
from netops.models import PHYSICAL_RANGE
from netops.profiles import UniqueKeys
from netops.text import plain

Complaint = Literal[
    "no_connection",
    "slow",
    "intermittent",
    "wifi_key",
    "router_password",
    "router_reset",
    "address_change",
    "cancellation",
    "suspension",
    "fixed_ip",
    "new_contract",
    "point_change",
    "other",
]

#: Complaints about the line itself: the ONU must be known (or its state observed).
OPTICAL_COMPLAINTS = ("no_connection", "slow", "intermittent")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Cpe(_Strict):
    host: str | None = None
    model: str | None = None


class PlanSpeeds(_Strict):
    down_mbps: float = Field(gt=0)
    up_mbps: float | None = Field(default=None, gt=0)


class Account(_Strict):
    blocked: bool = False
    overdue_invoices: int | None = Field(default=None, ge=0)
    last_trust_release: dt.date | None = None


class PonObserved(_Strict):
    """The ONU's PON port, read when the ONU is offline: is it this customer or the whole port?"""

    olt: str | None = None
    port: str = Field(min_length=1)
    total: int = Field(ge=1)
    los: int = Field(default=0, ge=0)
    dying_gasp: int = Field(default=0, ge=0)
    outage: Literal["none", "los", "dying_gasp"] = "none"
    affected: int = Field(default=0, ge=0)
    first_down: str | None = None
    last_down: str | None = None
    reported_as: str | None = Field(default=None, description="protocol of the case already opened for this outage")

    @field_validator("first_down", "last_down")
    @classmethod
    def _time(cls, value: str | None) -> str | None:
        if value is not None:
            dt.datetime.fromisoformat(value)  # a ValueError names the field
        return value


class Observed(_Strict):
    onu_state: Literal["online", "offline", "los", "unknown"] = "unknown"
    down_cause: Literal["los", "dying_gasp", "other", "unknown"] = "unknown"
    rx_dbm: float | None = None
    olt_rx_dbm: float | None = None
    dns: Literal["ok", "failing"] | None = None
    download_mbps: float | None = Field(default=None, ge=0)
    upload_mbps: float | None = Field(default=None, ge=0)
    power_checked: bool = False
    no_interaction: bool = False  # the customer stopped answering (runbook: "falta de interação")
    pon: PonObserved | None = None

    @field_validator("rx_dbm", "olt_rx_dbm")
    @classmethod
    def _possible(cls, value: float | None, info: Any) -> float | None:
        """An optical fact no module can report (1e308, -21474836.48) is refused, never decided on."""
        low, high = PHYSICAL_RANGE[info.field_name]
        if value is not None and not low <= value <= high:
            raise ValueError(L_("{value} dBm is not a possible optical level (expected {low:g} to {high:g} dBm)", value=value, low=low, high=high))
        return value


class Ticket(_Strict):
    protocol: str | None = None
    opened_at: dt.datetime | None = None
    customer: str = Field(min_length=1)
    complaint: Complaint
    equipment: Literal["comodato", "own"] = "comodato"
    olt: str | None = None
    onu: str | None = None
    cpe: Cpe | None = None
    plan: str | PlanSpeeds | None = None
    account: Account = Account()
    observed: Observed = Observed()

    @field_validator("protocol", "customer", "onu", "olt", "plan", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("protocol", "customer", "olt", "plan")
    @classmethod
    def _inert(cls, value: Any) -> Any:
        """Ticket free text is data: escape sequences removed, control characters shown."""
        return plain(value) if isinstance(value, str) else value

    @field_validator("onu")
    @classmethod
    def _onu(cls, value: str | None) -> str | None:
        if value is not None:
            from netops.models import parse_onu_target

            parse_onu_target(value)  # an InputError names the problem and the accepted forms
        return value

    @field_validator("opened_at", mode="before")
    @classmethod
    def _iso(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_instant(value, "opened_at", tz=None)
        if isinstance(value, bool | int | float):  # not seconds since 1970: YAML reads 12:30 as 750
            raise InputError(
                L_("opened_at: malformed time {value!r}", value=value),
                hint=L_("write ISO-8601 text, for example 2026-07-01T17:59"),
            )
        return value


def parse_instant(text: str, field: str, tz: dt.tzinfo | None) -> dt.datetime:
    """An ISO-8601 instant; without an offset it is local time in `tz` (the ISP's zone)."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InputError(
            L_("{field}: malformed time {text!r}", field=field, text=text),
            hint=L_("write ISO-8601, for example 2026-07-01T17:59 or 2026-07-01T17:59:00-03:00"),
        ) from None
    if not 1970 <= value.year <= 9000:  # the desk's calendar and the deadline need days around it
        raise InputError(L_("{field}: {strip!r} is out of range (years 1970 to 9000)", field=field, strip=text.strip()))
    if value.tzinfo is None and tz is not None:
        value = value.replace(tzinfo=tz)
    return value


def _is_field(part: Any) -> bool:
    """Loc parts that name fields, not validators or union branches (`plan.PlanSpeeds`)."""
    text = str(part)
    return not (text.startswith("function-") or text == "str" or not text.islower())


def _field_error(exc: ValidationError) -> InputError:
    errors = exc.errors()
    # A union (plan: a name or the speeds) reports every branch; the deepest one is the one meant.
    same_field = [e for e in errors if e["loc"][:1] == errors[0]["loc"][:1]]
    error = max(same_field, key=lambda e: len(e["loc"]))
    key = ".".join(str(part) for part in error["loc"] if _is_field(part))
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = L_("unknown field")
    if error["type"] == "literal_error":
        message = L_("must be one of {expected}", expected=error['ctx']['expected'])
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, InputError):
        if cause.message.startswith(f"{key}:"):
            return InputError(L_("ticket: {text}", text=cause.message), hint=cause.hint)
        return InputError(L_("ticket: {key}: {message}", key=key, message=cause.message), hint=cause.hint)
    return InputError(L_("ticket: {value}: {message}", value=key or L_("(top level)"), message=message))


def parse_ticket(data: Any) -> Ticket:
    if not isinstance(data, dict):
        raise InputError(L_("ticket: expected a mapping of fields (YAML or JSON object)"))
    try:
        ticket = Ticket.model_validate(data)
    except ValidationError as exc:
        raise _field_error(exc) from None
    if ticket.account.blocked and ticket.account.overdue_invoices is None:
        raise InputError(L_("ticket: account.overdue_invoices: required when the account is blocked"))
    return ticket


def require_onu(ticket: Ticket) -> None:
    """A complaint about the line needs the ONU (or its observed state) to be decided."""
    if (
        ticket.complaint in OPTICAL_COMPLAINTS
        and not ticket.onu
        and ticket.observed.onu_state == "unknown"
    ):
        raise InputError(
            L_("ticket: onu: required for a {complaint} complaint", complaint=ticket.complaint),
            hint=L_("give the ONU as F/S/P:ID or serial, or observed.onu_state"),
        )


class _TicketLoader(UniqueKeys, yaml.SafeLoader):  # type: ignore[misc]
    """Safe YAML that keeps dates as text, so a bad date is an error naming its field, and
    refuses a field given twice (YAML would keep the last one silently)."""


_TicketLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


MAX_TICKET_CHARS = 1_000_000  # a ticket is a few lines; never read /dev/zero to the end


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read(MAX_TICKET_CHARS + 1)
    with Path(source).open(encoding="utf-8") as handle:
        return handle.read(MAX_TICKET_CHARS + 1)


def _yaml_problem(where: str, line: int | None, problem: str | None) -> str:
    """Where the ticket is not YAML, in a whole sentence for each of what is known."""
    if line is not None and problem:
        return L_("ticket {where}: line {line} not valid YAML or JSON: {problem}", where=where, line=line, problem=problem)
    if line is not None:
        return L_("ticket {where}: line {line} not valid YAML or JSON", where=where, line=line)
    if problem:
        return L_("ticket {where}: not valid YAML or JSON: {problem}", where=where, problem=problem)
    return L_("ticket {where}: not valid YAML or JSON", where=where)


def read_ticket(source: str) -> Ticket:
    """Read a ticket from a file path, or from stdin when `source` is `-`."""
    where = L_("stdin") if source == "-" else source
    try:
        text = _read_text(source)
    except OSError as exc:
        raise InputError(L_("cannot read ticket {source}: {value}", source=source, value=exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise InputError(L_("ticket {where}: not UTF-8 text (YAML or JSON)", where=where)) from None
    if len(text) > MAX_TICKET_CHARS:
        raise InputError(L_("ticket {where}: larger than {MAX_TICKET_CHARS:,} characters", where=where, MAX_TICKET_CHARS=MAX_TICKET_CHARS))
    try:
        data = yaml.load(text, Loader=_TicketLoader)  # JSON is YAML too
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None)
        raise InputError(_yaml_problem(where, mark.line + 1 if mark else None, problem)) from None
    except RecursionError:
        raise InputError(L_("ticket {where}: nested too deeply", where=where)) from None
    return parse_ticket(data)
