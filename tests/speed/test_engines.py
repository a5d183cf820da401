"""Both engines against the lab servers over a 50 Mbit/s shaped link, with the plan verdict."""

from __future__ import annotations

import os

import pytest

SHORT = ("--duration", "2", "--warmup", "1")


def test_speedtest_engine_by_url_measures_the_shaped_rate(link, lab_http, within, golden):
    """The client namespace has no route but the veth: speedtest.net is not needed with a URL."""
    result = link.netops(
        "speed", "test", "--server", lab_http, *SHORT, "--plan", "100M", "-o", "json"
    )
    assert result.err == ""
    data = result.json()
    golden("speed-test-speedtest", data)
    assert data["engine"] == "speedtest"
    assert data["server"]["url"] == lab_http
    assert within(data["download_mbps"]), data
    assert within(data["upload_mbps"]), data
    assert 0 < data["ping_ms"] < 50 and data["jitter_ms"] >= 0
    assert data["bytes_received"] > 0 and data["bytes_sent"] > 0 and data["duration_s"] > 0
    # Plan 100M is 100/50 Mbit/s: the download is under 80 % (WARNING), the upload is fine.
    assert data["plan"] == {"name": "100M", "down_mbps": 100.0, "up_mbps": 50.0}
    assert 0.4 < data["ratio"]["down"] < 0.8 and data["ratio"]["up"] >= 0.8
    assert data["status"] == "warning" and result.code == 1


def test_iperf3_engine_measures_the_shaped_rate(link, lab_iperf3, within, golden):
    result = link.netops(
        "speed",
        "test",
        "--engine",
        "iperf3",
        "--server",
        lab_iperf3,
        *SHORT,
        "--plan-down",
        "50",
        "--plan-up",
        "50",
        "-o",
        "json",
    )
    assert result.err == ""
    data = result.json()
    golden("speed-test-iperf3", data)
    assert data["engine"] == "iperf3" and data["server"]["port"] == 5201
    assert within(data["download_mbps"]), data
    assert within(data["upload_mbps"]), data
    assert data["ping_ms"] is not None and data["ping_ms"] >= 0
    assert data["ratio"]["down"] >= 0.8 and data["ratio"]["up"] >= 0.8
    assert data["status"] == "ok" and result.code == 0


def test_best_server_from_a_directory_without_speedtest_net(link, lab_http, within):
    """No --server: speedtest-cli reads the config and server list from the directory given."""
    directory = lab_http.split("/speedtest/")[0]
    result = link.netops(
        "speed",
        "test",
        "--no-upload",
        *SHORT,
        "--plan-down",
        "200",
        "-o",
        "json",
        env={"NETOPS_SPEEDTEST_DIRECTORY": directory},
    )
    data = result.json()
    assert data["server"]["id"] == "1" and "Netops Lab" in data["server"]["name"]
    assert within(data["download_mbps"]) and data["upload_mbps"] is None
    # 47.8 of 200 Mbit/s is under 40 %: CRITICAL.
    assert (
        data["ratio"] == {"down": data["ratio"]["down"], "up": None} and data["ratio"]["down"] < 0.4
    )
    assert data["status"] == "critical" and result.code == 2


def test_table_output_with_the_isp_profiles_own_server(link, lab_http, tmp_path):
    """An ISP profile can name its on-net server: no --server needed, and a table for humans."""
    profiles = tmp_path / "isp"
    profiles.mkdir()
    (profiles / "labisp.yaml").write_text(
        "id: labisp\nname: Lab ISP\n"
        "optical: {onu_rx_critical_below_dbm: -26, olt_rx_critical_below_dbm: -27,"
        " onu_rx_overload_above_dbm: -8, warning_band_db: 1}\n"
        f"speed:\n  speedtest_server: {lab_http}\n"
        "  plans: {Fibra50: {down_mbps: 50}}\n"
    )
    result = link.netops(
        "--isp",
        "labisp",
        "speed",
        "test",
        "--no-upload",
        *SHORT,
        "--plan",
        "fibra50",
        env={"NETOPS_PROFILES_DIR": str(tmp_path)},
    )
    assert result.code == 0, result.err
    for word in ("Download", "Mbit/s", "Ping", "Fibra50", "OK", lab_http):
        assert word in result.out
    assert result.err == ""  # stderr is not a terminal: no progress display


@pytest.mark.integration  # starts the lab's speed servers itself
def test_lab_up_serves_speed_tests_offline(tmp_path, monkeypatch):
    """`netops lab up` starts the speed servers on loopback; their URL works as --server."""
    from netops.lab import manager

    monkeypatch.setenv("NETOPS_LAB_DIR", str(tmp_path))
    services = manager.up(tmp_path, fixed_ports=False, only=["speed"])
    try:
        speed = next(s for s in services if s.name == "speed")
        assert "iperf3" in speed.endpoints
        import subprocess
        import sys

        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "netops",
                "speed",
                "test",
                "--server",
                speed.endpoints["http"],
                "--duration",
                "1",
                "--warmup",
                "0.5",
                "-o",
                "json",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ},
        )
        assert done.returncode == 0, done.stderr
        data = __import__("json").loads(done.stdout)
        assert data["download_mbps"] > 0 and data["upload_mbps"] > 0 and data["plan"] is None
    finally:
        manager.down(tmp_path)
