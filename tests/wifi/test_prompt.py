"""The password prompt: asked on a terminal, never echoed, and the change goes through."""

from __future__ import annotations

import os
import pty
import select
import sys
import time

import pytest

from .conftest import LAB_PASSWORD

pytestmark = pytest.mark.integration  # real servers on loopback


def _read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _wait(pid: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    os.kill(pid, 9)
    return os.waitpid(pid, 0)[1]


def test_password_prompt_on_a_terminal(env, router):
    server = router("askey-econet")
    environment = {k: v for k, v in os.environ.items() if k != "NETOPS_CPE_PASSWORD"}
    environment["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    pid, fd = pty.fork()
    if pid == 0:  # child: netops on a real terminal
        os.execve(sys.executable, [sys.executable, "-m", "netops", "wifi", "reset", "127.0.0.1", "--port",
                                   str(server.port), "--model", "RTF8115VW", "--key", "Pelo-Terminal-1"], environment)
    try:
        # the prompt's last character is written once echo is off (getpass); typing earlier would
        # be flushed by the terminal, as it would for a person typing ahead
        before = _read_until(fd, b"password: ", 30)
        assert b"Router password" in before
        time.sleep(0.2)
        os.write(fd, (LAB_PASSWORD + "\n").encode())
        after = _read_until(fd, b"Status", 30)
        status = _wait(pid, 10)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, after.decode(errors="replace")
    assert LAB_PASSWORD.encode() not in before + after  # not echoed
    assert server.state()["bands"]["2.4"]["key"] == "Pelo-Terminal-1"
