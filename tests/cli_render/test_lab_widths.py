"""The other tables at 80 and 120 columns, against a private lab (every service on free
loopback ports): `lab status`, `dns check`, `speed test`, `wifi reset`, `diagnose` and
`ixc ticket|diagnose`; and the lab's "Try:" commands, one unbroken line each at 40 columns."""

from __future__ import annotations

import pytest

from .conftest import WIDTHS, assert_fits, command_problem, rows, table_lines

pytestmark = pytest.mark.integration

AT = "2026-07-08T10:00"


@pytest.fixture
def endpoints(full_lab, monkeypatch, tmp_path):
    directory, found = full_lab
    monkeypatch.setenv("NETOPS_LAB_DIR", str(directory))
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "no-user-profiles"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the Wi-Fi audit log too
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_lab_status(endpoints, at_width, width):
    result = at_width(width, "lab", "status")
    assert result.code == 0, result.err
    table = result.out.split("Try:", 1)[0]
    assert_fits(table, width)
    for service, where in endpoints.items():
        assert service in table
        for address in where.values():  # one endpoint a line: an address is never split
            assert any(address.split()[-1] in line for line in table.splitlines()), address


def test_the_commands_to_try_stay_one_line_each(endpoints, at_width):
    usage = [line for svc in at_width(40, "lab", "status", "-o", "json").json()["services"]
             for line in svc["usage"]]
    printed = at_width(40, "lab", "status").out.split("Try:\n", 1)[1].splitlines()
    assert len(usage) > 10 and any(len(line) > 40 for line in usage)
    assert printed == [f"  {line}" for line in usage]


def test_the_commands_to_try_work_as_printed(endpoints, at_width):
    """Each netops line of "Try:" is a command its parser accepts (the environment variables
    in front of it are the shell's, the `# ...` after it a comment)."""
    usage = [line for svc in at_width(80, "lab", "status", "-o", "json").json()["services"]
             for line in svc["usage"]]
    commands = [line[line.index("netops "):] for line in usage if "netops " in line]
    assert len(commands) > 10
    assert [problem for line in commands if (problem := command_problem(line))] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_dns_check(endpoints, at_width, width):
    resolver = endpoints["dns"]["resolver"]
    data = at_width(width, "dns", "check", resolver, "-o", "json").json()
    result = at_width(width, "dns", "check", resolver)
    assert_fits(result.out, width)
    table = rows(result.out)
    assert table[0][0] == resolver  # the resolver whole, on its first row
    checks = [c for r in data["resolvers"] for c in r["checks"]]
    shown = [cells for cells in table_lines(result.out) if cells[1]]  # one line a check
    assert [(cells[1], cells[2]) for cells in shown] == [(c["name"], c["status"].upper()) for c in checks]


@pytest.mark.parametrize("width", WIDTHS)
def test_speed_test(endpoints, at_width, width):
    server = endpoints["speed"]["http"]
    args = ("speed", "test", "--server", server, "--plan-down", "100", "--duration", "1",
            "--warmup", "0.2", "--no-upload")
    result = at_width(width, *args)
    assert_fits(result.out, width)
    assert server in result.out  # the URL whole
    for label in ("Download", "Ping", "Plan", "Status"):
        assert label in result.out


@pytest.mark.parametrize("width", WIDTHS)
def test_wifi_reset(endpoints, at_width, monkeypatch, width):
    port = endpoints["routers"]["mitrastar-econet"].rsplit(":", 1)[1].strip("/")
    monkeypatch.setenv("NETOPS_CPE_PASSWORD", "lab-router")
    result = at_width(width, "wifi", "reset", "127.0.0.1", "--port", port, "--model", "GPT-2741GNAC",
                      "--key", "Chave-Nova-2026")
    assert result.code == 0, result.err
    assert_fits(result.out, width)
    bands = {cells[0]: cells for cells in rows(result.out)}
    assert set(bands) == {"2.4 GHz", "5 GHz"}
    assert "NETCENTER-2G" in bands["2.4 GHz"] and "changed" in bands["2.4 GHz"]


@pytest.mark.parametrize("width", WIDTHS)
def test_diagnose(endpoints, at_width, tmp_path, width):
    ticket = tmp_path / "ticket.yaml"
    ticket.write_text("customer: Cliente Lab\ncomplaint: intermittent\nolt: lab-huawei\n"
                      "onu: 0/1/0:3\n", encoding="utf-8")
    args = ("--inventory", "lab", "diagnose", "-t", str(ticket), "--at", AT, "--skip-speed")
    data = at_width(width, *args, "-o", "json").json()
    result = at_width(width, *args)
    assert result.code == 0, result.err
    head, text = result.out.split("ticket text", 1)
    assert_fits(head, width)
    assert {cells[0]: cells[1] for cells in rows(head)} == {
        c["name"]: c["status"].upper() for c in data["checks"]}
    assert text.splitlines()[1:] == data["message"].splitlines()
    assert at_width(40, *args, "-o", "text").out == data["message"] + "\n"


@pytest.mark.parametrize("width", (40, *WIDTHS))
def test_ixc_ticket_and_diagnose(endpoints, at_width, monkeypatch, width):
    monkeypatch.setenv("NETOPS_IXC_TOKEN", "1:ixclab")
    shown = at_width(width, "--inventory", "lab", "ixc", "ticket", "1001")
    assert shown.code == 0, shown.err
    assert_fits(shown.out, width)
    args = ("--inventory", "lab", "ixc", "diagnose", "1001", "--at", AT, "--skip-speed")
    data = at_width(width, *args, "-o", "json").json()
    result = at_width(width, *args)
    assert result.code == 0, result.err
    assert "│" not in result.out.split("ticket text", 1)[1]  # nothing to paste is boxed
    assert "would post on IXC ticket 1001" in result.out and "…" not in result.out
    for line in data["message"].splitlines():
        assert line in result.out.splitlines()
    assert at_width(40, *args, "-o", "text").out == data["message"] + "\n"


@pytest.mark.parametrize(("olt", "onu", "via"), [
    ("lab-huawei-telnet", "0/9/0:2", "cli"),  # no SNMP on this one: the listing must say --via cli
    ("lab-huawei", "0/9/0:2", "cli"),
    ("lab-huawei", "0/9/0:2", "snmp"),
    ("lab-zte", "1/1/1:99", "cli"),
    ("lab-zte", "1/1/1:99", "snmp"),
])
def test_the_hint_of_an_unknown_onu_runs_as_printed(endpoints, at_width, monkeypatch, olt, onu, via):
    """The error names a command that lists the ONUs; pasted as printed, it lists them (over
    the path that was used: a telnet-only OLT has no SNMP to fall back on)."""
    import re
    import shlex

    monkeypatch.setenv("NETOPS_LAB_OLT_PASSWORD", "netops-lab")
    failed = at_width(80, "--inventory", "lab", "optical", "onu", olt, onu, "--via", via)
    assert failed.code == 3 and failed.out == ""
    hinted = re.findall(r"`(netops [^`]*)`", failed.err)
    assert hinted, failed.err
    words = shlex.split(hinted[0])
    assert words[:3] == ["netops", "--inventory", "lab"]
    listed = at_width(80, *words[1:])
    # it ran and judged the ONUs; or, for a port without ONUs, named the ports that have them
    assert listed.code in (0, 1, 2) or "ports with ONUs on this OLT: 0/1/0" in listed.err, listed.err
