"""`wifi reset` as one function: choose the profile, check the key, change it, audit the attempt.

The caller has already shown the new key to the technician; this module never prints. Every
attempt, successful or not, leaves exactly one audit record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from netops.cpe.keys import validate_key, validate_ssid
from netops.cpe.outcome import ResetOutcome
from netops.cpe.profile import CpeProfile
from netops.errors import ConfigError, InputError, NetopsError

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
            f"no valid router profile covers model {model!r}; a profile file is broken: {broken[0].message}",
            hint="fix it (see `netops profiles validate --kind cpe`)",
        )
    raise InputError(
        f"no router profile covers model {model!r}",
        hint=f"supported models: {', '.join(supported_models()) or 'none'}",
    )


def parse_bands(band: str) -> tuple[list[str], bool]:
    choice = band.strip().lower().removesuffix("ghz").strip()
    if choice in ("all", "both"):
        return list(ALL_BANDS), False
    if choice in ("2.4", "2,4", "2"):
        return ["2.4"], True
    if choice == "5":
        return ["5"], True
    raise InputError(f"unknown band {band!r}", hint="use 2.4, 5 or all")


def check_inputs(profile: CpeProfile, key: str, ssid: str | None) -> None:
    validate_key(key, profile.key_rules.forbidden, profile.key_rules.allow_hex64)
    if ssid is not None:
        validate_ssid(ssid)


def reset(
    request: ResetRequest, profile: CpeProfile, note: Callable[[str], None],
    before_send: Callable[[], None] = lambda: None,
) -> ResetOutcome:
    """`before_send` runs once, after login or device lookup and before the key is sent anywhere."""
    from netops.cpe import audit

    outcome = ResetOutcome(
        host=request.host, model=request.model.upper(), profile=profile.id, family=f"{profile.vendor} {profile.family}",
        via=request.via,
    )
    error: NetopsError | None = None
    try:
        if request.via == "acs":
            from netops.cpe.acs import reset_via_acs

            reset_via_acs(request, outcome, note, before_send)
        else:
            from netops.cpe.web import WebTarget, reset_via_web

            if request.password is None:
                raise ConfigError("no router password", hint="set NETOPS_CPE_PASSWORD")
            target = WebTarget(request.host, list(request.ports), request.user, request.password, request.timeout)
            wait = request.wait if request.wait is not None else profile.timing.restart_wait
            reset_via_web(target, profile, outcome, request.bands, request.explicit_band, request.key,
                          request.ssid, wait, note, before_send)
    except NetopsError as exc:
        error = exc
        raise
    finally:
        audit.record(
            {
                "host": request.host,
                "port": outcome.port,
                "model": outcome.model,
                "profile": profile.id,
                "via": request.via,
                "user": request.user if request.via == "web" else None,
                "bands": [
                    {"band": b.band, "status": b.status, "verified": b.verified, "error": b.error}
                    for b in outcome.bands
                ] or [{"band": b, "status": "not_sent"} for b in request.bands],
                "ssid_changed": request.ssid is not None,
                "result": outcome.status.label if error is None else "error",
                "error": error.code if error else None,
                "message": error.message if error else outcome.summary(),
            },
            request.key,
        )
    return outcome
