"""JSON web APIs of the ISP's own systems (IXC's webservice...): Basic auth, timeouts, retries.

Reads and writes fail differently. A read whose answer is lost costs nothing to repeat, so reads
are retried a bounded number of times. A write (a note posted on a ticket) is sent exactly once:
when the request never reached the server it is `NotWritten`; when it was sent but no answer came
back it is `WriteUnknown`, because the server may have stored it, and sending it again could post
the note twice. The token is only ever put in the Authorization header: never in a URL, a log
line, a message or a repr. Redirects are not followed: an API that redirects is pointing at a
login page, and its answer would not be JSON.
"""

from __future__ import annotations

import base64
import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx

from netops.errors import DeviceError, DeviceTimeout, DeviceUnreachable, NotWritten, WriteUnknown
from netops.i18n import L_
from netops.transport.http import httpx_errors

for _name in ("httpx", "httpcore"):  # httpx logs request URLs at INFO
    logging.getLogger(_name).setLevel(logging.WARNING)

log = logging.getLogger("netops.webapi")

RETRY_STATUSES = frozenset({502, 503, 504})  # a proxy in front of the API, not the API's answer
BACKOFF_S = 0.5


@dataclass
class ApiAnswer:
    status: int
    text: str
    content_type: str
    json_body: Any = None  # the parsed JSON document, None when the body is not JSON
    location: str = ""  # where a 3xx answer points (its path only)

    @property
    def is_json(self) -> bool:
        return self.json_body is not None


def basic_token(token: str) -> str:
    """`Authorization` for a token that already is `user:secret` (IXC's `user_id:hash`)."""
    return "Basic " + base64.b64encode(token.encode("utf-8")).decode("ascii")


class _Auth(httpx.Auth):
    """Adds the header per request, so the token is not kept in the client's default headers."""

    def __init__(self, header: str) -> None:
        self._header = header

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "<auth hidden>"


class JsonApi:
    """One HTTP JSON API at `base_url`, authenticated with a Basic header built from `token`."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        what: str,
        timeout: float = 10.0,
        retries: int = 2,
        verify: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.what = what
        self.retries = retries
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False,
            headers={"User-Agent": "netops", "Accept": "application/json"},
            auth=_Auth(basic_token(token)),
            verify=verify,
        )

    def close(self) -> None:
        self._client.close()

    def __repr__(self) -> str:
        return f"JsonApi({self.base_url!r})"

    def read(self, method: str, path: str, *, json: Any = None,
             headers: dict[str, str] | None = None) -> ApiAnswer:
        """A request that changes nothing: retried on lost connections, timeouts and 502-504."""
        attempt = 0
        while True:
            try:
                answer = self._send(method, path, json, headers)
            except (DeviceUnreachable, DeviceTimeout):
                if attempt >= self.retries:
                    raise
            else:
                if answer.status not in RETRY_STATUSES or attempt >= self.retries:
                    return answer
            attempt += 1
            log.debug("retrying %s %s (%d of %d)", method, path, attempt, self.retries)
            time.sleep(BACKOFF_S * attempt)

    def write(self, method: str, path: str, *, json: Any,
              headers: dict[str, str] | None = None) -> ApiAnswer:
        """A request that stores something: sent once, and a lost answer is `WriteUnknown`."""
        try:
            return self._send(method, path, json, headers, unsent=NotWritten)
        except NotWritten:
            raise
        except DeviceError as exc:  # sent (or half-sent), then the connection failed
            raise WriteUnknown(exc.message) from exc

    def _send(self, method: str, path: str, json: Any, headers: dict[str, str] | None,
              unsent: type[DeviceUnreachable] = DeviceUnreachable) -> ApiAnswer:
        """One request; no connection at all (nothing sent) raises `unsent` (NotWritten for a write)."""
        where = L_("{what} at {url}", what=self.what, url=self.base_url)
        log.debug("%s %s", method, path)  # never the body or the headers: they hold the token
        with httpx_errors(where, L_("check the URL and that the server is up")):
            try:
                response = self._client.request(method, path, json=json, headers=headers)
            except httpx.ConnectTimeout as exc:  # nothing was sent: a write can say so
                raise unsent(L_("no connection to {where} within the timeout", where=where),
                                   hint=L_("check the URL and that the server is up")) from exc
            except httpx.ConnectError as exc:
                if "CERTIFICATE_VERIFY_FAILED" not in str(exc):
                    raise unsent(f"cannot connect to {where}",
                                       hint=L_("check the URL and that the server is up")) from exc
                raise unsent(f"{where}: its TLS certificate is not trusted",
                                   hint=L_("install its CA certificate, or set verify_tls: false for a self-signed one")) from exc
        content_type = response.headers.get("content-type", "")
        body = None
        try:
            body = response.json()
        except ValueError:
            body = None
        location = httpx.URL(response.headers.get("location", "")).path if response.is_redirect else ""
        return ApiAnswer(response.status_code, response.text, content_type, body, location)
