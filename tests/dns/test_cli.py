"""`netops dns check` end to end: JSON shape, exit codes, table, bad input."""

from __future__ import annotations

import pytest

from .conftest import dead_address


def test_json_shape_and_exit_code_ok(netops_cli, unbound, golden):
    result = netops_cli("dns", "check", unbound.address, "-o", "json")
    assert result.code == 0, result.err
    golden("dns-check", result.json())
    data = result.json()
    assert set(data) >= {"resolvers", "consistency", "status"}
    assert data["status"] == "ok"
    resolver = data["resolvers"][0]
    assert set(resolver) >= {
        "address",
        "port",
        "status",
        "udp",
        "tcp",
        "latency_ms",
        "loss",
        "checks",
    }
    assert (resolver["address"], resolver["port"]) == ("127.0.0.1", unbound.port)
    assert set(resolver["latency_ms"]) == {"min", "median", "max"}
    assert all(set(check) >= {"name", "status", "summary"} for check in resolver["checks"])
    assert data["consistency"]["status"] == "ok"
    assert result.err == ""  # nothing but JSON, and only on stdout


def test_resolvers_default_to_the_isp_profile(netops_cli, unbound):
    result = netops_cli("dns", "check", "-o", "json", resolvers=[unbound.address, unbound.address6])
    assert result.code == 0, result.err
    assert [r["address"] for r in result.json()["resolvers"]] == ["127.0.0.1", "::1"]


def test_name_and_count_options(netops_cli, unbound):
    result = netops_cli(
        "dns",
        "check",
        unbound.address,
        "--name",
        "www.example.test",
        "--name",
        "missing.example.test",
        "--count",
        "2",
        "-o",
        "json",
    )
    assert result.code == 1
    resolver = result.json()["resolvers"][0]
    assert resolver["udp"]["sent"] == 2
    names = next(c for c in resolver["checks"] if c["name"] == "names")
    assert names["summary"] == "missing.example.test: does not exist (NXDOMAIN) (1 of 2 resolved)"


def test_one_dead_resolver_exit_1_table(netops_cli, unbound):
    dead = dead_address()
    result = netops_cli("dns", "check", unbound.address, dead, "--timeout", "0.5")
    assert result.code == 1
    assert "WARNING 1 of 2 resolvers with problems" in result.out
    assert f"{dead}: does not answer over UDP or TCP" in result.out


def test_nothing_answers_exit_2(netops_cli, golden):
    result = netops_cli("dns", "check", dead_address(), "--timeout", "0.3", "-o", "json")
    assert result.code == 2
    assert result.json()["status"] == "critical"
    golden("dns-check-dead", result.json())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["300.1.2.3"], "malformed resolver address '300.1.2.3'"),
        (["127.0.0.1:70000"], "port 70000 out of range"),
        (["[::1]:0"], "port 0 out of range"),
        (["127.0.0.1:\u00b2"], "is not a number"),
        (["224.0.0.1"], "cannot be a resolver"),
        (["dns.example"], "is not an IP address"),
        (["127.0.0.1", "--name", "bad..name"], "is not a valid DNS name"),
        (["127.0.0.1", "--count", "0"], "--count must be between 1 and 100 (got 0)"),
        (["127.0.0.1", "--count", "-3"], "--count must be between 1 and 100 (got -3)"),
        (["127.0.0.1", "--timeout", "0"], "--timeout must be more than 0"),
        (["127.0.0.1", "--timeout", "-1"], "--timeout must be more than 0"),
        (["127.0.0.1", "--count", "many"], "Invalid value for '--count'"),
        (["127.0.0.1", "-o", "xml"], "Invalid value for '--output'"),
    ],
)
def test_bad_input_is_one_line_exit_3(netops_cli, args, message):
    result = netops_cli("dns", "check", *args)
    assert result.code == 3
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("netops: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.err


def test_profile_without_dns_section(netops_cli, tmp_path, monkeypatch):
    import yaml

    path = tmp_path / "profiles" / "isp" / "nodns.yaml"
    netops_cli("--version")  # creates the profiles folder
    data = yaml.safe_load((tmp_path / "profiles" / "isp" / "dnstest.yaml").read_text())
    data.pop("dns")
    data["id"] = "nodns"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    from netops.cli.app import run

    assert run(["--isp", "nodns", "dns", "check"]) == 3


def test_help_lists_the_command(netops_cli):
    result = netops_cli("dns", "check", "--help")
    assert result.code == 0
    assert "--count" in result.out and "--name" in result.out
