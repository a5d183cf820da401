"""Progress a technician can read: the speed test's timer runs through the upload and the line
says which direction it measures; the scan's bar says that it counts PON ports."""

from __future__ import annotations

import io
import re

from rich.console import Console

from netops.cli.speed import SpeedProgress
from tests.cli_help.conftest import run_on_a_terminal


class Clock:
    """The progress display's clock, moved by the test (rich's Progress takes `get_time`)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _lines(display: SpeedProgress) -> dict[str, str]:
    """The display as it is drawn now, by the first word of each line."""
    console = Console(file=io.StringIO(), width=110, color_system=None)
    console.print(display.progress.get_renderable())
    return {line.split()[0]: line for line in console.file.getvalue().splitlines() if line.strip()}


def test_the_timer_keeps_running_during_the_upload():
    clock = Clock()
    display = SpeedProgress(Console(file=io.StringIO()), clock=clock)
    display("latency", float("nan"), 0.0)
    clock.now = 1.0
    display("download warm-up", 60.0, 0.1)
    clock.now = 11.0
    display("download", 94.2, 1.0)  # the download's bar is full
    clock.now = 11.5
    display("upload warm-up", 30.0, 0.05)
    clock.now = 16.0
    display("upload", 47.0, 0.5)
    first = _lines(display)
    clock.now = 19.0
    display("upload", 48.0, 0.8)
    later = _lines(display)
    assert first["Download"].endswith("0:00:10") and later["Download"].endswith("0:00:10")
    assert first["Upload"].endswith("0:00:04") and later["Upload"].endswith("0:00:07")
    assert "48.0 Mbit/s" in later["Upload"] and "↑" in later["Upload"]


def test_the_line_says_which_direction_and_whether_it_counts_yet():
    clock = Clock()
    display = SpeedProgress(Console(file=io.StringIO()), clock=clock)
    display("download warm-up", 10.0, 0.1)
    assert "Download ↓ (warm-up, not counted)" in _lines(display)["Download"]
    display("download", 10.0, 0.5)
    assert "warm-up" not in _lines(display)["Download"]
    display("upload warm-up", 10.0, 0.1)
    assert "Upload ↑ (warm-up, not counted)" in _lines(display)["Upload"]


def _endpoint(lab, service: str, name: str) -> str:
    from netops.lab import manager

    (info,) = [info for info in manager.read_state(lab) if info.name == service]
    return info.endpoints[name]


def test_a_real_speed_test_shows_the_upload_on_the_terminal(lab, tmp_path):
    url = _endpoint(lab, "speed", "http")
    args = ["speed", "test", "--server", url, "--duration", "2", "--warmup", "0.5", "--plan-down", "100"]
    run = run_on_a_terminal(args, {"HOME": str(tmp_path)}, tmp_path)
    assert run.code in (0, 1, 2), run.terminal
    assert "Download ↓" in run.terminal and "Upload ↑" in run.terminal
    upload_times = re.findall(r"Upload ↑.*? (\d+:\d\d:\d\d)\s*$", run.terminal, re.MULTILINE)
    assert len(set(upload_times)) >= 2, run.terminal  # the upload's own timer moved while it ran


def test_the_scan_progress_says_it_counts_pon_ports(lab, tmp_path):
    run = run_on_a_terminal(["optical", "scan", "lab-huawei", "-o", "json"],
                            {"NETOPS_INVENTORY": str(lab / "inventory.yaml"), "HOME": str(tmp_path)}, tmp_path)
    assert run.code == 2, run.terminal
    assert re.search(r"Scanning lab-huawei: PON ports .* 8/8\b", run.terminal), run.terminal
    assert '"olt": "lab-huawei"' in run.out


def test_a_scan_of_several_olts_counts_olts(lab, tmp_path):
    run = run_on_a_terminal(["optical", "scan", "lab-zte", "lab-fiberhome", "-o", "json"],
                            {"NETOPS_INVENTORY": str(lab / "inventory.yaml"), "HOME": str(tmp_path)}, tmp_path)
    assert run.code == 2, run.terminal
    assert re.search(r"Scanning: OLTs done .* 2/2\b", run.terminal), run.terminal
