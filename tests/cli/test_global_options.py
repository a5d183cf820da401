"""Global options are read wherever they are typed, and the hints netops prints carry them."""

from __future__ import annotations

import pytest
import typer

from netops.cli import argv, render
from netops.cli.app import app


@pytest.fixture(scope="module")
def command():
    return typer.main.get_command(app)


@pytest.mark.parametrize("args", [
    ["--inventory", "inv.yaml", "optical", "scan", "olt1"],
    ["optical", "scan", "olt1", "--inventory", "inv.yaml"],
    ["optical", "--inventory=inv.yaml", "scan", "olt1"],
    ["optical", "scan", "-i", "inv.yaml", "olt1"],
    ["optical", "scan", "olt1", "-iinv.yaml"],
])
def test_the_inventory_is_found_before_or_after_the_command(command, args):
    given, rest = argv.split(command, args)
    assert given.inventory == "inv.yaml"
    assert rest == ["optical", "scan", "olt1"]
    assert given.hint_options() == [("--inventory", "inv.yaml")]


def test_every_global_option_after_the_command(command):
    given, rest = argv.split(command, ["dns", "check", "1.1.1.1", "--isp", "other", "--debug", "-o", "json"])
    assert (given.isp, given.debug, given.version) == ("other", True, False)
    assert rest == ["dns", "check", "1.1.1.1", "-o", "json"]


def test_a_value_of_a_commands_own_option_is_not_a_global_option(command):
    """`--ssid --debug` names an SSID, and everything after `--` is the command's."""
    given, rest = argv.split(command, ["wifi", "reset", "h", "--ssid", "--debug", "--", "-i"])
    assert not given.debug and given.inventory is None
    assert rest == ["wifi", "reset", "h", "--ssid", "--debug", "--", "-i"]


def test_a_missing_value_is_bad_input(cli):
    result = cli("optical", "scan", "olt1", "--inventory")
    assert result.code == 3
    assert result.err == "netops: error: option --inventory needs a value — see `netops --help`\n"
    flag = cli("optical", "scan", "--debug=yes")
    assert flag.code == 3 and "--debug takes no value" in flag.err


def test_an_inventory_after_the_command_is_the_one_read(cli, tmp_path):
    missing = tmp_path / "nowhere.yaml"
    result = cli("optical", "scan", "olt1", "--inventory", str(missing))
    assert result.code == 3 and str(missing) in result.err


def test_the_isp_after_the_command_is_the_one_used(cli):
    result = cli("dns", "check", "--isp", "no-such-isp")
    assert result.code == 3 and "no-such-isp" in result.err


def test_version_and_help_anywhere(cli):
    assert cli("optical", "scan", "--version").out.startswith("netops ")
    top = cli("--help").out
    assert "Global options (before or after the command)" in top
    assert "-i, --inventory FILE|lab" in top


def test_hinted_commands_get_the_global_options_this_run_was_given(monkeypatch):
    monkeypatch.setattr(render, "hint_options", [("--inventory", "lab"), ("--isp", "my isp")])
    text = "check the ONU id; `netops optical scan olt1 --pon 0/1/0` lists the port, `netops lab up` starts"
    assert render.hint_commands(text) == (
        "check the ONU id; `netops --inventory lab --isp 'my isp' optical scan olt1 --pon 0/1/0` lists "
        "the port, `netops --inventory lab --isp 'my isp' lab up` starts")
    already = "`netops --inventory lab ixc ticket 1`"
    assert render.hint_commands(already) == "`netops --isp 'my isp' --inventory lab ixc ticket 1`"
    monkeypatch.setattr(render, "hint_options", [])
    assert render.hint_commands(text) == text
