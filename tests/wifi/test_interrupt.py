"""Ctrl-C in the middle of a change: a real SIGINT to a real `netops wifi reset` process.

The lab router answers its 5 GHz save late (`--save-seconds`), so the signal lands while that
save is on its way and after the 2.4 GHz one was written. The technician must learn which
bands were written and which were not, the audit must say `interrupted`, and the exit is 130.
"""

from __future__ import annotations

import json

import pytest

from .conftest import LAB_PASSWORD, interrupted_run

pytestmark = pytest.mark.integration


def test_ctrl_c_during_the_5ghz_save_says_what_was_written(env, router):
    server = router("mitrastar-econet", save_seconds=30)
    code, out, err = interrupted_run(
        ["wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "GPT-2741GNAC",
         "--key", "Meio-Caminho-9", "-o", "json"],
        "writing the new key on 5 GHz", {"NETOPS_CPE_PASSWORD": LAB_PASSWORD},
    )
    assert code == 130, err
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


def test_ctrl_c_during_the_only_save(env, router):
    """Interrupted while the one band's save is out: nothing confirmed anywhere."""
    server = router("askey-broadcom", save_seconds=30)
    code, _, err = interrupted_run(
        ["wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "RTF3505VW", "--band", "5"],
        "writing the new key on 5 GHz", {"NETOPS_CPE_PASSWORD": LAB_PASSWORD},
    )
    assert code == 130, err
    assert "Wi-Fi change interrupted: 5 GHz sent, not confirmed (it may still be applied)" in err
