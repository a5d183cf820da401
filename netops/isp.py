"""The ISP policy profile (`profiles/isp/<id>.yaml`): thresholds, resolvers, plans, escalation.

Each capability owns one section and its schema, defined next to the code that uses it; this
module only assembles them. A section another ISP does not use may be left out.
"""

from __future__ import annotations

from netops.checks.optical_policy import OpticalPolicy
from netops.cpe.policy import CpePolicy
from netops.dns.policy import DnsPolicy
from netops.profiles import ProfileModel, load_profile
from netops.speed.policy import SpeedPolicy
from netops.triage.policy import EscalationPolicy


class IspProfile(ProfileModel):
    id: str
    name: str
    language: str = "pt-BR"
    timezone: str = "America/Bahia"
    optical: OpticalPolicy
    cpe: CpePolicy = CpePolicy()
    dns: DnsPolicy | None = None
    escalation: EscalationPolicy | None = None
    speed: SpeedPolicy = SpeedPolicy()


def load_isp(profile_id: str) -> IspProfile:
    return load_profile("isp", profile_id, IspProfile)
