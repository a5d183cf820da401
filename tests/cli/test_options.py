"""The options of every command, as a user reads them in help: one meaning per short flag,
choices listed, real names for values, leaf commands that look like leaves."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import typer

from netops.cli.app import app
from netops.cli.argv import GLOBAL_OPTIONS


def leaf_commands():
    """(`optical scan`, click command) for every command that runs something."""
    found = []

    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
        else:
            found.append((" ".join(path), command))

    walk(typer.main.get_command(app), [])
    return found


LEAVES = leaf_commands()


def _options(command):
    return [p for p in command.params if p.param_type_name == "option"]


def test_every_command_is_seen():
    names = {name for name, _ in LEAVES}
    assert {"optical scan", "optical onu", "triage", "diagnose", "wifi reset", "lab up", "find"} <= names
    assert len(names) >= 23


def test_a_short_flag_means_one_thing_in_every_command():
    meanings = defaultdict(set)
    for _name, command in LEAVES:
        for option in _options(command):
            shorts = [o for o in option.opts if re.fullmatch(r"-[A-Za-z]", o)]
            longs = [o for o in option.opts if o.startswith("--")]
            for short in shorts:
                meanings[short].add(longs[0])
    for option in GLOBAL_OPTIONS:
        shorts = [o for o in option.names if len(o) == 2]
        for short in shorts:
            meanings[short].add(option.names[-1])
    clashes = {short: sorted(longs) for short, longs in meanings.items() if len(longs) > 1}
    assert clashes == {}
    assert meanings["-o"] == {"--output"} and meanings["-i"] == {"--inventory"}


def test_no_command_reuses_a_global_option_name():
    global_names = {name for option in GLOBAL_OPTIONS for name in option.names}
    for name, command in LEAVES:
        for option in _options(command):
            assert not global_names & set(option.opts + option.secondary_opts), name


def _help(cli, path: str) -> str:
    result = cli(*path.split(), "--help")
    assert result.code == 0, (path, result.err)
    return result.out


@pytest.mark.parametrize("path", [name for name, _ in LEAVES])
def test_help_names_values_and_lists_choices(cli, path):
    text = _help(cli, path)
    usage = text.splitlines()[0]
    assert "COMMAND [ARGS]" not in usage, usage
    options = text.split("Options:", 1)[1]
    assert not re.search(r"<(str|text)>", options), f"{path}: an option value without a name"
    for argument in re.findall(r"[\[{]([A-Za-z_]+)[\]}]", usage):
        assert argument.isupper(), f"{path}: argument {argument} in usage"


def test_choices_are_listed(cli):
    assert re.search(r"--via [<\[]snmp\|cli\|auto[>\]]", _help(cli, "optical scan"))
    assert re.search(r"--via [<\[]web\|acs[>\]]", _help(cli, "wifi reset"))
    assert "--band 2.4|5|all" in _help(cli, "wifi reset")
    assert re.search(r"--kind [<\[]olt\|cpe\|isp[>\]]", _help(cli, "profiles list"))
    assert re.search(r"--output [<\[]table\|json\|csv\|prometheus[>\]]", _help(cli, "optical scan"))


def test_a_choice_is_checked_before_anything_runs(cli):
    result = cli("optical", "scan", "olt1", "--via", "telnet")
    assert result.code == 3 and "telnet" in result.err


def test_the_profile_kinds_of_the_option_are_the_kinds_netops_knows():
    from netops.cli.profiles import Kind
    from netops.profile_kinds import KINDS

    assert sorted(kind.value for kind in Kind) == sorted(KINDS)
