"""Optical thresholds from the ISP profile, and the verdict on one ONU's readings.

"Worse than" is strict: with a −26.00 dBm limit, exactly −26.00 is not critical. Each limit has a
warning band in front of it (1.0 dB for Netcenter): −25.50 is a warning, −25.00 is fine.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from netops.i18n import L_
from netops.profiles import ProfileModel
from netops.results import Status


class OutagePolicy(ProfileModel):
    """Netcenter: at least 4 ONUs and at least half the port, down within 5 minutes."""

    min_onus: int = Field(4, ge=2, description="at least this many ONUs down for the same cause")
    min_share: float = Field(0.5, gt=0, le=1, description="and at least this share of the port's ONUs")
    window_minutes: float = Field(5.0, gt=0, le=1440, description="their down times this close together")
    same_outage_hours: float = Field(
        12.0, gt=0, le=168, description="a case opened for the port within this is the same outage (no down times)"
    )


class OpticalPolicy(ProfileModel):
    onu_rx_critical_below_dbm: float = Field(description="ONU Rx worse (lower) than this is critical")
    olt_rx_critical_below_dbm: float = Field(description="OLT-side Rx worse than this is critical")
    onu_rx_overload_above_dbm: float = Field(description="ONU Rx above this overloads the receiver")
    warning_band_db: float = Field(ge=0, description="warning band before each limit")
    outage: OutagePolicy = Field(default_factory=OutagePolicy, description="when a port is one mass outage")

    @model_validator(mode="after")
    def _limits_in_order(self) -> OpticalPolicy:
        low = self.onu_rx_critical_below_dbm + self.warning_band_db
        high = self.onu_rx_overload_above_dbm - self.warning_band_db
        if low >= high:
            raise ValueError(L_("the ONU Rx warning bands overlap: the limits are too close"))
        return self

    def as_dict(self) -> dict[str, Any]:
        return {
            "onu_rx_critical_below_dbm": self.onu_rx_critical_below_dbm,
            "onu_rx_warning_below_dbm": round(
                self.onu_rx_critical_below_dbm + self.warning_band_db, 2
            ),
            "onu_rx_warning_above_dbm": round(
                self.onu_rx_overload_above_dbm - self.warning_band_db, 2
            ),
            "onu_rx_overload_above_dbm": self.onu_rx_overload_above_dbm,
            "olt_rx_critical_below_dbm": self.olt_rx_critical_below_dbm,
            "olt_rx_warning_below_dbm": round(
                self.olt_rx_critical_below_dbm + self.warning_band_db, 2
            ),
        }


def _below(value: float, limit: float) -> bool:
    """Strictly worse (lower) than the limit, at the 0.001 dB resolution OLTs report."""
    return round(value, 3) < round(limit, 3)


def _above(value: float, limit: float) -> bool:
    return round(value, 3) > round(limit, 3)


def judge_low(value: float, critical_below: float, band: float) -> Status:
    if _below(value, critical_below):
        return Status.CRITICAL
    if _below(value, critical_below + band):
        return Status.WARNING
    return Status.OK


def judge_high(value: float, overload_above: float, band: float) -> Status:
    if _above(value, overload_above):
        return Status.CRITICAL
    if _above(value, overload_above - band):
        return Status.WARNING
    return Status.OK
