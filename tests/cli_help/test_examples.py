"""The examples at the end of each command's help: two or three per command, each one a command
the real parser accepts as printed, naming what exists on the lab (its OLTs, its usual ports) or in
a source checkout (docs/examples/, profiles/)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from netops.cli import argv
from netops.cli.app import app
from netops.cli.examples import EXAMPLES
from netops.lab import acs_nbi, dns_resolver, ixc_server, routers, snmp_olt, speed_server, ssh_olt
from netops.lab.olt_data import LAB_OLTS

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT = re.compile(r"[A-Z][A-Z0-9_]*=")


def leaf_commands() -> dict[str, typer.core.TyperCommand]:
    """`optical scan` -> its click command, for every command that runs something."""
    found = {}

    def walk(command, path):
        if getattr(command, "commands", None):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            found[" ".join(path)] = command

    walk(typer.main.get_command(app), [])
    return found


LEAVES = leaf_commands()
ALL_EXAMPLES = [(path, example) for path, examples in EXAMPLES.items() for example in examples]


def parse(command_line: str):
    """(command path, click context) of a command line as netops would parse it: environment
    assignments first, netops's global options anywhere, every option and argument of the command
    converted (an unknown option, a bad choice or a missing argument raises)."""
    words = shlex.split(command_line)
    while words and ENVIRONMENT.match(words[0]):
        words.pop(0)
    assert words[:1] == ["netops"], command_line
    command = typer.main.get_command(app)
    _given, rest = argv.split(command, words[1:])
    path = []
    while getattr(command, "commands", None):
        name = rest.pop(0)
        assert name in command.commands, (command_line, name)
        command = command.commands[name]
        path.append(name)
    context = command.make_context(" ".join(["netops", *path]), rest)
    return " ".join(path), context


def test_every_command_has_two_or_three_examples():
    assert set(EXAMPLES) == set(LEAVES), "examples for commands that do not exist, or commands without"
    counts = {path: len(examples) for path, examples in EXAMPLES.items()}
    assert {path: n for path, n in counts.items() if not 2 <= n <= 3} == {}


@pytest.mark.parametrize(("path", "example"), ALL_EXAMPLES, ids=[e.command for _, e in ALL_EXAMPLES])
def test_an_example_is_a_command_the_parser_accepts(path, example):
    parsed_path, context = parse(example.command)
    assert parsed_path == path, "an example belongs to the command it runs"
    assert example.comment and "\n" not in example.comment and "\n" not in example.command


def test_a_mistake_in_an_example_fails_the_parse():
    with pytest.raises(typer.core._click.exceptions.NoSuchOption):
        parse("netops --inventory lab optical scan lab-huawei --flaged")
    with pytest.raises(typer.core._click.exceptions.BadParameter):
        parse("netops --inventory lab optical onu lab-huawei 0/1/0:3 --via telepathy")
    with pytest.raises(typer.core._click.exceptions.MissingParameter):
        parse("netops optical onu lab-huawei")


def _lab_ports() -> set[int]:
    """The usual ports of `netops lab up` (without --free-ports), from the lab's own modules."""
    olts = len(LAB_OLTS)
    ports = {snmp_olt.BASE_PORT + n for n in range(olts)}
    ports |= {ssh_olt.BASE_PORT + n for n in range(olts)} | {ssh_olt.TELNET_BASE_PORT + n for n in range(olts)}
    ports |= {dns_resolver.PORT, dns_resolver.FAULTY_PORT, acs_nbi.DEFAULT_PORT, ixc_server.DEFAULT_PORT}
    ports |= {speed_server.HTTP_PORT, speed_server.SLOW_LINE_PORT, speed_server.IPERF3_PORT}
    ports |= {port for port, _model, _forbidden in routers.FAMILIES.values()}
    return ports


@pytest.mark.parametrize(("path", "example"), ALL_EXAMPLES, ids=[e.command for _, e in ALL_EXAMPLES])
def test_an_example_names_what_the_lab_or_the_checkout_has(path, example):
    _path, context = parse(example.command)
    values = [str(v) for value in context.params.values()
              for v in (value if isinstance(value, list | tuple) else [value]) if v is not None]
    for value in values:
        if value.startswith(("docs/", "profiles/")):
            assert (ROOT / value).is_file(), value
    lab_olts = {olt.name for olt in LAB_OLTS}
    for name in ("olt", "olts"):
        given = context.params.get(name)
        for olt in [given] if isinstance(given, str) else given or ():
            assert olt in lab_olts | {f"{n}-telnet" for n in lab_olts}, olt
    served = context.params.get("listen")  # `serve --listen` names a port of its own, not the lab's
    addresses = [v for v in values if v != served] + [w for w in shlex.split(example.command) if "=" in w]
    for port in re.findall(r"127\.0\.0\.1:(\d+)", " ".join(addresses)):
        assert int(port) in _lab_ports(), (example.command, port)
    if path == "wifi reset" and context.params.get("port") is not None:
        assert context.params["port"] in _lab_ports(), example.command


def test_the_lab_ports_seen_are_the_lab_ones():
    """The port check above compares against the ports `netops lab up` prints."""
    assert {5300, 5301, 16161, 18082, 18300, 17557} <= _lab_ports()


@pytest.mark.parametrize("path", sorted(EXAMPLES))
def test_help_ends_with_the_examples_unwrapped(cli, monkeypatch, path):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(*path.split(), "--help")
    assert result.code == 0, result.err
    lines = result.out.rstrip("\n").splitlines()
    heading = lines.index("Examples:")
    section = [line.strip() for line in lines[heading + 1:] if line.strip()]
    expected = [text for e in EXAMPLES[path] for text in (f"# {e.comment}", e.command)]
    assert section == expected  # the last section, each command whole on its line


def test_the_comments_are_translated_the_commands_never(cli, monkeypatch):
    from netops.i18n import catalog

    monkeypatch.setenv("NETOPS_LANG", "es")
    result = cli("optical", "scan", "--help")
    assert result.code == 0
    spanish = catalog("es")
    comment, heading = spanish.gettext(EXAMPLES["optical scan"][0].comment), spanish.gettext("Examples")
    assert f"{heading}:" in result.out and f"# {comment}" in result.out
    for example in EXAMPLES["optical scan"]:
        assert example.command in result.out
