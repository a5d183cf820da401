"""SNMP over pysnmp: GETs and GETBULK walks, with every pysnmp error translated once.

One `SnmpEngine` per session (creating engines is expensive), MIB lookups off (raw OIDs are all
we need, and they cost most of pysnmp's CPU time). Walks are our own GETBULK loop so they stop
exactly at the end of the requested subtree and can size each request to the rows expected.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from netops.errors import AuthError, DeviceError, DeviceTimeout, DeviceUnreachable, ProtocolError

Oid = tuple[int, ...]
Value = int | bytes | str | None

_AUTH_PROTOCOLS = {
    "MD5": "USM_AUTH_HMAC96_MD5",
    "SHA": "USM_AUTH_HMAC96_SHA",
    "SHA224": "USM_AUTH_HMAC128_SHA224",
    "SHA256": "USM_AUTH_HMAC192_SHA256",
    "SHA384": "USM_AUTH_HMAC256_SHA384",
    "SHA512": "USM_AUTH_HMAC384_SHA512",
}
_PRIV_PROTOCOLS = {
    "DES": "USM_PRIV_CBC56_DES",
    "3DES": "USM_PRIV_CBC168_3DES",
    "AES": "USM_PRIV_CFB128_AES",
    "AES128": "USM_PRIV_CFB128_AES",
    "AES192": "USM_PRIV_CFB192_AES",
    "AES256": "USM_PRIV_CFB256_AES",
}
_AUTH_ERRORS = ("unknown usm user", "wrong snmp pdu digest", "unsupported security level",
                "authorization error", "unknown security name", "decryption error")


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


class SnmpSession:
    """An open SNMP session toward one agent. Use as `async with SnmpSession(...) as snmp:`."""

    def __init__(self, target: SnmpTarget, credentials: SnmpCredentials) -> None:
        self.target = target
        self.credentials = credentials
        self.requests = 0

    async def __aenter__(self) -> SnmpSession:
        from pysnmp.hlapi.v3arch import asyncio as hlapi

        self._hlapi = hlapi
        self._engine = hlapi.SnmpEngine()
        self._auth = self._auth_data()
        self._context = hlapi.ContextData(contextName=self.credentials.context)
        transport_class = hlapi.Udp6TransportTarget if ":" in self.target.host else hlapi.UdpTransportTarget
        try:
            self._transport = await transport_class.create(
                (self.target.host, self.target.port),
                timeout=self.target.timeout,
                retries=self.target.retries,
            )
        except Exception as exc:  # name resolution or socket errors
            self._engine.close_dispatcher()
            reason = "the name does not resolve" if "Name or service" in str(exc) else str(exc).splitlines()[0]
            raise DeviceUnreachable(
                f"cannot reach {self.target.where} over SNMP: {reason}",
                hint="check the address in the inventory",
            ) from exc
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the socket first, then the engine: an answer already read when the session ends
        (a scan interrupted with requests in flight) must reach an engine that still knows the
        socket, or pysnmp logs a CarrierError traceback from inside the event loop."""
        carrier = getattr(self._transport, "transport", None)  # the UDP socket pysnmp opened
        try:
            if carrier is not None:
                carrier.close_transport()  # nothing more is read after this
                await asyncio.sleep(0)  # answers read before it are handled while registered
        finally:
            self._engine.close_dispatcher()

    def _auth_data(self) -> Any:
        hlapi = self._hlapi
        creds = self.credentials
        if creds.version in ("1", "2c"):
            return hlapi.CommunityData(creds.community, mpModel=0 if creds.version == "1" else 1)
        auth = getattr(hlapi, _AUTH_PROTOCOLS[creds.auth_protocol]) if creds.auth_protocol else hlapi.USM_AUTH_NONE
        priv = getattr(hlapi, _PRIV_PROTOCOLS[creds.priv_protocol]) if creds.priv_protocol else hlapi.USM_PRIV_NONE
        return hlapi.UsmUserData(
            creds.user,
            authKey=creds.auth_key,
            privKey=creds.priv_key,
            authProtocol=auth,
            privProtocol=priv,
        )

    def _check(self, error_indication: Any, error_status: Any, error_index: Any, var_binds: Any) -> None:
        if error_indication:
            text = str(error_indication)
            lowered = text.lower()
            tries = self.target.retries + 1
            if "timeout" in lowered or "timed out" in lowered:
                raise DeviceTimeout(
                    f"{self.target.where} did not answer SNMP within "
                    f"{self.target.timeout:g} s × {tries} tries",
                    hint="check the address, the UDP port and the community or v3 credentials "
                    "(a wrong community gets no answer at all)",
                )
            if any(marker in lowered for marker in _AUTH_ERRORS):
                raise AuthError(
                    f"{self.target.where} refused the SNMP credentials: {text}",
                    hint="check the v3 user, protocols and keys in the inventory",
                )
            raise DeviceError(f"SNMP request to {self.target.where} failed: {text}")
        if error_status and int(error_status) != 0:
            status = error_status.prettyPrint() if hasattr(error_status, "prettyPrint") else str(error_status)
            if status in ("authorizationError", "noAccess"):
                raise AuthError(f"{self.target.where} refused SNMP access: {status}")
            raise ProtocolError(f"{self.target.where} answered SNMP error {status}")

    async def get(self, oids: Sequence[str], chunk: int = 16) -> dict[str, Value]:
        """Values of exact OIDs; OIDs the agent does not have are absent from the result."""
        hlapi = self._hlapi
        found: dict[str, Value] = {}
        for start in range(0, len(oids), chunk):
            part = oids[start : start + chunk]
            self.requests += 1
            result = await hlapi.get_cmd(
                self._engine,
                self._auth,
                self._transport,
                self._context,
                *(hlapi.ObjectType(hlapi.ObjectIdentity(oid)) for oid in part),
                lookupMib=False,
            )
            error_indication, error_status, error_index, var_binds = result
            if error_status and error_status.prettyPrint() == "noSuchName":  # SNMPv1 "not there"
                continue
            self._check(*result)
            for oid, (name, value) in zip(part, var_binds, strict=False):
                converted = to_python(value)
                if converted is not _ABSENT:
                    found[oid] = converted
        return found

    async def walk(self, oid: str, max_repetitions: int = 25) -> list[tuple[Oid, Value]]:
        """Every (OID, value) under `oid`, in order, with GETBULK (GETNEXT for SNMPv1)."""
        hlapi = self._hlapi
        root = parse_oid(oid)
        rows: list[tuple[Oid, Value]] = []
        current = root
        while True:
            self.requests += 1
            if self.credentials.version == "1":
                result = await hlapi.next_cmd(
                    self._engine, self._auth, self._transport, self._context,
                    hlapi.ObjectType(hlapi.ObjectIdentity(current)), lookupMib=False,
                )
            else:
                result = await hlapi.bulk_cmd(
                    self._engine, self._auth, self._transport, self._context,
                    0, max_repetitions,
                    hlapi.ObjectType(hlapi.ObjectIdentity(current)), lookupMib=False,
                )
            error_indication, error_status, error_index, var_binds = result
            if error_status and error_status.prettyPrint() == "noSuchName":  # SNMPv1 end of MIB
                return rows
            self._check(*result)
            if not var_binds:
                return rows
            for name, value in var_binds:
                name_oid = tuple(name)
                if name_oid[: len(root)] != root or is_end_of_view(value):
                    return rows
                if name_oid <= current:
                    raise ProtocolError(
                        f"{self.target.where} returned OIDs out of order while walking {oid}"
                    )
                converted = to_python(value)
                rows.append((name_oid, None if converted is _ABSENT else converted))
                current = name_oid


_ABSENT = object()


def is_end_of_view(value: Any) -> bool:
    return type(value).__name__ == "EndOfMibView"


def to_python(value: Any) -> Any:
    """pysnmp value -> int, bytes or str; _ABSENT for noSuchObject/noSuchInstance/endOfMibView."""
    kind = type(value).__name__
    if kind in ("NoSuchObject", "NoSuchInstance", "EndOfMibView", "Null"):
        return _ABSENT
    if kind in ("OctetString", "Opaque", "Bits"):
        return bytes(value)
    if kind == "IpAddress":
        return ".".join(str(b) for b in bytes(value))
    if kind in ("ObjectIdentifier", "ObjectName"):
        return str(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)
