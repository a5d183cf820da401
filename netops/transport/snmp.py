"""SNMP GETs and GETBULK walks, with every library error translated once into netops.errors.

Two backends send the requests: net-snmp's C library (`snmp_netsnmp`, fast: it costs a few
microseconds per value) where it is installed, else pysnmp (`snmp_pysnmp`, pure Python).
`NETOPS_SNMP_BACKEND=auto|fast|pysnmp` chooses (auto: fast when available). Everything that
decides a result lives here, once: walks are our own GETBULK loop, so they stop exactly at the end
of the requested subtree, reject OIDs that go backwards, and size the last request to the rows
still expected; the error wording is the same whichever backend answered.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from netops.errors import AuthError, ConfigError, DeviceError, DeviceTimeout, DeviceUnreachable, ProtocolError
from netops.i18n import L_
from netops.transport.snmp_backend import (
    END_OF_MIB_VIEW,
    NO_VALUE,
    CredentialsRefused,
    Oid,
    Reply,
    RequestFailed,
    RequestTimeout,
    SnmpBackend,
)

Value = int | bytes | str | None

__all__ = ["Oid", "SnmpSession", "Value", "parse_oid"]  # what the readers use
BACKEND_VARIABLE = "NETOPS_SNMP_BACKEND"

# RFC 3416 error-status names, so both backends word an agent's error the same way.
ERROR_STATUS = (
    "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType",
    "wrongLength", "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
    "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError", "notWritable",
    "inconsistentName",
)
NO_SUCH_NAME = 2


@lru_cache(maxsize=512)
def parse_oid(text: str) -> Oid:
    """'1.3.6.1' -> (1, 3, 6, 1); cached, since scans parse the same column OIDs for every row."""
    return tuple(int(part) for part in text.strip(".").split("."))


@dataclass(frozen=True)
class SnmpCredentials:
    """v1/v2c community or v3 USM user. Secrets are resolved before this is built."""

    version: str = "2c"
    community: str = "public"
    user: str | None = None
    auth_protocol: str | None = None
    auth_key: str | None = None
    priv_protocol: str | None = None
    priv_key: str | None = None
    context: str = ""

    def __repr__(self) -> str:  # never print secrets, even in a --debug traceback
        return f"SnmpCredentials(version={self.version!r}, user={self.user!r})"


@dataclass(frozen=True)
class SnmpTarget:
    host: str
    port: int = 161
    timeout: float = 2.0
    retries: int = 1
    name: str | None = None

    @property
    def where(self) -> str:
        address = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
        return f"{self.name} ({address})" if self.name else address


def backend_choice() -> str:
    """`auto`, `fast` or `pysnmp`, from NETOPS_SNMP_BACKEND (auto when unset)."""
    choice = os.environ.get(BACKEND_VARIABLE, "auto").strip().lower() or "auto"
    if choice not in ("auto", "fast", "pysnmp"):
        raise ConfigError(
            L_("{BACKEND_VARIABLE}={choice!r} is not a known SNMP backend", BACKEND_VARIABLE=BACKEND_VARIABLE, choice=choice), hint=L_("use auto, fast or pysnmp")
        )
    return choice


def _backend_class(credentials: SnmpCredentials) -> type:
    """The backend that will speak to this agent (see the module docstring)."""
    from netops.transport import snmp_netsnmp
    from netops.transport.snmp_pysnmp import PysnmpBackend

    choice = backend_choice()
    if choice == "pysnmp":
        return PysnmpBackend
    reason = snmp_netsnmp.available() or snmp_netsnmp.unsupported(credentials)
    if reason is None:
        return snmp_netsnmp.NetSnmpBackend
    if choice == "fast":
        raise ConfigError(
            L_("{BACKEND_VARIABLE}=fast, but the net-snmp backend cannot be used: {reason}", BACKEND_VARIABLE=BACKEND_VARIABLE, reason=reason),
            hint=L_("install Debian's libsnmp-dev, or unset {BACKEND_VARIABLE} to use pysnmp", BACKEND_VARIABLE=BACKEND_VARIABLE),
        )
    return PysnmpBackend


class SnmpSession:
    """An open SNMP session toward one agent. Use as `async with SnmpSession(...) as snmp:`."""

    def __init__(self, target: SnmpTarget, credentials: SnmpCredentials, deadline: float | None = None) -> None:
        self.target = target
        self.credentials = credentials
        # The event loop's time (`loop.time()`) past which no request is waited for: a scrape
        # that must answer by then gets what was read, the rest failing as DeviceTimeout.
        self.deadline = deadline
        self.requests = 0
        self.values = 0  # varbinds received: the work the agent did for us
        self._backend: SnmpBackend | None = None

    @property
    def backend(self) -> str:
        """Which library answers ("net-snmp" or "pysnmp"); known once the session is open."""
        return self._backend.name if self._backend else "none"

    async def __aenter__(self) -> SnmpSession:
        backend_class = _backend_class(self.credentials)
        address = await self._resolve()
        backend = backend_class(self.target, address, self.credentials)
        try:
            await backend.open()
        except RequestFailed as exc:
            raise DeviceUnreachable(
                L_("cannot reach {where} over SNMP: {exc}", where=self.target.where, exc=exc),
                hint=L_("check the address in the inventory"),
            ) from exc
        except (RequestTimeout, CredentialsRefused) as exc:  # v3 engine discovery at open
            raise self._translate(exc) from exc
        self._backend = backend
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        backend, self._backend = self._backend, None
        if backend is not None:
            await backend.close()

    async def _resolve(self) -> str:
        """The agent's IP address; names resolve here, once, the same way for both backends."""
        family = socket.AF_INET6 if ":" in self.target.host else socket.AF_INET
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                self.target.host, self.target.port, family=family, type=socket.SOCK_DGRAM
            )
        except (OSError, UnicodeError) as exc:
            reason = L_("the name does not resolve") if isinstance(exc, socket.gaierror) else str(exc)
            raise DeviceUnreachable(
                L_("cannot reach {where} over SNMP: {reason}", where=self.target.where, reason=reason),
                hint=L_("check the address in the inventory"),
            ) from exc
        return str(infos[0][4][0])

    def _translate(self, exc: Exception) -> DeviceError:
        if isinstance(exc, RequestTimeout):
            tries = self.target.retries + 1
            return DeviceTimeout(
                L_("{where} did not answer SNMP within {timeout:g} s × {tries} tries", where=self.target.where, timeout=self.target.timeout, tries=tries),
                hint=L_("check the address, the UDP port and the community or v3 credentials (a wrong community gets no answer at all)"),
            )
        if isinstance(exc, CredentialsRefused):
            return AuthError(
                L_("{where} refused the SNMP credentials: {exc}", where=self.target.where, exc=exc),
                hint=L_("check the v3 user, protocols and keys in the inventory"),
            )
        return DeviceError(L_("SNMP request to {where} failed: {exc}", where=self.target.where, exc=exc))

    async def _request(self, kind: str, oids: Sequence[Oid], max_repetitions: int = 0) -> Reply:
        if self._backend is None:
            raise DeviceError(L_("SNMP session to {where} is not open", where=self.target.where))
        self.requests += 1
        try:
            reply = await self._within_deadline(self._backend.request(kind, oids, max_repetitions))
        except (RequestTimeout, CredentialsRefused, RequestFailed) as exc:
            raise self._translate(exc) from exc
        self.values += len(reply.var_binds)
        return reply

    async def _within_deadline(self, request: Coroutine[Any, Any, Reply]) -> Reply:
        """The request's reply, unless the session's deadline comes first."""
        if self.deadline is None:
            return await request
        remaining = self.deadline - asyncio.get_running_loop().time()
        if remaining > 0:
            try:
                return await asyncio.wait_for(request, remaining)
            except TimeoutError:
                pass
        else:
            request.close()  # the deadline has passed: do not send it
        raise DeviceTimeout(
            L_("{where} did not answer within the time left for this read", where=self.target.where),
            hint=L_("give the scrape more time (Prometheus scrape_timeout)"),
        )

    def _check_status(self, reply: Reply) -> None:
        status = reply.error_status
        if status == 0:
            return
        name = ERROR_STATUS[status] if 0 <= status < len(ERROR_STATUS) else f"status {status}"
        if name in ("authorizationError", "noAccess"):
            raise AuthError(L_("{where} refused SNMP access: {name}", where=self.target.where, name=name))
        raise ProtocolError(L_("{where} answered SNMP error {name}", where=self.target.where, name=name))

    async def get(self, oids: Sequence[str], chunk: int = 16) -> dict[str, Value]:
        """Values of exact OIDs; OIDs the agent does not have are absent from the result."""
        found: dict[str, Value] = {}
        for start in range(0, len(oids), chunk):
            part = list(oids[start : start + chunk])
            while part:
                reply = await self._request("get", [parse_oid(oid) for oid in part])
                if reply.error_status == NO_SUCH_NAME and 1 <= reply.error_index <= len(part):
                    # SNMPv1 fails the whole request for one unknown OID: ask again without it.
                    del part[reply.error_index - 1]
                    continue
                self._check_status(reply)
                for oid, (_name, value) in zip(part, reply.var_binds, strict=False):
                    if value not in NO_VALUE:
                        found[oid] = value
                break
        return found

    async def walk(
        self, oid: str, max_repetitions: int = 25, expected_rows: int | None = None
    ) -> list[tuple[Oid, Value]]:
        """Every (OID, value) under `oid`, in order, with GETBULK (GETNEXT for SNMPv1).

        With `expected_rows` (the rows the caller knows are there, e.g. the ONUs of a port),
        each GETBULK asks for at most the rows still expected plus one, which shows the end of
        the subtree: the last request of a port costs the agent no rows past it.
        """
        root = parse_oid(oid)
        depth = len(root)
        rows: list[tuple[Oid, Value]] = []
        current = root
        bulk = self.credentials.version != "1"
        while True:
            if bulk:
                repetitions = max_repetitions
                if expected_rows is not None:
                    repetitions = max(1, min(max_repetitions, expected_rows - len(rows) + 1))
                reply = await self._request("getbulk", [current], repetitions)
            else:
                reply = await self._request("getnext", [current])
            if not bulk and reply.error_status == NO_SUCH_NAME:  # SNMPv1 end of MIB
                return rows
            self._check_status(reply)
            if not reply.var_binds:
                return rows
            for name, value in reply.var_binds:
                if name[:depth] != root or value is END_OF_MIB_VIEW:
                    return rows
                if name <= current:
                    raise ProtocolError(L_("{where} returned OIDs out of order while walking {oid}", where=self.target.where, oid=oid))
                rows.append((name, None if value in NO_VALUE else value))
                current = name
