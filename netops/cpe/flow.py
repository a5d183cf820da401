"""The one runner that executes every profile's declarative steps against a router.

Vendor differences live in the YAML; this module only knows what fetch, extract, compute,
submit, expect and cookie mean. Values are substituted as `{name}`; secrets (the router password,
keys) are values like any other but never appear in an error message: messages name the step
and the value's name only.
"""

from __future__ import annotations

import html
import logging
import re
from urllib.parse import urljoin

from netops.cpe.forms import find_field, find_form
from netops.cpe.hooks import HOOKS
from netops.cpe.profile import CpeProfile, Step
from netops.errors import AuthError, ConfigError, ConnectionDropped, ProtocolError, StepFailed
from netops.i18n import L_
from netops.text import plain
from netops.transport.http import HttpResponse, HttpSession

log = logging.getLogger("netops.cpe")

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


AUTH_HINT = L_("check the user and NETOPS_CPE_PASSWORD (or the keyring entry)")


def _failure(kind: str, message: str) -> AuthError | StepFailed:
    """What a failed step raises: a refused login is an AuthError, the rest a StepFailed."""
    return AuthError(message, hint=AUTH_HINT) if kind == "auth" else StepFailed(kind, message)


class FlowRunner:
    """Runs steps for one profile over one HTTP session, keeping the values found on the way."""

    def __init__(self, http: HttpSession, profile: CpeProfile, values: dict[str, str]) -> None:
        self.http = http
        self.profile = profile
        self.values = dict(values)
        self.values.setdefault("base_url", http.base_url)
        self.last: HttpResponse | None = None
        self.pages: list[str] = []  # paths answered since the caller last cleared it (which page a read came from)
        self._login_page = [re.compile(p) for p in profile.login_page]

    # -- helpers -------------------------------------------------------------------------------
    def fill(self, template: str, where: str) -> str:
        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.values:
                raise ConfigError(
                    L_("cpe profile {id}: {where}: no value named {{{name}}} at this point", id=self.profile.id, where=where, name=name)
                )
            return self.values[name]

        return _PLACEHOLDER.sub(sub, template)

    def is_login_page(self, text: str, path: str = "", status: int = 200) -> bool:
        """The login page (markers in the body, or a redirect to it), or 401/403: not logged in."""
        if status in (401, 403) or (path and path in self.profile.login_paths):
            return True
        return any(p.search(text) for p in self._login_page)

    def _page(self, where: str) -> HttpResponse:
        if self.last is None:
            raise ConfigError(L_("cpe profile {id}: {where}: no page fetched yet", id=self.profile.id, where=where))
        return self.last

    # -- running -------------------------------------------------------------------------------
    def run(self, steps: list[Step], flow: str, *, watch_session: bool = True) -> None:
        for number, step in enumerate(steps, 1):
            if step.only_if is not None and not self.values.get(step.only_if):
                continue
            if step.unless is not None and self.values.get(step.unless):
                continue
            where = L_("{flow} step {number} ({action})", flow=flow, number=number, action=step.action)
            getattr(self, f"_{step.action}")(step, where, watch_session)

    def _request(self, step: Step, where: str, path: str, method: str, fields: dict[str, str],
                 watch_session: bool) -> None:
        query = {k: self.fill(v, where) for k, v in step.query.items()}
        headers = {k: self.fill(v, where) for k, v in step.headers.items()}
        data = None
        if method == "GET":
            query.update(fields)
        else:
            data = fields
        try:
            response = self.http.request(method, path, params=query or None, data=data, headers=headers or None)
        except ConnectionDropped as exc:
            if step.may_drop:
                raise ConnectionDropped(L_("{base_url} closed the connection after the save ({flow_of})", base_url=self.http.base_url, flow_of=flow_of(where)),
                                        maybe_applied=True) from exc
            raise
        self.last = response
        self.pages.append(f"{method} {response.path}")
        if response.status == 404 and step.missing_means_absent:
            raise StepFailed("absent", L_("{path} does not exist on this router", path=path))
        if watch_session and self.is_login_page(response.text, response.path, response.status):
            raise StepFailed("session", L_("the router answered {path} with its login page", path=path))
        if response.status >= 400:
            raise ProtocolError(L_("{base_url}{path} answered HTTP {status} ({flow_of})", base_url=self.http.base_url, path=path, status=response.status, flow_of=flow_of(where)))

    def _fetch(self, step: Step, where: str, watch_session: bool) -> None:
        paths = [step.fetch or "", *step.or_paths]
        previous = self.last
        for number, path in enumerate(paths, 1):
            try:
                self._request(step, where, self.fill(path, where), step.method or "GET", {}, watch_session)
                return
            except (StepFailed, ProtocolError) as exc:
                missing = self.last is not None and self.last.status == 404
                # an optional page some firmwares lack may answer with the login page instead
                lost = isinstance(exc, StepFailed) and exc.kind == "session"
                if number < len(paths) and missing:
                    continue
                if step.optional and (missing or lost):
                    self.last = previous
                    return
                raise

    def _submit(self, step: Step, where: str, watch_session: bool) -> None:
        fields: dict[str, str] = {}
        path = self.fill(step.submit or "", where)
        if step.resend_form:
            page = self._page(where)
            form = find_form(page.text, self.fill(step.resend_form, where))
            if form is None:
                raise ProtocolError(
                    L_("form {resend_form!r} not found on {path} ({flow_of})", resend_form=step.resend_form, path=page.path, flow_of=flow_of(where)),
                    hint=L_("the firmware may differ from the profile; see docs/wifi.md"),
                )
            fields.update(form.fields)
            if path == "@action":
                path = urljoin(page.path, form.action or page.path)
        for name, template in step.form.items():
            value = self.fill(template, where)
            if value or not step.omit_empty:
                fields[self.fill(name, where)] = value
        self._request(step, where, path, step.method or "POST", fields, watch_session)

    def _extract(self, step: Step, where: str, watch_session: bool) -> None:
        name = step.extract or ""
        found = self._find(step, where)
        if found is None:
            if step.missing_means_absent:
                page = self.last.path if self.last else "?"
                raise StepFailed("absent", L_("no {name} on {page}: no such radio", name=name, page=page))
            if not step.optional:
                page = self.last.path if self.last else "?"
                raise ProtocolError(
                    L_("could not find {name} on {page} ({flow_of})", name=name, page=page, flow_of=flow_of(where)),
                    hint=L_("the firmware may differ from the profile; see docs/wifi.md"),
                )
            found = self.fill(step.default, where) if step.default is not None else ""
        self.values[name] = found

    def _find(self, step: Step, where: str) -> str | None:
        if step.source == "cookie":
            for cookie_name in step.field:
                value = self.http.cookie(cookie_name)
                if value is not None:
                    return value
            return None
        page = self._page(where)
        if step.source == "header":
            lowered = {k.lower(): v for k, v in page.headers.items()}
            for header in step.field:
                if header.lower() in lowered:
                    return lowered[header.lower()]
            return None
        for pattern in step.regex:
            match = re.search(pattern, page.text)
            if match:
                value = match.group(1) if match.groups() else match.group(0)
                return html.unescape(value) if step.unescape else value
        if step.field:
            return find_field(page.text, [self.fill(f, where) for f in step.field])
        return None

    def _compute(self, step: Step, where: str, watch_session: bool) -> None:
        text = self.fill(step.input or "", where)
        try:
            self.values[step.compute or ""] = HOOKS[step.hook or ""](text, step.table)
        except KeyError as exc:
            if step.message:  # a value the profile knows it must not guess (a security mode)
                shown = plain(text if len(text) <= 40 else text[:40] + "...") or "(none)"
                raise _failure(step.error, step.message.replace("{value}", shown)) from None
            raise ProtocolError(
                L_("unexpected value for {compute} ({flow_of})", compute=step.compute, flow_of=flow_of(where)),
                hint=L_("the firmware may differ from the profile"),
            ) from exc

    def _expect(self, step: Step, where: str, watch_session: bool) -> None:
        page = self._page(where)
        ok = (not step.status or page.status in step.status)
        ok = ok and all(re.search(p, page.text) for p in step.contains)
        ok = ok and not any(re.search(p, page.text) for p in step.not_contains)
        if not ok:
            message = step.message or L_("unexpected answer from {path} ({flow})", path=page.path, flow=flow_of(where))
            raise _failure(step.error, message)

    def _cookie(self, step: Step, where: str, watch_session: bool) -> None:
        self.http.set_cookie(step.cookie or "", self.fill(step.value or "", where))


def flow_of(where: str) -> str:
    return where.split(" step ")[0]
