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
        (-25.01, Status.WARNING, ["rx_low"]),
        (-26.0, Status.WARNING, ["rx_low"]),  # exactly the limit is not "worse than"
        (-26.01, Status.CRITICAL, ["rx_low"]),
        (-30.0, Status.CRITICAL, ["rx_low"]),
        (-9.0, Status.OK, []),
        (-8.99, Status.WARNING, ["rx_high"]),
        (-8.0, Status.WARNING, ["rx_high"]),
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
    assert ("olt_rx_low" in verdict.flags) == (status is not Status.OK)


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
