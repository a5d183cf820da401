"""The `speed` section of the ISP profile (plan catalogue, verdict ratios) and the verdict.

A result is judged per direction as a fraction of the contracted speed: below the critical ratio
is CRITICAL, below the warning ratio is WARNING (Netcenter: 40 % and 80 %). The worse direction
wins. Without a plan there is nothing to judge against, so the measurement alone is OK.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pydantic import Field, model_validator

from netops.errors import InputError
from netops.i18n import L_, joined
from netops.profiles import ProfileModel
from netops.results import CheckResult, Status, worst
from netops.speed.model import SpeedResult


class PlanSpeeds(ProfileModel):
    down_mbps: float = Field(gt=0, description="contracted download, Mbit/s")
    up_mbps: float | None = Field(default=None, gt=0, description="contracted upload, Mbit/s")


class SpeedPolicy(ProfileModel):
    plans: dict[str, PlanSpeeds] = Field(default_factory=dict, description="plan name -> speeds")
    warning_below_ratio: float = Field(default=0.8, gt=0, le=1)
    critical_below_ratio: float = Field(default=0.4, gt=0, le=1)
    iperf3_server: str | None = Field(default=None, description="default iperf3 HOST[:PORT]")
    speedtest_server: str | None = Field(
        default=None, description="default Ookla-compatible server URL (on-net)"
    )

    @model_validator(mode="after")
    def _ratios_in_order(self) -> SpeedPolicy:
        if self.critical_below_ratio >= self.warning_below_ratio:
            raise ValueError(L_("critical_below_ratio must be lower than warning_below_ratio"))
        return self


@dataclass(frozen=True)
class Plan:
    """The speeds a result is judged against; `name` is None for speeds typed in."""

    name: str | None
    down_mbps: float
    up_mbps: float | None

    def label(self) -> str:
        speeds = f"{self.down_mbps:g}" + (f"/{self.up_mbps:g}" if self.up_mbps else "")
        return L_("plan {name}: {speeds} Mbit/s", name=self.name, speeds=speeds) if self.name else L_("plan {speeds} Mbit/s", speeds=speeds)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "down_mbps": self.down_mbps, "up_mbps": self.up_mbps}


def resolve_plan(
    policy: SpeedPolicy,
    name: str | None = None,
    down_mbps: float | None = None,
    up_mbps: float | None = None,
) -> Plan | None:
    """The plan from `--plan NAME` or `--plan-down/--plan-up`; bad input is an InputError."""
    if name is not None and (down_mbps is not None or up_mbps is not None):
        raise InputError(L_("give either --plan NAME or --plan-down/--plan-up, not both"))
    if name is not None:
        key = _find_key(policy, name)
        if key is None:
            known = ", ".join(policy.plans) or L_("none")
            raise InputError(L_("unknown plan {name!r}", name=name), hint=L_("plans in the ISP profile: {known}", known=known))
        plan = policy.plans[key]
        return Plan(key, plan.down_mbps, plan.up_mbps)
    if up_mbps is not None and down_mbps is None:
        raise InputError(L_("--plan-up needs --plan-down"))
    if down_mbps is None:
        return None
    for option, value in (("--plan-down", down_mbps), ("--plan-up", up_mbps)):
        if value is not None and not 0 < value < math.inf:
            raise InputError(L_("{option} must be a positive speed in Mbit/s, not {value:g}", option=option, value=value))
    return Plan(None, float(down_mbps), None if up_mbps is None else float(up_mbps))


def _find_key(policy: SpeedPolicy, name: str) -> str | None:
    """The profile's own spelling of a plan name, matched without regard to case."""
    if name in policy.plans:
        return name
    return next((key for key in policy.plans if key.casefold() == name.casefold()), None)


def ratio_status(ratio: float | None, policy: SpeedPolicy) -> Status:
    if ratio is None:
        return Status.OK
    if ratio < policy.critical_below_ratio:
        return Status.CRITICAL
    if ratio < policy.warning_below_ratio:
        return Status.WARNING
    return Status.OK


@dataclass(frozen=True)
class Verdict:
    status: Status
    ratio_down: float | None
    ratio_up: float | None
    summary: str


def judge(
    download_mbps: float | None, upload_mbps: float | None, plan: Plan | None, policy: SpeedPolicy
) -> Verdict:
    """Compare measured speeds with the plan; the worse direction decides."""
    measured = L_("down {down}, up {up}", down=_mbps(download_mbps), up=_mbps(upload_mbps))
    if plan is None:
        return Verdict(Status.OK, None, None, L_("{measured} (no plan given, nothing to judge)", measured=measured))
    ratio_down = _ratio(download_mbps, plan.down_mbps)
    ratio_up = _ratio(upload_mbps, plan.up_mbps)
    status = worst([ratio_status(ratio_down, policy), ratio_status(ratio_up, policy)])
    parts = []
    if ratio_down is not None:
        parts.append(L_("down {ratio:.0%} of plan", ratio=ratio_down))
    if ratio_up is not None:
        parts.append(L_("up {ratio:.0%} of plan", ratio=ratio_up))
    summary = L_("{measured}: {ratios} ({plan})", measured=measured, ratios=joined(parts, ", "), plan=plan.label()) if parts else measured
    return Verdict(status, ratio_down, ratio_up, summary)


def _ratio(measured: float | None, contracted: float | None) -> float | None:
    if measured is None or contracted is None:
        return None
    return round(measured / contracted, 4)


def _mbps(value: float | None) -> str:
    return L_("not measured") if value is None else f"{value:.1f} Mbit/s"


@dataclass
class SpeedCheck:
    """A speed test's own detail: what was measured, against which plan, and the ratios."""

    measured: SpeedResult
    plan: Plan | None
    ratio_down: float | None
    ratio_up: float | None

    def to_dict(self, policy: SpeedPolicy, status: Status, summary: str) -> dict[str, Any]:
        return {
            **self.measured.to_dict(),
            "plan": self.plan.to_dict() if self.plan else None,
            "ratio": {"down": self.ratio_down, "up": self.ratio_up},
            "thresholds": thresholds(policy),
            "status": status.label,
            "summary": summary,
        }


def thresholds(policy: SpeedPolicy) -> dict[str, float]:
    return {"warning_below_ratio": policy.warning_below_ratio,
            "critical_below_ratio": policy.critical_below_ratio}


def check(measured: SpeedResult, plan: Plan | None, policy: SpeedPolicy) -> CheckResult[SpeedCheck]:
    """A measurement judged against the plan, as the check every output reads."""
    verdict = judge(measured.download_mbps, measured.upload_mbps, plan, policy)
    return CheckResult(
        "speed", verdict.status, verdict.summary,
        measurements={
            "download_mbps": measured.download_mbps,
            "upload_mbps": measured.upload_mbps,
            "ping_ms": measured.ping_ms,
            "server": measured.server.get("url") or measured.server.get("name"),
        },
        units={"download_mbps": "Mbit/s", "upload_mbps": "Mbit/s", "ping_ms": "ms"},
        thresholds=thresholds(policy),
        detail=SpeedCheck(measured, plan, verdict.ratio_down, verdict.ratio_up),
    )


def speed_json(result: CheckResult[SpeedCheck], policy: SpeedPolicy) -> dict[str, Any]:
    """The documented JSON of `speed test`."""
    assert result.detail is not None
    return result.detail.to_dict(policy, result.status, result.summary)
