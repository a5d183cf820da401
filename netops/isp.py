"""The ISP policy profile (`profiles/isp/<id>.yaml`): thresholds, resolvers, plans, escalation.

Each capability owns one section and its schema, defined next to the code that uses it, and
registers it in `SECTIONS` by name; this module only assembles them. It sits at the bottom of the
layers, so it never imports a capability: the section schemas are named here as
`module:Class` and resolved when a profile is first validated (the type checker reads the same
names below). A section another ISP does not use may be left out.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pydantic import Field

from netops.profiles import ProfileModel, load_profile

if TYPE_CHECKING:  # for the type checker only: at run time the sections are found by name
    from netops.checks.optical_policy import OpticalPolicy
    from netops.cpe.policy import CpePolicy
    from netops.dns.policy import DnsPolicy
    from netops.speed.policy import SpeedPolicy
    from netops.triage.policy import EscalationPolicy

# section name -> the schema its capability defines (`module:Class`)
SECTIONS: dict[str, str] = {
    "optical": "netops.checks.optical_policy:OpticalPolicy",
    "cpe": "netops.cpe.policy:CpePolicy",
    "dns": "netops.dns.policy:DnsPolicy",
    "escalation": "netops.triage.policy:EscalationPolicy",
    "speed": "netops.speed.policy:SpeedPolicy",
}


class IspProfile(ProfileModel):
    id: str
    name: str
    language: str = "pt-BR"
    timezone: str = "America/Bahia"
    optical: OpticalPolicy
    cpe: CpePolicy = Field(default_factory=lambda: _default("cpe"))
    dns: DnsPolicy | None = None
    escalation: EscalationPolicy | None = None
    speed: SpeedPolicy = Field(default_factory=lambda: _default("speed"))


def _section(name: str) -> type[ProfileModel]:
    module_name, _, class_name = SECTIONS[name].partition(":")
    schema: type[ProfileModel] = getattr(importlib.import_module(module_name), class_name)
    return schema


def _default(name: str) -> Any:
    """A section the profile leaves out: the capability's defaults."""
    return _section(name)()


def isp_schema() -> type[IspProfile]:
    """The ISP profile's schema with every registered section resolved (done once)."""
    if not IspProfile.__pydantic_complete__:
        sections = [_section(name) for name in SECTIONS]
        IspProfile.model_rebuild(_types_namespace={schema.__name__: schema for schema in sections})
    return IspProfile


def load_isp(profile_id: str) -> IspProfile:
    return load_profile("isp", profile_id, isp_schema())
