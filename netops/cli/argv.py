"""Global options wherever they are typed: `netops -i lab optical scan X` and
`netops optical scan X -i lab` are the same command.

netops reads its global options (`--inventory/-i`, `--isp`, `--debug`, `--version`) itself, out of
the whole command line, before the command is parsed; what is left goes to the command. The walk
knows each command's own options, so the value of an option that takes one (`--key -i...`) is
never read as a global option; `--` ends the options as usual.

Reading them here rather than as options of the top-level command also keeps `--help` of every
command cheap: the command framework converts every declared option value (defaults included)
through a validation library that help alone does not need.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from netops.errors import InputError
from netops.i18n import N_, _


@dataclass(frozen=True)
class GlobalOption:
    names: tuple[str, ...]
    attribute: str
    metavar: str  # "" for a flag
    help: str  # English, marked for translation (shown translated in help)
    notes: str = ""  # `[default: ...]`, as typer writes it for the other options


GLOBAL_OPTIONS = (
    GlobalOption(("-i", "--inventory"), "inventory", "FILE|lab",
                 N_("Inventory YAML (or 'lab' for the running lab). Default: $NETOPS_INVENTORY, "
                    "else ~/.config/netops/inventory.yaml.")),
    GlobalOption(("--isp",), "isp", "ID", N_("ISP policy profile id."), "  [env var: NETOPS_ISP; default: netcenter]"),
    GlobalOption(("--debug",), "debug", "", N_("Show tracebacks and debug logs on stderr.")),
    GlobalOption(("--version",), "version", "", N_("Show the version and exit.")),
)
_BY_NAME = {name: option for option in GLOBAL_OPTIONS for name in option.names}
DEFAULT_ISP = "netcenter"


@dataclass
class GlobalValues:
    """The global options found on a command line; `typed` keeps those given with a value, as
    typed, so a hint can repeat them (`--inventory lab`)."""

    inventory: str | None = None
    isp: str | None = None
    debug: bool = False
    version: bool = False
    typed: list[str] = field(default_factory=list)

    def chosen_isp(self) -> str:
        return self.isp or os.environ.get("NETOPS_ISP") or DEFAULT_ISP

    def hint_options(self) -> list[tuple[str, str]]:
        """(`--inventory`, `lab`)...: what a command printed as a hint needs to work as typed."""
        return list(zip(self.typed[::2], self.typed[1::2]))


def split(command: Any, args: list[str]) -> tuple[GlobalValues, list[str]]:
    """The global options anywhere in `args`, and the rest for the command to parse.

    `command` is the top-level click command: the walk follows its subcommands as their names
    appear, to know which of the current command's options take a value.
    """
    found = GlobalValues()
    rest: list[str] = []
    current = command
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token == "--":
            rest += args[index - 1:]
            break
        name, value = _split_token(token)
        option = _BY_NAME.get(name)
        if option is not None:
            if option.metavar:
                if value is None:
                    if index >= len(args):
                        raise InputError(_("option {name} needs a value").format(name=name),
                                         hint=_("see `netops --help`"))
                    value = args[index]
                    index += 1
                setattr(found, option.attribute, value)
                found.typed += [option.names[-1], value]
            elif value is not None:
                raise InputError(_("option {name} takes no value").format(name=name),
                                 hint=_("see `netops --help`"))
            else:
                setattr(found, option.attribute, True)
            continue
        rest.append(token)
        if token.startswith("-") and token != "-":
            if value is None and _takes_value(current, token) and index < len(args):
                rest.append(args[index])
                index += 1
            continue
        sub = getattr(current, "commands", {}).get(token)
        if sub is not None:
            current = sub
    return found, rest


def _split_token(token: str) -> tuple[str, str | None]:
    """`--inventory=lab` -> (`--inventory`, `lab`); `-ilab` -> (`-i`, `lab`); else (token, None)."""
    if token.startswith("--"):
        name, equals, value = token.partition("=")
        return name, value if equals else None
    if token.startswith("-") and len(token) > 2 and token[:2] in _BY_NAME and _BY_NAME[token[:2]].metavar:
        return token[:2], token[2:]
    return token, None


def _takes_value(command: Any, token: str) -> bool:
    """Whether `token` is one of `command`'s own options that is followed by a value."""
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", "") != "option":
            continue
        if token in param.opts or token in param.secondary_opts:
            return not (param.is_flag or param.count)
    return False
