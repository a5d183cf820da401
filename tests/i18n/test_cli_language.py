"""The CLI in each language: help, usage errors and netops's own errors, in one process and in a
fresh one (as a technician runs it); JSON stays English."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_help_follows_the_language_of_each_run(cli, monkeypatch):
    """Help texts are built before the language is known; each run translates its own."""
    monkeypatch.setenv("NETOPS_LANG", "pt_BR")
    pt = cli("optical", "scan", "--help")
    assert pt.code == 0
    assert "Uso: netops optical scan" in pt.out and "Opções:" in pt.out
    assert "Todas as ONUs de uma OLT" in pt.out and "Mostra esta mensagem e sai." in pt.out
    monkeypatch.setenv("NETOPS_LANG", "es")
    es = cli("optical", "scan", "--help")
    assert "Opciones:" in es.out and "Todas las ONU de una OLT" in es.out
    monkeypatch.setenv("NETOPS_LANG", "en")
    en = cli("optical", "scan", "--help")
    assert "Options:" in en.out and "Every ONU of an OLT" in en.out


def test_group_help_lists_commands_in_the_language(cli, monkeypatch):
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    monkeypatch.delenv("NETOPS_LANG")
    result = cli("--help")
    assert "Herramienta de soporte para técnicos de GPON/FTTH" in result.out
    assert "Comandos:" in result.out
    assert "[variable de entorno: NETOPS_ISP; predeterminado: netcenter]" in " ".join(result.out.split())


def test_usage_errors_are_in_the_language(cli, monkeypatch):
    monkeypatch.setenv("NETOPS_LANG", "pt_BR")
    result = cli("optical", "scan", "--bogus")
    assert result.code == 3
    assert result.err.startswith("netops: erro: ") and "(veja `netops optical scan --help`)" in result.err


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NETOPS_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    environ.update(env, COLUMNS="100")
    return subprocess.run([sys.executable, "-m", "netops", *args], env=environ, capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.mark.parametrize(("env", "args", "expected"), [
    ({"NETOPS_LANG": "pt_BR"}, ("optical", "scan", "--help"), ("Uso: netops optical scan", "Todas as ONUs de uma OLT")),
    ({"LANG": "es_MX.UTF-8"}, ("--help",), ("Uso: netops", "Herramienta de soporte")),
    ({"LC_ALL": "C"}, ("--help",), ("Usage: netops", "Support tool for GPON/FTTH")),
])
def test_a_fresh_netops_speaks_the_language_of_its_environment(env, args, expected):
    result = _run(env, *args)
    assert result.returncode == 0, result.stderr
    for text in expected:
        assert text in result.stdout
