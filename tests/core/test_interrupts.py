"""Ctrl-C and closed pipes, as a user meets them: a real SIGINT to a real `netops` process while it
waits on a real (slow) server, and a real pipe closed by its reader."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

PASSWORD = {"NETOPS_LAB_OLT_PASSWORD": "netops-lab"}


def test_ctrl_c_while_an_snmp_agent_is_slow_is_one_line_and_exit_130(slow_snmp_olt, netops_process):
    process = netops_process.start("--inventory", str(slow_snmp_olt), "optical", "scan", "slow-olt", "-o", "json")
    netops_process.wait_for_socket(process.pid, "udp")
    run = netops_process.interrupt(process)
    assert run.code == 130
    assert run.err == "netops: interrupted during optical scan of slow-olt\n"
    assert run.out == ""  # nothing half-written on stdout


def test_ctrl_c_mid_scan_with_answers_in_flight_prints_no_snmp_traceback(lab_services, netops_process):
    """The lab agent answers at full speed, so answers are on their way when the scan stops: none
    may reach a closed SNMP engine (pysnmp would log a CarrierError traceback)."""
    for _ in range(3):
        process = netops_process.start("optical", "scan", "lab-huawei", "-o", "json",
                                 env={"NETOPS_LAB_DIR": str(lab_services), "NETOPS_INVENTORY": "lab"})
        netops_process.wait_for_socket(process.pid, "udp")
        run = netops_process.interrupt(process)
        if run.code == 2:  # the scan won the race and finished: nothing was interrupted
            continue
        assert run.code == 130, run.err
        assert run.err == "netops: interrupted during optical scan of lab-huawei\n"


@pytest.mark.parametrize("command", [
    ("optical", "onu", "lab-huawei", "0/1/0:3", "--via", "cli"),
    ("optical", "scan", "lab-huawei", "--via", "cli"),
])
def test_ctrl_c_while_an_olt_cli_is_slow_stops_the_session(slow_ssh_olt, command, netops_process):
    """The command in flight is abandoned, not waited for (the OLT answers only after SLOW_S s),
    and the closed session is not taken for a dropped one and reconnected."""
    process = netops_process.start("--inventory", str(slow_ssh_olt), *command, env=PASSWORD)
    netops_process.wait_for_socket(process.pid, "tcp", state="01")  # the SSH connection is up
    run = netops_process.interrupt(process, wait_s=netops_process.slow_s / 2)
    assert run.code == 130
    target = " ".join(command[2:command.index("--via")])
    assert run.err == f"netops: interrupted during optical {command[1]} of {target}\n"


def test_ctrl_c_while_a_router_restarts_its_wifi_ends_with_the_interrupt_line(slow_router, netops_process, tmp_path):
    """The key change may note what it wrote before it stops (the Wi-Fi flow catches the
    interrupt, records, and raises it again); the funnel still ends with the one line and 130."""
    process = netops_process.start(
        "wifi", "reset", "127.0.0.1", "--port", str(slow_router), "--model", "RTF3505VW", "--generate",
        env={"NETOPS_CPE_PASSWORD": "lab-router", "XDG_DATA_HOME": str(tmp_path / "data")},
    )
    seen = ""
    while "waiting" not in seen:  # the save went out and the router went quiet
        line = process.stderr.readline()
        assert line, f"netops ended before the router restarted: {seen}"
        seen += line
    run = netops_process.interrupt(process)
    assert run.code == 130
    assert (seen + run.err).splitlines()[-1] == "netops: interrupted during wifi reset of 127.0.0.1"
    assert "Traceback" not in run.err


def test_a_reader_that_stops_reading_keeps_the_scans_status(lab_services, netops_process):
    """`netops optical scan lab-huawei -o json | head -1`: the scan is critical, so the exit is 2.
    (1,024 ONUs: far more output than a pipe holds, so the writes after the reader left fail.)"""
    process = netops_process.start("optical", "scan", "lab-huawei", "-o", "json",
                                   env={"NETOPS_LAB_DIR": str(lab_services), "NETOPS_INVENTORY": "lab"})
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does once it has its line
    err = process.stderr.read()
    assert process.wait(60) == 2, err
    assert first == "{\n" and err == ""


def test_the_shell_pipe_to_head_keeps_the_status(lab_services, tmp_path):
    script = "netops --inventory lab optical scan lab-huawei | head -1; echo \"status=${PIPESTATUS[0]}\""
    env = {"NETOPS_LAB_DIR": str(lab_services), "PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin"}
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.splitlines()[-1] == "status=2"
    assert done.stderr == ""


def test_a_scan_written_to_a_full_device_is_one_error_and_exit_3(lab_services, netops_process):
    with open("/dev/full", "w") as full:
        process = netops_process.start("optical", "scan", "lab-zte", stdout=full,
                                 env={"NETOPS_LAB_DIR": str(lab_services), "NETOPS_INVENTORY": "lab"})
        err = process.communicate(timeout=120)[1]
    assert process.returncode == 3
    assert err == ("netops: error: cannot write the output: No space left on device — free some space "
                   "or write the output somewhere else\n")

