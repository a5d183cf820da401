"""The mass-outage verdict of a port, from the ISP's rule (Netcenter: 4 ONUs, half the port,
within 5 minutes when down times are known)."""

from __future__ import annotations

import datetime as dt

from netops.checks.optical import judge
from netops.checks.optical_policy import OutagePolicy
from netops.checks.outage import outage_of, summarize_pons
from netops.isp import load_isp
from netops.models import OnuRef, PonRef
from netops.olt.reading import OnuReading

PON = PonRef(0, 1, 0)
T0 = dt.datetime(2026, 7, 8, 4, 31, tzinfo=dt.UTC)
POLICY = load_isp("netcenter").optical


def port(*onus):
    """(state, cause, minutes after T0 or None) per ONU."""
    verdicts = []
    for n, (state, cause, minutes) in enumerate(onus):
        reading = OnuReading(olt="o", onu=OnuRef(PON, n), source="snmp", state=state, down_cause=cause,
                             rx_dbm=-20.0, olt_rx_dbm=-22.0)
        if minutes is not None:
            reading.last_down = T0 + dt.timedelta(minutes=minutes)
        if state != "online":
            reading.drop_optics()
        verdicts.append(judge(reading, POLICY))
    return verdicts


UP = ("online", None, None)


def los(minutes=None):
    return ("offline", "los", minutes)


def test_the_profile_holds_the_netcenter_rule():
    assert POLICY.outage == OutagePolicy(min_onus=4, min_share=0.5, window_minutes=5, same_outage_hours=12)


def test_counts_alone_without_down_times():
    assert outage_of(port(los(), los(), los(), los(), UP, UP, UP, UP), POLICY.outage).affected == 4
    assert outage_of(port(los(), los(), los(), UP, UP), POLICY.outage) is None  # 3 < 4 ONUs
    assert outage_of(port(los(), los(), los(), los(), UP, UP, UP, UP, UP), POLICY.outage) is None  # 4 < 50 %


def test_down_times_must_fall_within_the_window():
    burst = outage_of(port(los(0), los(1), los(2.5), los(4.9), UP), POLICY.outage)
    assert (burst.kind, burst.affected, burst.first_down, burst.last_down) == (
        "los", 4, T0, T0 + dt.timedelta(minutes=4.9))
    assert outage_of(port(los(0), los(1), los(2.5), los(5.1), UP), POLICY.outage) is None
    spread = port(los(0), los(60), los(600), los(6000))
    assert outage_of(spread, POLICY.outage) is None


def test_an_onu_without_a_down_time_is_not_held_against_the_burst():
    assert outage_of(port(los(0), los(1), los(2), los(), UP), POLICY.outage).affected == 4


def test_dying_gasps_and_los_are_not_added_together():
    mixed = port(los(0), los(0), ("offline", "dying_gasp", 0), ("offline", "dying_gasp", 0), UP)
    assert outage_of(mixed, POLICY.outage) is None
    power = outage_of(port(*[("offline", "dying_gasp", 1)] * 5, UP), POLICY.outage)
    assert power.kind == "dying_gasp" and power.affected == 5


def test_summaries_per_port():
    (summary,) = summarize_pons(port(los(0), los(0), los(0), los(0), ("offline", "dying_gasp", None), UP), POLICY.outage)
    assert summary.to_dict() == {
        "pon": "0/1/0", "total": 6, "online": 1, "offline": 5, "los": 4, "dying_gasp": 1,
        "outage": {"kind": "los", "affected": 4, "total": 6, "first_down": "2026-07-08T04:31:00+00:00",
                   "last_down": "2026-07-08T04:31:00+00:00"},
    }
