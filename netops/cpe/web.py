"""Change the Wi-Fi key through a router's own web interface, then prove it by reading it back.

Order: log in (first port that answers), find the radios, and for each band read the current
settings, write the new key, and survive a router that drops the connection while Wi-Fi
restarts. Then log out, log in again and read every band back: the only proof that counts.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from netops.cpe.flow import FlowRunner
from netops.cpe.outcome import BandOutcome, BandState, ResetOutcome, read_back
from netops.cpe.profile import CpeProfile
from netops.errors import (
    AuthError,
    ConnectionDropped,
    DeviceError,
    DeviceTimeout,
    DeviceUnreachable,
    NetopsError,
    ProtocolError,
    StepFailed,
)
from netops.i18n import L_
from netops.text import plain

log = logging.getLogger("netops.cpe")

Note = Callable[[str], None]


@dataclass(frozen=True)
class BandRead:
    """What one band's read flow found; `pages` says where, to tell two bands' reads apart."""

    ssid: str
    key: str
    pages: tuple[str, ...] = ()


@dataclass
class WebTarget:
    host: str
    ports: list[int]
    user: str
    password: str
    timeout: float = 8.0


class WebSession:
    """A logged-in conversation with one router; can log in again after a restart."""

    def __init__(self, target: WebTarget, profile: CpeProfile, port: int, note: Note) -> None:
        from netops.transport.http import HttpSession

        self.target = target
        self.profile = profile
        self.port = port
        self.note = note
        self.http = HttpSession(_base_url(target.host, port), timeout=target.timeout, what=L_("router"))
        self.runner = FlowRunner(self.http, profile, {"user": target.user, "password": target.password})
        self.radio_index: dict[str, str] | None = None
        self.logged_in = False
        self._use_retry = False

    def close(self) -> None:
        self.http.close()

    def login(self) -> None:
        self.http.clear_cookies()
        self.radio_index = None
        self.logged_in = False
        if self._use_retry:  # this router wanted the second variant: go straight to it
            self._login_with(self.profile.login_retry, "login_retry")
            return
        try:
            self._login_with(self.profile.login, "login")
        except AuthError:
            if not self.profile.login_retry:
                raise
            self.http.clear_cookies()
            self._login_with(self.profile.login_retry, "login_retry")
            self._use_retry = True

    def _login_with(self, steps: list[Any], flow: str) -> None:
        try:
            self.runner.run(steps, flow, watch_session=False)
        except AuthError as exc:
            raise AuthError(
                L_("router {host}:{port} refused the login for user {user!r}: {message}", host=self.target.host, port=self.port, user=self.target.user, message=exc.message),
                hint=exc.hint,
            ) from None
        page = self.runner.last
        if page is not None and self.runner.is_login_page(page.text, "", page.status):
            raise AuthError(
                L_("router {host}:{port} refused the login for user {user!r}", host=self.target.host, port=self.port, user=self.target.user),
                hint=L_("check --user and NETOPS_CPE_PASSWORD (or the keyring entry)"),
            )
        self.logged_in = True

    def logout(self) -> None:
        """Best effort: several of these routers allow one admin session at a time."""
        if self.logged_in and self.profile.logout:
            try:
                self.runner.run(self.profile.logout, "logout", watch_session=False)
            except NetopsError as exc:
                log.debug("logout failed: %s", exc.code)
        self.logged_in = False
        self.http.clear_cookies()

    def login_waiting(self, wait: float) -> None:
        """Log in, retrying while the router restarts; a refused password stops at once."""
        deadline = time.monotonic() + wait
        delay = 0.25
        while True:
            try:
                self.login()
                return
            except AuthError:
                raise
            except DeviceError:  # refused, dropped, timed out, or half-booted pages: try again
                if time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 1.5, 2.0)  # a restart takes 10-20 s: poll often, cheaply

    def band_index(self, band: str) -> str | None:
        """The radio index for a band, or None when the router has no such radio."""
        radios = self.profile.radios
        if radios is None:
            return ""
        if self.radio_index is None:
            said: dict[str, str] = {}  # candidate -> band its page names ("" when it names none)
            for candidate in radios.candidates:
                self.runner.values["index"] = candidate
                self.runner.values.pop("radio_band", None)
                try:
                    self.runner.run(radios.probe, "radios")
                except StepFailed as exc:
                    if exc.kind == "absent":
                        continue
                    raise
                said[candidate] = self.runner.values.get("radio_band", "")
            named = list(said.values())
            if all(named) and len(set(named)) == len(named):  # every page names a band of its own
                self.radio_index = {band_named: candidate for candidate, band_named in said.items()}
            else:  # pages that do not say (or all say the same): the family's usual numbering
                self.radio_index = {radios.default[c]: c for c in said if c in radios.default}
        return self.radio_index.get(band)

    def read(self, band: str) -> BandRead | None:
        """The band's settings as the router shows them now, or None when its page is not there."""
        found: BandRead | None = self._with_relogin(lambda _after_relogin: self._read(band))
        return found

    def _read(self, band: str) -> BandRead | None:
        index = self.band_index(band)
        if index is None:
            return None
        self.runner.values["index"] = index
        self.runner.values["band"] = band
        flow = self.profile.bands[band]  # type: ignore[index]
        for step in [*flow.read, *flow.write]:  # nothing carried over from another band or read
            self.runner.values.pop(step.extract or step.compute or "", None)
        self.runner.pages = []
        try:
            self.runner.run(flow.read, f"read {band} GHz")
        except StepFailed as exc:
            if exc.kind == "absent":
                return None
            raise
        values = self.runner.values
        return BandRead(values.get("cur_ssid", ""), values.get("cur_key", ""), tuple(self.runner.pages))

    def write(self, band: str, key: str, ssid: str | None) -> None:
        """Write right after `read` (its page holds the fresh token); after a re-login, read again."""

        def attempt(read_first: bool) -> None:
            if read_first and self._read(band) is None:
                raise StepFailed("absent", L_("the router has no {band} GHz radio", band=band))
            self.runner.values["new_key"] = key
            self.runner.values["new_ssid"] = ssid if ssid is not None else self.runner.values.get("cur_ssid", "")
            change = ssid is not None and ssid != self.runner.values.get("cur_ssid")
            self.runner.values["ssid_change"] = "1" if change else ""
            self.runner.values["ssid_same"] = "" if change else "1"
            self.runner.values["changed_ssid"] = ssid if change and ssid is not None else ""
            self.runner.run(self.profile.bands[band].write, f"write {band} GHz")  # type: ignore[index]

        self._with_relogin(attempt)

    def _with_relogin(self, action: Callable[[bool], Any]) -> Any:
        """Run `action(after_relogin)`; a lost session is logged in again once, then retried."""
        try:
            return action(False)
        except StepFailed as exc:
            if exc.kind != "session":
                raise
            self.note(L_("session expired; logging in again"))
            self.login()
            try:
                return action(True)
            except StepFailed as again:
                if again.kind == "session":
                    raise self._still_logged_out() from None
                raise

    def _still_logged_out(self) -> AuthError:
        return AuthError(
            L_("router {host}:{port} accepts the login but keeps showing its login page", host=self.target.host, port=self.port),
            hint=L_("check --user and NETOPS_CPE_PASSWORD; another user may be logged in on the router"),
        )


def _base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


def connect(target: WebTarget, profile: CpeProfile, note: Note) -> WebSession:
    """Log in on the first port where this router's login works (runbook order).

    A port that does not answer, or answers with something that is not this family's login
    (another service, another firmware), moves on to the next one; a refused password stops:
    that port is the router.
    """
    unreachable: NetopsError | None = None
    foreign: NetopsError | None = None
    skipped: list[str] = []  # said only once a later port works; else the error says it
    for port in target.ports:
        session = WebSession(target, profile, port, note)
        try:
            session.login()
            for text in skipped:
                note(text)
            note(L_("logged in to {host}:{port}", host=target.host, port=port))
            return session
        except (DeviceUnreachable, DeviceTimeout) as exc:
            session.close()
            unreachable = exc
        except (ProtocolError, StepFailed) as exc:
            session.close()
            if foreign is None:
                foreign = ProtocolError(
                    L_("{host}:{port} does not look like a {vendor} {family} login page ({message})", host=target.host, port=port, vendor=profile.vendor, family=profile.family, message=exc.message),
                    hint=L_("check --model and --port"),
                )
            skipped.append(L_("{host}:{port} does not look like a {vendor} {family} login page", host=target.host, port=port, vendor=profile.vendor, family=profile.family))
        except BaseException:
            session.close()
            raise
    if foreign is not None:
        raise foreign
    tried = ", ".join(str(p) for p in target.ports)
    raise DeviceUnreachable(
        L_("router {host} did not answer on port(s) {tried}", host=target.host, tried=tried),
        hint=L_("check the address, or give the port with --port"),
    ) from unreachable


def reset_via_web(
    target: WebTarget,
    profile: CpeProfile,
    outcome: ResetOutcome,
    bands: list[str],
    explicit_band: bool,
    key: str,
    ssid: str | None,
    wait: float,
    note: Note,
    before_send: Callable[[], None] = lambda: None,
) -> None:
    """Fill `outcome.bands`; raises only when nothing could be attempted (unreachable, auth).

    `before_send` runs once logged in, before the key goes anywhere (the caller shows it then).
    A Ctrl-C leaves every band saying how far it got, then goes on up as KeyboardInterrupt.
    """
    session = connect(target, profile, note)
    outcome.port = session.port
    results = {band: BandOutcome(band=band) for band in bands}
    outcome.bands = list(results.values())
    radios = profile.bands_of(outcome.model)
    old_keys: dict[str, str] = {}
    written: list[str] = []
    dropped: set[str] = set()
    saving: str | None = None  # the band whose save request is on its way
    interrupted = False
    try:
        before_send()
        for position, band in enumerate(bands):
            result = results[band]
            if radios is not None and band not in radios:
                _missing(result, explicit_band, radios, L_("the {model} has no {band} GHz radio (profile)", model=outcome.model, band=band))
                continue
            if band not in profile.bands:
                _missing(result, explicit_band, radios, L_("the {profile} profile has no {band} GHz pages", profile=profile.id, band=band))
                continue
            try:
                current = session.read(band)
                if current is None:
                    _missing(result, explicit_band, radios, L_("the {band} GHz page was not found on the router", band=band))
                    continue
                result.ssid = plain(ssid if ssid is not None else current.ssid)
                old_keys[band] = current.key
                note(L_("writing the new key on {band} GHz", band=band))
                saving = band
                session.write(band, key, ssid)
                saving = None
                written.append(band)
                result.status, result.detail = BandState.UNVERIFIED, L_("saved")
                if profile.timing.settle:
                    time.sleep(profile.timing.settle)
            except ConnectionDropped as exc:
                if not exc.maybe_applied:
                    raise
                saving = None
                written.append(band)
                dropped.add(band)
                result.status, result.detail = BandState.PENDING, L_("the router dropped the connection after the save")
                result.error = "connection_dropped"
                note(L_("{band} GHz: connection dropped after the save (Wi-Fi restarting); waiting", band=band))
                if position + 1 < len(bands):
                    try:
                        session.login_waiting(wait)
                    except DeviceError:
                        for later in bands[position + 1:]:
                            results[later].detail = L_("not sent: the router did not come back after the previous save")
                        break
            except StepFailed as exc:
                saving = None
                if exc.kind == "absent":
                    _missing(result, explicit_band, radios, exc.message)
                    continue
                _failed(result, exc)
                if exc.kind == "rejected":  # the page said no; the read-back has the last word
                    written.append(band)
            except DeviceError as exc:
                saving = None
                _failed(result, exc)
                if isinstance(exc, (DeviceUnreachable, DeviceTimeout)):
                    for later in bands[position + 1:]:
                        results[later].detail = L_("not sent: the router stopped answering")
                    break
        if written:
            _verify(session, results, written, dropped, old_keys, key, ssid, wait, note)
    except KeyboardInterrupt:
        interrupted = True
        _interrupted(results, written, saving)
        raise
    finally:
        if not interrupted:  # a second request would make the technician wait again
            session.logout()
        session.close()


def _missing(result: BandOutcome, explicit: bool, radios: list[str] | None, why: str) -> None:
    """A band that could not be found: absent only when the model is known to lack it."""
    result.error = "radio_absent"
    if explicit:
        result.status, result.detail = BandState.FAILED, why
    elif radios is None:
        result.status, result.error = BandState.NOT_FOUND, "band_not_found"
        result.detail = L_("{why}; the profile does not say whether this model has a {band} GHz radio: check it", why=why, band=result.band)
    elif result.band in radios:
        result.status, result.error = BandState.FAILED, "band_not_found"
        result.detail = L_("{why}, but this model has a {band} GHz radio: its key was not changed", why=why, band=result.band)
    else:
        result.status, result.detail = BandState.ABSENT, why


def _failed(result: BandOutcome, exc: NetopsError) -> None:
    result.status = BandState.FAILED
    result.detail = exc.message
    result.error = exc.code


def _interrupted(results: dict[str, BandOutcome], written: list[str], saving: str | None) -> None:
    for band, result in results.items():
        if band == saving:
            result.status, result.verified, result.error = BandState.PENDING, None, "interrupted"
            result.detail = L_("interrupted while saving: the router may or may not have applied the new key")
        elif band in written and result.verified is None:
            result.error = "interrupted"
            result.detail = L_("{detail}; interrupted before the read-back", detail=result.detail)
        elif result.status == BandState.NOT_SENT:
            result.detail = L_("not sent: interrupted")


READ_BACK_WORDS = {
    "ssid_not_changed": L_("the key changed but the SSID did not"),
    "old_key": L_("the router still has the old key"),
    "other_key": L_("the router shows a key that is neither the old nor the new one"),
}


def _verify(
    session: WebSession,
    results: dict[str, BandOutcome],
    written: list[str],
    dropped: set[str],
    old_keys: dict[str, str],
    key: str,
    ssid: str | None,
    wait: float,
    note: Note,
) -> None:
    """Log out, log in again and read each written band back; the read-back decides."""
    note(L_("verifying: logging in again to read the key back"))
    session.logout()
    try:
        session.login_waiting(wait if dropped else min(wait, 10.0))
    except DeviceError:
        for band in written:
            _unconfirmed(results[band], BandState.PENDING, L_("saved, but the router did not answer again within the wait; check later"))
        return
    masked = [re.compile(p) for p in session.profile.masked]
    pages: dict[str, tuple[str, ...]] = {}
    for band in written:
        result = results[band]
        maybe = BandState.PENDING if band in dropped else BandState.UNVERIFIED
        try:
            current = session.read(band)
        except (DeviceUnreachable, DeviceTimeout) as exc:
            _unconfirmed(result, BandState.PENDING, L_("saved, but the read-back failed: {message}", message=exc.message), exc.code)
            continue
        except DeviceError as exc:
            _unconfirmed(result, maybe, L_("saved, but the read-back failed: {message}", message=exc.message), exc.code)
            continue
        if current is None:
            _unconfirmed(result, BandState.PENDING, L_("the radio was not visible on the read-back"))
            continue
        pages[band] = current.pages
        result.ssid = plain(current.ssid) or result.ssid
        hidden = any(p.search(current.key) for p in masked)
        state, error = read_back([current.key], key, old_keys.get(band), wanted_ssid=ssid,
                                 read_ssid=current.ssid, hidden=hidden)
        if state is BandState.CHANGED:
            words = (L_("the page reported an error, but the read-back shows the new key")
                     if result.error == "rejected" else L_("read back: new key"))
            _settle(result, state, True, words)
        elif result.error == "rejected":
            result.verified = False  # the page's refusal stands
        elif state is BandState.UNVERIFIED:
            _unconfirmed(result, maybe, L_("saved, but this firmware does not show the key to read it back"))
        else:
            _settle(result, state, False, READ_BACK_WORDS[error or "other_key"], error)
    for band in session.profile.bands:  # a band not changed this time may still share the page
        if band not in pages:
            try:
                other = session.read(band)
            except DeviceError:
                other = None
            if other is not None:
                pages[band] = other.pages
    _same_page_is_no_proof(results, pages)


def _same_page_is_no_proof(results: dict[str, BandOutcome], pages: dict[str, tuple[str, ...]]) -> None:
    """Two bands read back from the very same pages: the key seen may be one band's only."""
    for band, seen in pages.items():
        twins = [other for other, also in pages.items() if other != band and also == seen]
        if twins and band in results and results[band].status == BandState.CHANGED:
            results[band].status, results[band].verified = BandState.UNVERIFIED, None
            results[band].detail = L_("the read-back of {band} GHz showed the same page as {twins} GHz: it cannot tell which band has the new key",
                                      band=band, twins=", ".join(twins))
            results[band].error = "same_page"


def _settle(result: BandOutcome, status: BandState, verified: bool, detail: str, error: str | None = None) -> None:
    result.status, result.verified, result.detail, result.error = status, verified, detail, error


def _unconfirmed(result: BandOutcome, status: BandState, detail: str, error: str | None = None) -> None:
    """No proof either way; a band the page already refused stays failed."""
    if result.error == "rejected":
        return
    result.status, result.verified, result.detail = status, None, detail
    result.error = error or result.error
