"""No secret leaks: the router password and old keys never appear; the new key only where shown."""

from __future__ import annotations

import json

import pytest

from .conftest import FAMILY_MODEL

pytestmark = pytest.mark.integration  # real servers on loopback

PASSWORD = "S3nh@-Rot3ador"
OLD_KEYS = ("OldKey2g2024", "OldKey5g2024")


@pytest.mark.parametrize("family", sorted(FAMILY_MODEL))
@pytest.mark.parametrize("output", ["json", "table"])
def test_no_secret_in_output_logs_or_audit(env, cli, router, monkeypatch, family, output):
    server = router(family, password=PASSWORD, faults="expire_session")
    monkeypatch.setenv("NETOPS_CPE_PASSWORD", PASSWORD)
    key = "Chave-Nova-2024"
    result = cli("--debug", "wifi", "reset", "127.0.0.1", "--port", str(server.port),
                 "--model", FAMILY_MODEL[family], "--key", key, "-o", output)
    assert result.code == 0, result.err
    audit_text = env.audit_file.read_text()
    server_log = server.log.read_text()
    for text in (result.out, result.err, audit_text, server_log):
        assert PASSWORD not in text
        for old in OLD_KEYS:
            assert old not in text
    # the key is shown once on stderr before anything is sent, and once in the result
    assert result.err.count(key) == 1 and "New Wi-Fi key" in result.err
    assert result.out.count(key) == 1
    if output == "json":
        assert result.json()["key"] == key
    assert key not in audit_text and key not in server_log
    record = json.loads(audit_text.splitlines()[-1])
    assert record["key_fingerprint"].startswith("hmac-sha256:")
    assert set(record) >= {"time", "operator", "host", "model", "bands", "result", "key_fingerprint"}


def test_no_secret_in_errors(env, cli, router, monkeypatch):
    server = router("mitrastar-econet", password=PASSWORD)
    monkeypatch.setenv("NETOPS_CPE_PASSWORD", PASSWORD + "x")
    result = cli("--debug", "wifi", "reset", "127.0.0.1", "--port", str(server.port),
                 "--model", "GPT-2741GNAC", "--key", "Chave-Nova-2024")
    assert result.code == 3
    assert PASSWORD not in result.err and PASSWORD not in env.audit_file.read_text()


def test_audit_fingerprint_identifies_the_key_with_the_installation_salt(env, cli, router):
    from netops.cpe.keys import fingerprint

    server = router("askey-econet")
    cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "RTF8115VW", "--key", "Primeira-1")
    cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "RTF8115VW", "--key", "Segunda-22")
    first, second = env.audit()
    salt_file = env.audit_file.parent / "salt"
    assert oct(salt_file.stat().st_mode & 0o777) == "0o600"
    assert oct(env.audit_file.stat().st_mode & 0o777) == "0o600"
    salt = bytes.fromhex(salt_file.read_text())
    assert first["key_fingerprint"] == fingerprint("Primeira-1", salt)
    assert second["key_fingerprint"] == fingerprint("Segunda-22", salt)
    assert first["key_fingerprint"] != second["key_fingerprint"]
    assert first["operator"] == "tech-ana" and first["host"] == "127.0.0.1" and first["port"] == server.port
    assert first["bands"] == [
        {"band": "2.4", "status": "changed", "verified": True, "error": None},
        {"band": "5", "status": "changed", "verified": True, "error": None},
    ]
