"""Plan verdicts, the profile's speed section and server parsing (no network)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from netops.errors import InputError
from netops.isp import load_isp
from netops.results import Status
from netops.speed.policy import Plan, SpeedPolicy, judge, resolve_plan
from netops.speed.servers import parse_iperf3_server, parse_speedtest_server
from netops.transport.speed_http import HttpServer

POLICY = SpeedPolicy(plans={"100M": {"down_mbps": 100, "up_mbps": 50}})


def test_netcenter_profile_has_plans_and_runbook_ratios():
    speed = load_isp("netcenter").speed
    assert speed.warning_below_ratio == 0.8 and speed.critical_below_ratio == 0.4
    assert speed.plans["100M"].down_mbps == 100


@pytest.mark.parametrize(
    ("down", "up", "status"),
    [
        (95.0, 48.0, Status.OK),
        (80.0, 40.0, Status.OK),  # exactly 80 % is not below the warning ratio
        (79.9, 48.0, Status.WARNING),
        (95.0, 39.0, Status.WARNING),  # the worse direction decides
        (40.0, 48.0, Status.WARNING),
        (39.9, 48.0, Status.CRITICAL),
        (95.0, 10.0, Status.CRITICAL),
        (95.0, None, Status.OK),  # upload not measured
    ],
)
def test_verdict_against_the_plan(down, up, status):
    verdict = judge(down, up, resolve_plan(POLICY, "100M"), POLICY)
    assert verdict.status is status
    assert verdict.ratio_down == round(down / 100, 4)
    assert verdict.ratio_up == (None if up is None else round(up / 50, 4))


def test_no_plan_means_nothing_to_judge():
    verdict = judge(12.0, 3.0, None, POLICY)
    assert verdict.status is Status.OK and verdict.ratio_down is None
    assert "no plan" in verdict.summary


def test_plan_from_the_command_line_and_case_insensitive_names():
    assert resolve_plan(POLICY, down_mbps=300, up_mbps=150) == Plan(None, 300.0, 150.0)
    assert resolve_plan(POLICY, "100m") == Plan("100M", 100.0, 50.0)
    assert resolve_plan(POLICY) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"down_mbps": 0},
        {"down_mbps": -1},
        {"down_mbps": float("nan")},
        {"down_mbps": 10, "up_mbps": 0},
    ],
)
def test_non_positive_plan_speeds_are_refused(kwargs):
    with pytest.raises(InputError, match="must be a positive speed"):
        resolve_plan(POLICY, **kwargs)


def test_profile_section_is_validated():
    with pytest.raises(ValidationError):
        SpeedPolicy(warning_below_ratio=0.4, critical_below_ratio=0.8)
    with pytest.raises(ValidationError):
        SpeedPolicy(plans={"x": {"down_mbps": 0}})
    with pytest.raises(ValidationError):
        SpeedPolicy(plans={"x": {"down_mbps": 10, "upload": 5}})  # unknown key


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "http://speedtest.isp.net:8080/speedtest/upload.php",
            "http://speedtest.isp.net:8080/speedtest/upload.php",
        ),
        (
            "http://speedtest.isp.net:8080/speedtest/",
            "http://speedtest.isp.net:8080/speedtest/upload.php",
        ),
        ("http://speedtest.isp.net:8080", "http://speedtest.isp.net:8080/speedtest/upload.php"),
        ("https://st.isp.net/upload.aspx", "https://st.isp.net/upload.aspx"),
        ("speedtest.isp.net", "http://speedtest.isp.net:8080/speedtest/upload.php"),
        ("[2001:db8::1]:8081", "http://[2001:db8::1]:8081/speedtest/upload.php"),
    ],
)
def test_speedtest_server_forms(text, url):
    target = parse_speedtest_server(text)
    assert HttpServer.from_url(target.url).url == url


def test_speedtest_server_id_and_iperf3_hosts():
    assert parse_speedtest_server("12345").server_id == 12345
    assert parse_speedtest_server(None).url is None
    assert str(parse_iperf3_server("iperf.isp.net")) == "iperf.isp.net:5201"
    assert str(parse_iperf3_server("10.0.0.1:5202")) == "10.0.0.1:5202"
    assert str(parse_iperf3_server("::1")) == "[::1]:5201"
