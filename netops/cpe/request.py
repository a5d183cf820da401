"""What a Wi-Fi change is asked to do, checked before anything is sent.

`build_request` turns what a technician (or a script) gives into a `ResetRequest`: the access
path, the router address, the profile of the model, the bands, the key (generated with `secrets`
when none is given) and the SSID, each checked against WPA2's and the profile's rules. Bad input
is an `InputError` here, before any traffic. The router password is the caller's to supply.
"""

from __future__ import annotations

from dataclasses import dataclass

from netops.cpe.keys import generate_key, validate_key, validate_ssid
from netops.cpe.policy import CpePolicy
from netops.cpe.profile import CpeProfile
from netops.errors import ConfigError, InputError
from netops.i18n import L_

ALL_BANDS = ["2.4", "5"]


@dataclass
class ResetRequest:
    host: str
    model: str
    bands: list[str]
    explicit_band: bool
    key: str
    ssid: str | None = None
    via: str = "web"
    user: str = "admin"
    ports: tuple[int, ...] = (80,)
    password: str | None = None
    wait: float | None = None
    timeout: float = 8.0


def cpe_profiles() -> list[CpeProfile]:
    from netops.profiles import iter_profiles

    found = []
    for _, _, loaded in iter_profiles("cpe", CpeProfile):
        if isinstance(loaded, ConfigError):
            continue
        found.append(loaded)
    return found


def supported_models() -> list[str]:
    return sorted({m for p in cpe_profiles() for m in p.models})


def profile_for_model(model: str) -> CpeProfile:
    """The profile covering a label model (case-insensitive; `-N1`-style suffixes accepted)."""
    from netops.profiles import iter_profiles

    broken: list[ConfigError] = []
    for _, _, loaded in iter_profiles("cpe", CpeProfile):
        if isinstance(loaded, ConfigError):
            broken.append(loaded)
            continue
        if loaded.covers(model):
            return loaded
    if broken:
        raise ConfigError(
            L_("no valid router profile covers model {model!r}; a profile file is broken: {message}", model=model, message=broken[0].message),
            hint=L_("fix it (see `netops profiles validate --kind cpe`)"),
        )
    raise InputError(
        L_("no router profile covers model {model!r}", model=model),
        hint=L_("supported models: {value}", value=', '.join(supported_models()) or L_('none')),
    )


def profile_if_known(model: str | None) -> CpeProfile | None:
    """The profile covering `model`, or None (the ACS path works without one)."""
    if not model:
        return None
    try:
        return profile_for_model(model)
    except InputError:
        return None


def parse_bands(band: str) -> tuple[list[str], bool]:
    choice = band.strip().lower().removesuffix("ghz").strip()
    if choice in ("all", "both"):
        return list(ALL_BANDS), False
    if choice in ("2.4", "2,4", "2"):
        return ["2.4"], True
    if choice == "5":
        return ["5"], True
    raise InputError(L_("unknown band {band!r}", band=band), hint=L_("use 2.4, 5 or all"))


def check_inputs(profile: CpeProfile | None, key: str, ssid: str | None) -> None:
    """WPA2 rules, then the profile's own (none without a profile: an ACS-only device)."""
    if profile is None:
        validate_key(key)
    else:
        validate_key(key, profile.key_rules.forbidden, profile.key_rules.allow_hex64)
    if ssid is not None:
        validate_ssid(ssid)


VIAS = ("web", "acs")


def build_request(
    host: str,
    policy: CpePolicy,
    *,
    model: str | None = None,
    band: str = "all",
    key: str | None = None,
    generate: bool = False,
    ssid: str | None = None,
    user: str | None = None,
    port: int | None = None,
    via: str = "web",
    serial: str | None = None,
    wait: float | None = None,
    timeout: float = 8.0,
) -> tuple[ResetRequest, CpeProfile | None]:
    """The checked request and the model's profile (None: an ACS device of a model netops has no
    profile for, which the ACS path can still change)."""
    via = via.strip().lower()
    if via not in VIAS:
        raise InputError(L_("unknown --via {via!r}", via=via), hint=L_("use web or acs"))
    if via == "web":
        from netops.cpe.address import router_address

        host = router_address(host)
    if key is not None and generate:
        raise InputError(L_("give either --key or --generate, not both"))
    if via == "web" and not model:
        raise InputError(L_("--model is required with --via web"),
                         hint=L_("give the model on the router's label, e.g. --model RTF3505VW"))
    profile = profile_for_model(model or "") if via == "web" else profile_if_known(model)
    bands, explicit = parse_bands(band)
    forbidden = profile.key_rules.forbidden if profile else ""
    new_key = key if key is not None else generate_key(policy.key_length, forbidden)
    check_inputs(profile, new_key, ssid)
    if serial is not None and via != "acs":
        raise InputError(L_("--serial is only used with --via acs"))
    request = ResetRequest(
        host=serial.strip() if serial else host, model=model or "", bands=bands, explicit_band=explicit,
        key=new_key, ssid=ssid, via=via, user=user or policy.user,
        ports=(port,) if port else tuple(policy.ports), wait=wait, timeout=timeout,
    )
    return request, profile
