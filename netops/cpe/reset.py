"""`wifi reset` as one function: choose the profile, check the key, change it, audit the attempt.

The caller has already shown the new key to the technician; this module never prints. Every
attempt, successful, failed or interrupted, leaves exactly one audit record (or, when the log
cannot be written, one warning: the outcome is reported either way).
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
    raise InputError(f"unknown band {band!r}", hint="use 2.4, 5 or all")


def check_inputs(profile: CpeProfile | None, key: str, ssid: str | None) -> None:
    """WPA2 rules, then the profile's own (none without a profile: an ACS-only device)."""
    if profile is None:
        validate_key(key)
    else:
        validate_key(key, profile.key_rules.forbidden, profile.key_rules.allow_hex64)
    if ssid is not None:
        validate_ssid(ssid)


class ResetInterrupted(KeyboardInterrupt):
    """Ctrl-C in the middle of a change, carrying how far each band got (the CLI says so)."""

    def __init__(self, outcome: ResetOutcome) -> None:
        super().__init__()
        self.outcome = outcome


def reset(
    request: ResetRequest, profile: CpeProfile | None, note: Callable[[str], None],
    before_send: Callable[[], None] = lambda: None, warn: Callable[[str], None] = lambda text: None,
) -> ResetOutcome:
    """`before_send` runs once, after login or device lookup and before the key is sent anywhere.

    `profile` may be None with `--via acs` only: the ACS names the model. A failed audit write
    goes to `warn` and changes nothing else: the outcome is the router's, not the log's.
    """
    outcome = ResetOutcome(
        host=request.host, model=request.model.upper(), profile=profile.id if profile else None,
        family=f"{profile.vendor} {profile.family}" if profile else "TR-069", via=request.via,
    )
    error: NetopsError | None = None
    try:
        if request.via == "acs":
            from netops.cpe.acs import reset_via_acs

            reset_via_acs(request, profile, outcome, note, before_send)
        else:
            from netops.cpe.web import WebTarget, reset_via_web

            if profile is None:
                raise InputError("--model is needed to change the key on the router's own pages")
            if request.password is None:
                raise ConfigError("no router password", hint="set NETOPS_CPE_PASSWORD")
            target = WebTarget(request.host, list(request.ports), request.user, request.password, request.timeout)
            wait = request.wait if request.wait is not None else profile.timing.restart_wait
            reset_via_web(target, profile, outcome, request.bands, request.explicit_band, request.key,
                          request.ssid, wait, note, before_send)
    except NetopsError as exc:
        error = exc
        raise
    except KeyboardInterrupt:
        outcome.interrupted = True
        raise ResetInterrupted(outcome) from None
    finally:
        _audit(request, outcome, error, warn)
    return outcome


def _audit(request: ResetRequest, outcome: ResetOutcome, error: NetopsError | None, warn: Callable[[str], None]) -> None:
    from netops.cpe import audit

    if outcome.interrupted:
        result, message = "interrupted", f"interrupted: {outcome.summary()}"
    elif error is not None:
        result, message = "error", error.message
    else:
        result, message = outcome.status.label, outcome.summary()
    entry = {
        "host": request.host,
        "port": outcome.port,
        "model": outcome.model,
        "profile": outcome.profile,
        "via": request.via,
        "user": request.user if request.via == "web" else None,
        "bands": [
            {"band": b.band, "status": b.status, "verified": b.verified, "error": b.error}
            for b in outcome.bands
        ] or [{"band": b, "status": "not_sent"} for b in request.bands],
        "ssid_changed": request.ssid is not None,
        "result": result,
        "error": error.code if error else None,
        "message": message,
        **{k: v for k, v in outcome.extra.items() if k in AUDITED_EXTRA},
    }
    try:
        audit.record(entry, request.key)
    except OSError as exc:
        warn(f"the change was not written to the audit log ({exc.strerror or exc}): {audit.audit_path()}")


AUDITED_EXTRA = ("acs_device", "acs_task", "acs_parameters", "acs_band_parameters")
