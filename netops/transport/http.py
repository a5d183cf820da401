"""HTTP to router web interfaces and the ACS, with timeouts and netops errors.

The only module that imports httpx. Every httpx exception becomes a netops error here, once.
A router that closes the connection without answering (several do right after a Wi-Fi save,
while the radio restarts) raises `ConnectionDropped`, so callers can treat it as "maybe applied".
Request URLs, query strings and bodies are never logged: they carry passwords and keys.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from netops.errors import ConnectionDropped, DeviceTimeout, DeviceUnreachable, ProtocolError
from netops.i18n import L_

# httpx logs every request URL at INFO; query strings may hold a Wi-Fi key.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

log = logging.getLogger("netops.http")

DEFAULT_TIMEOUT = 8.0


@dataclass
class HttpResponse:
    status: int
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    path: str = ""
    json_body: Any = None
    reason: str = ""  # the status line's reason phrase (GenieACS says why a task is 202 there)


@contextmanager
def httpx_errors(where: str, unreachable_hint: str) -> Iterator[None]:
    """Every httpx exception raised inside as the netops error it means (once, `from` it)."""
    try:
        yield
    except httpx.ConnectError as exc:
        raise DeviceUnreachable(L_("cannot connect to {where}", where=where), hint=unreachable_hint) from exc
    except httpx.TimeoutException as exc:
        raise DeviceTimeout(L_("no answer from {where} within the timeout", where=where)) from exc
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        raise ConnectionDropped(L_("{where} closed the connection without answering", where=where)) from exc
    except httpx.HTTPError as exc:
        raise ProtocolError(L_("HTTP exchange with {where} failed: {name__}", where=where, name__=type(exc).__name__)) from exc


def _without_credentials(url: str) -> str:
    """The URL as it may be shown: `user:password@` removed (an ACS URL may carry them)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


class HttpSession:
    """One cookie-keeping session with one device (a base URL)."""

    def __init__(
        self, base_url: str, *, timeout: float = DEFAULT_TIMEOUT, what: str = "device", verify: bool = False
    ) -> None:
        """`verify=False` by default: router web UIs on HTTPS use self-signed certificates."""
        self.base_url = base_url.rstrip("/")
        self.shown_url = _without_credentials(self.base_url)  # for messages: never a password
        self.what = what
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 4.0)),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": "netops"},
            verify=verify,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def clear_cookies(self) -> None:
        self._client.cookies.clear()

    def set_cookie(self, name: str, value: str) -> None:
        self._client.cookies.set(name, value)

    def cookie(self, name: str) -> str | None:
        for cookie in self._client.cookies.jar:
            if cookie.name == name:
                return cookie.value
        return None

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        read_timeout: float | None = None,
    ) -> HttpResponse:
        """`read_timeout`: wait this long for the answer instead (an ACS holds a task's answer)."""
        where = L_("{what} {url}", what=self.what, url=self.shown_url)
        log.debug("%s %s", method, path.split("?")[0])
        extra: dict[str, Any] = {}
        if read_timeout is not None:
            connect = self._client.timeout.connect
            extra["timeout"] = httpx.Timeout(read_timeout, connect=connect)
        with httpx_errors(where, L_("check the address and port, and that the device is on")):
            response = self._client.request(
                method, path, params=params, data=data, json=json, headers=headers, **extra
            )
        text = response.text
        body = None
        if "json" in response.headers.get("content-type", ""):
            try:
                body = response.json()
            except ValueError:
                body = None
        return HttpResponse(
            status=response.status_code,
            text=text,
            headers=dict(response.headers),
            path=response.url.path,
            json_body=body,
            reason=response.reason_phrase,
        )
