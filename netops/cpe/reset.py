"""`wifi reset` as one function: choose the profile, check the key, change it, audit the attempt.

The caller has already shown the new key to the technician; this module never prints. Every
attempt, successful, failed or interrupted, leaves exactly one audit record (or, when the log
cannot be written, one warning: the outcome is reported either way).
"""

from __future__ import annotations

from collections.abc import Callable

from netops.cpe.outcome import BandState, ResetOutcome
from netops.cpe.profile import CpeProfile
from netops.cpe.request import ResetRequest
from netops.errors import ConfigError, InputError, NetopsError
from netops.i18n import L_


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
                raise InputError(L_("--model is needed to change the key on the router's own pages"))
            if request.password is None:
                raise ConfigError(L_("no router password"), hint=L_("set NETOPS_CPE_PASSWORD"))
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

    message: str
    if outcome.interrupted:
        result, message = "interrupted", L_("interrupted: {summary}", summary=outcome.summary())
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
            {"band": b.band, "status": str(b.status), "verified": b.verified, "error": b.error}
            for b in outcome.bands
        ] or [{"band": b, "status": str(BandState.NOT_SENT)} for b in request.bands],
        "ssid_changed": request.ssid is not None,
        "result": result,
        "error": error.code if error else None,
        "message": message,
        **{k: v for k, v in outcome.extra.items() if k in AUDITED_EXTRA},
    }
    try:
        audit.record(entry, request.key)
    except OSError as exc:
        warn(L_("the change was not written to the audit log ({reason}): {path}", reason=exc.strerror or exc, path=audit.audit_path()))


AUDITED_EXTRA = ("acs_device", "acs_task", "acs_parameters", "acs_band_parameters")
