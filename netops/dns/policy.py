"""The `dns` section of the ISP profile: which resolvers, which names, and what counts as healthy."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import Field, field_validator

from netops.dns.targets import check_name, parse_resolver
from netops.errors import InputError
from netops.profiles import ProfileModel

T = TypeVar("T")


class DnsPolicy(ProfileModel):
    resolvers: list[str] = Field(min_length=1, description="resolver addresses, primary first")
    names: list[str] = Field(min_length=1, description="names every resolver must resolve")
    count: int = Field(5, ge=1, le=100, description="queries timed per resolver")
    timeout_s: float = Field(2.0, gt=0, le=30, description="seconds to wait for one answer")
    tries: int = Field(2, ge=1, le=5, description="attempts per question before giving up")
    latency_warning_ms: float = Field(150.0, gt=0, description="median slower than this warns")
    nxdomain_probe_zone: str = Field(
        "com", description="a random label under this zone must not resolve (hijack test)"
    )
    dnssec_secure_name: str | None = Field(None, description="a correctly signed name")
    dnssec_bogus_name: str | None = Field(None, description="a name with broken signatures")
    dnssec_required: bool = Field(False, description="warn when a resolver does not validate")

    @field_validator("resolvers")
    @classmethod
    def _addresses(cls, values: list[str]) -> list[str]:
        for value in values:
            _valid(parse_resolver, value)
        return values

    @field_validator("names")
    @classmethod
    def _names(cls, values: list[str]) -> list[str]:
        return [_valid(check_name, value) for value in values]

    @field_validator("nxdomain_probe_zone", "dnssec_secure_name", "dnssec_bogus_name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return None if value is None else _valid(check_name, value)


def _valid(check: Callable[[str], T], value: str) -> T:
    try:
        return check(value)
    except InputError as exc:
        raise ValueError(exc.message) from exc
