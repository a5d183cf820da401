"""Ctrl-C in the middle of a change: a real SIGINT to a real `netops wifi reset` process.

The lab router answers its 5 GHz save late (`--save-seconds`), so the signal lands while that
save is on its way and after the 2.4 GHz one was written. The technician must learn which
bands were written and which were not, the audit must say `interrupted`, and the exit is 130.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time

import pytest

from .conftest import LAB_PASSWORD

pytestmark = pytest.mark.integration


def _stderr_until(process: subprocess.Popen, marker: str, timeout: float) -> str:
    seen = ""
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        if selector.select(timeout=0.2):
            chunk = os.read(process.stderr.fileno(), 4096).decode()
            if not chunk:
                break
            seen += chunk
    return seen


def test_ctrl_c_during_the_5ghz_save_says_what_was_written(env, router):
    server = router("mitrastar-econet", save_seconds=30)
    environment = {**os.environ, "NETOPS_CPE_PASSWORD": LAB_PASSWORD}
    process = subprocess.Popen(
        [sys.executable, "-m", "netops", "wifi", "reset", "127.0.0.1", "--port", str(server.port),
         "--model", "GPT-2741GNAC", "--key", "Meio-Caminho-9", "-o", "json"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
    )
    try:
        before = _stderr_until(process, "writing the new key on 5 GHz", 30)
        assert "writing the new key on 5 GHz" in before, before
        time.sleep(0.5)  # the 5 GHz save request is now waiting for its answer
        process.send_signal(signal.SIGINT)
        out, rest = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    err = before + rest.decode()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    (line,) = [line for line in err.splitlines() if "Wi-Fi change interrupted" in line]
    assert "2.4 GHz written, not read back" in line
    assert "5 GHz sent, not confirmed (it may still be applied)" in line
    # the CLI's funnel then ends the run with exit 130 (and its own "interrupted" line)
    assert out == b""
    assert server.state()["bands"]["2.4"]["key"] == "Meio-Caminho-9"
    (record,) = [json.loads(text) for text in env.audit_file.read_text().splitlines()]
    assert record["result"] == "interrupted"
    assert [(b["band"], b["status"], b["error"]) for b in record["bands"]] == [
        ("2.4", "unverified", "interrupted"), ("5", "pending", "interrupted"),
    ]
    assert record["message"].startswith("interrupted: 2.4 GHz unverified, 5 GHz pending")


def test_ctrl_c_before_anything_was_written(env, router):
    """Interrupted while the 2.4 GHz save of a slow router is out: nothing confirmed anywhere."""
    server = router("askey-broadcom", save_seconds=30)
    environment = {**os.environ, "NETOPS_CPE_PASSWORD": LAB_PASSWORD}
    process = subprocess.Popen(
        [sys.executable, "-m", "netops", "wifi", "reset", "127.0.0.1", "--port", str(server.port),
         "--model", "RTF3505VW", "--band", "5"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
    )
    try:
        before = _stderr_until(process, "writing the new key on 5 GHz", 30)
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    err = before + rest.decode()
    assert process.returncode == 130, err
    assert "Wi-Fi change interrupted: 5 GHz sent, not confirmed (it may still be applied)" in err
