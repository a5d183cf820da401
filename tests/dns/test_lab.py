"""`netops lab` starts a resolver that `netops dns check` is happy with, offline."""

from __future__ import annotations

import json

import pytest

from netops.lab import manager


@pytest.fixture
def lab(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_LAB_DIR", str(tmp_path / "lab"))
    monkeypatch.delenv("NETOPS_ISP", raising=False)
    services = manager.up(tmp_path / "lab", fixed_ports=False, only=["dns"])
    yield services[0]
    assert manager.down(tmp_path / "lab") == 1


def run(capsys, *args):
    from netops.cli.app import run as netops

    capsys.readouterr()
    code = netops(list(args))
    return code, capsys.readouterr()


def test_lab_resolver_passes_the_netcenter_checks(lab, capsys):
    good = lab.endpoints["resolver"]
    assert lab.usage[0] == f"netops dns check {good}"
    code, out = run(capsys, "dns", "check", good, "-o", "json")
    assert code == 0, out.out
    data = json.loads(out.out)
    assert data["status"] == "ok"
    checks = {c["name"]: c for c in data["resolvers"][0]["checks"]}
    assert checks["dnssec"]["summary"].startswith("validates DNSSEC: registro.br is secure (AD)")


def test_lab_second_resolver_drops_udp(lab, capsys):
    good, faulty = lab.endpoints["resolver"], lab.endpoints["resolver (UDP dropped)"]
    code, out = run(capsys, "dns", "check", good, faulty, "--timeout", "0.5")
    assert code == 1
    assert "a firewall is dropping UDP" in out.out
