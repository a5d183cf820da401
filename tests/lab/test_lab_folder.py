"""The lab's folder as the user names it (NETOPS_LAB_DIR): a file there is one line, not a crash."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("command", [
    ("lab", "up"),
    ("lab", "up", "--free-ports"),
    ("lab", "status"),
    ("lab", "down"),
    ("--inventory", "lab", "optical", "scan", "lab-huawei"),
])
def test_a_lab_folder_that_is_a_file_is_one_line(cli, tmp_path, monkeypatch, command):
    not_a_folder = tmp_path / "lab"
    not_a_folder.write_text("a file, not a folder\n")
    monkeypatch.setenv("NETOPS_LAB_DIR", str(not_a_folder))
    result = cli(*command)
    assert result.code == 3
    assert result.err == (
        f"netops: error: the lab folder {not_a_folder} is not a folder — point NETOPS_LAB_DIR at "
        "a folder (it is created when missing)\n"
    )
    assert not_a_folder.read_text() == "a file, not a folder\n"


def test_a_lab_folder_that_cannot_be_created_is_one_line(cli, tmp_path, monkeypatch):
    parent = tmp_path / "file"
    parent.write_text("")
    monkeypatch.setenv("NETOPS_LAB_DIR", str(parent / "lab"))
    result = cli("lab", "up", "--free-ports")
    assert result.code == 3
    assert result.err.startswith(f"netops: error: cannot create the lab folder {parent / 'lab'}: Not a directory")
    assert result.err.count("\n") == 1


def test_lab_help_documents_the_status_exit_codes(cli):
    result = cli("lab", "--help")
    assert "1 when some services are stopped" in " ".join(result.out.split())


@pytest.mark.parametrize("state", [
    "garbage",
    "[1, 2]",
    '{"services": 5}',
    '{"services": [{"name": "acs", "pids": "PID"}]}',
    '{"services": [{"name": "acs", "pids": [PID], "processes": [PID, "x", {"pid": "PID"}]}]}',
    '{"services": [{"name": "acs", "pids": [PID], "endpoints": ["not", "a", "mapping"]}]}',
])
def test_a_state_file_netops_cannot_understand_runs_nothing_and_signals_nobody(cli, tmp_path, monkeypatch, state):
    import subprocess

    bystander = subprocess.Popen(["sleep", "300"], start_new_session=True)
    try:
        lab = tmp_path / "lab"
        lab.mkdir()
        (lab / "state.json").write_text(state.replace("PID", str(bystander.pid)))
        monkeypatch.setenv("NETOPS_LAB_DIR", str(lab))
        status = cli("lab", "status")
        assert status.code == 3 and "not running" in status.err
        down = cli("lab", "down", "-o", "json")
        assert down.code == 0 and down.json() == {"stopped": 0}
        with pytest.raises(subprocess.TimeoutExpired):
            bystander.wait(timeout=0.3)
    finally:
        bystander.kill()
        bystander.wait()
