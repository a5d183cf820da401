"""Thresholds: Netcenter's "Rx -26 / Tx -27", strict "worse than", a 1 dB warning band."""

import pytest

from netops.checks.optical import judge
from netops.isp import load_isp
from netops.models import OnuRef
from netops.olt.reading import OnuReading
from netops.results import Status

POLICY = load_isp("netcenter").optical


def reading(**values):
    values.setdefault("state", "online")
    return OnuReading(olt="olt", onu=OnuRef.parse("0/1/0:1"), source="test", **values)


@pytest.mark.parametrize(
    "rx, status, flags",
    [
        (-20.0, Status.OK, []),
        (-25.0, Status.OK, []),
        (-25.01, Status.WARNING, ["rx_near_low"]),
        (-26.0, Status.WARNING, ["rx_near_low"]),  # exactly the limit is not "worse than"
        (-26.01, Status.CRITICAL, ["rx_low"]),
        (-30.0, Status.CRITICAL, ["rx_low"]),
        (-9.0, Status.OK, []),
        (-8.99, Status.WARNING, ["rx_near_high"]),
        (-8.0, Status.WARNING, ["rx_near_high"]),
        (-7.99, Status.CRITICAL, ["rx_high"]),
    ],
)
def test_onu_rx_limits(rx, status, flags):
    verdict = judge(reading(rx_dbm=rx, olt_rx_dbm=-20.0), POLICY)
    assert (verdict.status, verdict.flags) == (status, flags)


@pytest.mark.parametrize(
    "olt_rx, status",
    [(-25.0, Status.OK), (-26.0, Status.OK), (-26.5, Status.WARNING), (-27.0, Status.WARNING), (-27.01, Status.CRITICAL)],
)
def test_olt_rx_limits(olt_rx, status):
    verdict = judge(reading(rx_dbm=-20.0, olt_rx_dbm=olt_rx), POLICY)
    assert verdict.status is status
    expected = {Status.OK: [], Status.WARNING: ["olt_rx_near_low"], Status.CRITICAL: ["olt_rx_low"]}[status]
    assert verdict.flags == expected  # the critical name only past the limit (-26.50 is near, not low)


def test_float_noise_does_not_cross_the_limit():
    # 2000 * 0.002 - 30 computed in floating point
    assert judge(reading(rx_dbm=2000 * 0.002 - 30, olt_rx_dbm=-20.0), POLICY).status is Status.WARNING


def test_offline_is_critical_with_cause_flags():
    assert judge(reading(state="offline", down_cause="los"), POLICY).flags == ["offline", "los"]
    assert judge(reading(state="offline", down_cause="dying_gasp"), POLICY).flags == ["offline", "dying_gasp"]
    verdict = judge(reading(state="offline", down_cause=None), POLICY)
    assert (verdict.status, verdict.flags) == (Status.CRITICAL, ["offline"])


def test_missing_reading_is_unknown_but_critical_wins():
    missing = reading(rx_dbm=None, olt_rx_dbm=-20.0, unreadable={"rx_dbm"})
    assert (judge(missing, POLICY).status, judge(missing, POLICY).flags) == (Status.UNKNOWN, ["no_reading"])
    both = reading(rx_dbm=None, olt_rx_dbm=-29.0, unreadable={"rx_dbm"})
    assert judge(both, POLICY).status is Status.CRITICAL
    assert judge(reading(state=None), POLICY).status is Status.UNKNOWN


def test_unsupported_reading_is_not_a_missing_one():
    verdict = judge(reading(rx_dbm=-20.0, unsupported={"olt_rx_dbm"}), POLICY)
    assert verdict.status is Status.OK


@pytest.mark.parametrize(
    "values",
    [
        {"rx_dbm": -21474836.48},  # Huawei -2147483648 x 0.01
        {"rx_dbm": 999.99},  # 99999 x 0.01
        {"rx_dbm": float("nan")},
        {"rx_dbm": 1e308},
        {"olt_rx_dbm": -51.0},
        {"rx_dbm": 10.5},
    ],
)
def test_impossible_values_are_no_reading_never_a_verdict(values):
    values = {"rx_dbm": -20.0, "olt_rx_dbm": -20.0, **values}
    verdict = judge(reading(**values), POLICY)
    assert (verdict.status, verdict.flags) == (Status.UNKNOWN, ["no_reading"])


def test_set_reading_drops_impossible_values_and_the_profile_range():
    r = reading()
    r.set_reading("rx_dbm", -21474836.48)
    r.set_reading("tx_dbm", 2.1)
    r.set_reading("temperature_c", 130.0)
    r.set_reading("olt_rx_dbm", -45.0, allowed=(-40.0, 0.0))
    assert (r.rx_dbm, r.tx_dbm, r.temperature_c, r.olt_rx_dbm) == (None, 2.1, None, None)
    assert r.unreadable == {"rx_dbm", "temperature_c", "olt_rx_dbm"}


def test_a_row_never_answered_is_not_read_not_no_reading():
    r = reading(rx_dbm=None, olt_rx_dbm=None, not_read={"rx_dbm", "olt_rx_dbm"})
    assert (judge(r, POLICY).status, judge(r, POLICY).flags) == (Status.UNKNOWN, ["not_read"])
    unknown_state = reading(state=None, not_read={"state"})
    assert judge(unknown_state, POLICY).flags == ["not_read"]
