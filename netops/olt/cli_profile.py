"""Schema of the `cli:` section of an OLT profile: how to read ONUs over the OLT's own CLI.

Commands are templates filled with `{frame} {slot} {port} {pon} {onu_id} {serial} {serial_hex}`;
each names a parser from `netops.olt.cli_parsers.PARSERS`. Device messages that mean "offline" or
"not found" are regular expressions here, so a new firmware's wording is a profile edit.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from netops.i18n import L_
from netops.profiles import ProfileModel


class Evidence(ProfileModel):
    """How sure we are of one profile fact, and why (printed per item in docs/vendors.md).

    confirmed: seen in a real device's published output (a recorded walk, pasted CLI output);
    documented: the vendor's own MIB or manual says so, no published device output seen;
    inferred: from third-party code or an ambiguous text, to be checked on a real device.
    """

    level: Literal["confirmed", "documented", "inferred"]
    source: str = Field(min_length=3, description="where: a MIB object, a published output, a tool")

Reading = Literal["rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c", "distance_m", "last_up", "last_down", "uptime_s"]
Field_ = Literal["name", "description", "down_cause", "rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c",
                 "distance_m", "last_up", "last_down", "uptime_s"]


def _check_parser(value: str) -> str:
    from netops.olt.cli_parsers import PARSERS

    if value not in PARSERS:
        raise ValueError(L_("unknown CLI parser {value!r}; known: {known}", value=value, known=", ".join(sorted(PARSERS))))
    return value


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(L_("{value!r} is not a regular expression: {exc}", value=value, exc=exc)) from None
    return value


Regex = Annotated[str, AfterValidator(_check_regex)]


class CliCommand(ProfileModel):
    command: str = Field(description="template, e.g. 'display ont info {port} {onu_id}'")
    parser: Annotated[str, AfterValidator(_check_parser)]
    args: dict[str, str] = Field(default_factory=dict, description="extra parser arguments")
    in_port_mode: bool = Field(False, description="run inside the port's mode (see port_mode)")
    online_only: bool = Field(False, description="skip for an ONU known to be offline")
    optional: bool = Field(False, description="one-ONU reads go on without it if the OLT refuses it")
    alternatives: list[CliCommand] = Field(
        default_factory=list, description="other forms of the same command, tried when the OLT refuses this one"
    )
    evidence: Evidence | None = None


class CliPortMode(ProfileModel):
    """Commands that enter the mode some commands need (Huawei: `interface gpon F/S`)."""

    enter: list[str]
    leave: list[str]


class CliMessages(ProfileModel):
    """Device messages (regular expressions, searched in the output)."""

    offline: list[Regex] = Field(default_factory=list)
    not_found: list[Regex] = Field(default_factory=list)
    failure: list[Regex] = Field(default_factory=list, description="any other refusal")


class CliProfile(ProfileModel):
    device_type: str = Field(description="netmiko device type for SSH")
    telnet_device_type: str | None = Field(None, description="netmiko device type for telnet")
    connect_timeout_s: float = Field(10.0, gt=0, le=120)
    command_timeout_s: float = Field(20.0, gt=0, le=600, description="no prompt within this = timeout")
    retries: int = Field(1, ge=0, le=3, description="reconnects after a dropped session")
    pool_size: int = Field(1, ge=1, le=8, description="sessions a scan may open toward one OLT")
    pager: Regex = Field(description="the pager prompt")
    pager_answer: str = " "
    smart_prompt: Regex | None = Field(None, description="parameter prompt answered with Enter")
    port_mode: CliPortMode | None = None
    onu: list[CliCommand] = Field(description="commands reading one ONU")
    port: list[CliCommand] = Field(description="commands reading a whole PON port, in one round")
    port_fallback: list[CliCommand] = Field(
        default_factory=list, description="per-ONU commands for online ONUs when a port command is refused"
    )
    discover: list[CliCommand] = Field(description="list every provisioned ONU of the OLT, once per scan")
    discover_frames: list[int] = Field([0], description="values of {frame} for discover")
    serial: CliCommand = Field(description="finds the ONU with a serial number")
    phases: dict[str, Literal["online", "offline", "unknown"]] = Field(
        default_factory=dict, description="vendor phase words (ZTE) -> state; others are offline"
    )
    phase_causes: dict[str, str] = Field(default_factory=dict, description="phase word -> down cause")
    causes: dict[str, str | None] = Field(
        default_factory=dict, description="down-cause text -> name, where normalising is not enough"
    )
    messages: CliMessages = Field(default_factory=CliMessages)
    unsupported: list[Reading] = Field(default_factory=list, description="readings and details the CLI never shows")
    scan_lacks: list[Field_] = Field(
        default_factory=list, description="fields the per-port commands do not show (null in scans)"
    )
