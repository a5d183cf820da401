"""The customer's plan as the speed rule needs it: contracted down/up and the warning ratio.

Plan names and ratios live in the ISP profile's `speed` section (`netops speed test` uses the same
catalogue); a ticket may also give the speeds themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netops.errors import InputError
from netops.i18n import L_


@dataclass(frozen=True)
class PlanTarget:
    name: str | None
    down_mbps: float
    up_mbps: float | None
    warning_ratio: float


def resolve_plan(isp: Any, plan: Any) -> PlanTarget | None:
    """A plan name from the profile, or the ticket's `{down_mbps, up_mbps}`; None when unknown."""
    if plan is None:
        return None
    policy = isp.speed
    ratio = policy.warning_below_ratio
    if not isinstance(plan, str):
        return PlanTarget(None, plan.down_mbps, plan.up_mbps, ratio)
    for name, speeds in policy.plans.items():
        if name.casefold() == plan.casefold():
            return PlanTarget(name, speeds.down_mbps, speeds.up_mbps, ratio)
    known = ", ".join(policy.plans) or L_("none")
    raise InputError(
        L_("ticket: plan: unknown plan {plan!r}", plan=plan),
        hint=L_("plans in the ISP profile: {known}; or give {{down_mbps, up_mbps}}", known=known),
    )
