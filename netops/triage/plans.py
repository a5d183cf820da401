"""The customer's plan as the speed rule needs it: contracted down/up and the warning ratio.

Plan names and ratios belong to the ISP profile's speed section; this is the one place that reads
them, so the decision engine only ever sees numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netops.errors import InputError

#: Used when the profile has no speed section (Netcenter default: WARNING below 80% of the plan).
DEFAULT_WARNING_RATIO = 0.8


@dataclass(frozen=True)
class PlanTarget:
    name: str | None
    down_mbps: float
    up_mbps: float | None
    warning_ratio: float


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            return value
    return None


def warning_ratio(isp: Any) -> float:
    speed = getattr(isp, "speed", None)
    ratio = _get(speed, "warning_ratio", "warn_ratio", "warning_below_ratio") if speed else None
    return float(ratio) if ratio is not None else DEFAULT_WARNING_RATIO


def resolve_plan(isp: Any, plan: Any) -> PlanTarget | None:
    """A plan name from the profile, or explicit speeds from the ticket; None when unknown."""
    if plan is None:
        return None
    ratio = warning_ratio(isp)
    if not isinstance(plan, str):
        return PlanTarget(None, plan.down_mbps, plan.up_mbps, ratio)
    speed = getattr(isp, "speed", None)
    plans = _get(speed, "plans") if speed else None
    found = None
    if isinstance(plans, dict):
        found = plans.get(plan)
    elif isinstance(plans, list | tuple):
        found = next((p for p in plans if _get(p, "name", "id") == plan), None)
    if found is None:
        known = ", ".join(sorted(plans)) if isinstance(plans, dict) else ""
        raise InputError(
            f"ticket: plan: unknown plan {plan!r}",
            hint=f"known plans: {known}" if known else "give {down_mbps, up_mbps} instead",
        )
    down = _get(found, "down_mbps", "download_mbps", "down")
    up = _get(found, "up_mbps", "upload_mbps", "up")
    return PlanTarget(plan, float(down), float(up) if up is not None else None, ratio)
