"""The `cpe` section of the ISP profile: how this ISP's technicians reach customer routers."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from netops.profiles import ProfileModel


class CpePolicy(ProfileModel):
    """Defaults for `netops wifi reset` when the technician does not give them."""

    user: str = "admin"
    ports: list[Annotated[int, Field(ge=1, le=65535)]] = Field(default_factory=lambda: [80], min_length=1)
    password_env: str = "NETOPS_CPE_PASSWORD"
    key_length: Annotated[int, Field(ge=10, le=20)] = 12
