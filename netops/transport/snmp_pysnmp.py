"""SNMP through pysnmp: the pure-Python backend, used where net-snmp's library is not installed.

The session's target, credentials and context are configured into the engine once (`open`), and
requests go straight to pysnmp's command generators with raw OIDs: hlapi's per-request MIB
resolution (and the MIB compiler it loads) costs more than decoding the reply.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netops.transport.snmp_backend import (
    DECRYPTION_ERROR,
    END_OF_MIB_VIEW,
    NO_SUCH_INSTANCE,
    NO_SUCH_OBJECT,
    NULL,
    UNKNOWN_ENGINE,
    UNKNOWN_USER,
    UNSUPPORTED_LEVEL,
    WRONG_DIGEST,
    CredentialsRefused,
    Oid,
    Reply,
    RequestFailed,
    RequestTimeout,
)

if TYPE_CHECKING:
    from netops.transport.snmp import SnmpCredentials, SnmpTarget

AUTH_PROTOCOLS = {
    "MD5": "USM_AUTH_HMAC96_MD5",
    "SHA": "USM_AUTH_HMAC96_SHA",
    "SHA224": "USM_AUTH_HMAC128_SHA224",
    "SHA256": "USM_AUTH_HMAC192_SHA256",
    "SHA384": "USM_AUTH_HMAC256_SHA384",
    "SHA512": "USM_AUTH_HMAC384_SHA512",
}
PRIV_PROTOCOLS = {
    "DES": "USM_PRIV_CBC56_DES",
    "3DES": "USM_PRIV_CBC168_3DES",
    "AES": "USM_PRIV_CFB128_AES",
    "AES128": "USM_PRIV_CFB128_AES",
    "AES192": "USM_PRIV_CFB192_AES",  # Reeder key extension, as most vendors do
    "AES256": "USM_PRIV_CFB256_AES",
}
# pysnmp error indications that mean "these credentials were refused", by class name.
_REFUSALS = {
    "UnknownUserName": UNKNOWN_USER,
    "UnknownSecurityName": UNKNOWN_USER,
    "WrongDigest": WRONG_DIGEST,
    "AuthenticationFailure": WRONG_DIGEST,
    "AuthenticationError": WRONG_DIGEST,
    "UnsupportedSecurityLevel": UNSUPPORTED_LEVEL,
    "DecryptionError": DECRYPTION_ERROR,
    "UnknownEngineID": UNKNOWN_ENGINE,
}
_EXCEPTION_VALUES = {
    "NoSuchObject": NO_SUCH_OBJECT,
    "NoSuchInstance": NO_SUCH_INSTANCE,
    "EndOfMibView": END_OF_MIB_VIEW,
    "Null": NULL,
}


class PysnmpBackend:
    name = "pysnmp"

    def __init__(self, target: SnmpTarget, address: str, credentials: SnmpCredentials) -> None:
        self.target = target
        self.address = address
        self.credentials = credentials

    async def open(self) -> None:
        from pysnmp.entity.rfc3413 import cmdgen
        from pysnmp.hlapi.v3arch import asyncio as hlapi
        from pysnmp.hlapi.v3arch.asyncio.lcd import CommandGeneratorLcdConfigurator
        from pysnmp.proto.rfc1902 import Null, ObjectName

        self._null = Null("")
        self._object_name = ObjectName
        self._generators = {
            "get": cmdgen.GetCommandGenerator(),
            "getnext": cmdgen.NextCommandGenerator(),
            "getbulk": cmdgen.BulkCommandGenerator(),
        }
        self._engine = hlapi.SnmpEngine()
        transport_class = hlapi.Udp6TransportTarget if ":" in self.address else hlapi.UdpTransportTarget
        try:
            transport = await transport_class.create(
                (self.address, self.target.port), timeout=self.target.timeout, retries=self.target.retries
            )
        except Exception as exc:  # socket errors
            self._engine.close_dispatcher()
            raise RequestFailed(str(exc).splitlines()[0]) from exc
        self._transport = transport
        self._context = self.credentials.context
        self._target_name, _ = CommandGeneratorLcdConfigurator().configure(
            self._engine, self._auth_data(hlapi), transport, self._context
        )

    async def close(self) -> None:
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

    def _auth_data(self, hlapi: Any) -> Any:
        creds = self.credentials
        if creds.version in ("1", "2c"):
            return hlapi.CommunityData(creds.community, mpModel=0 if creds.version == "1" else 1)
        auth = getattr(hlapi, AUTH_PROTOCOLS[creds.auth_protocol]) if creds.auth_protocol else hlapi.USM_AUTH_NONE
        priv = getattr(hlapi, PRIV_PROTOCOLS[creds.priv_protocol]) if creds.priv_protocol else hlapi.USM_PRIV_NONE
        return hlapi.UsmUserData(
            creds.user, authKey=creds.auth_key, privKey=creds.priv_key, authProtocol=auth, privProtocol=priv
        )

    async def request(self, kind: str, oids: Sequence[Oid], max_repetitions: int = 0) -> Reply:
        future = asyncio.get_running_loop().create_future()

        def done(engine, handle, error_indication, error_status, error_index, var_binds, context) -> None:
            if future.cancelled():
                return
            if error_indication:
                future.set_exception(_translate(error_indication))
            else:
                converted = [(tuple(name), to_python(value)) for name, value in var_binds]
                future.set_result(Reply(int(error_status), int(error_index), converted))

        var_binds = [(self._object_name(oid), self._null) for oid in oids]
        generator = self._generators[kind]
        if kind == "getbulk":
            generator.send_varbinds(
                self._engine, self._target_name, None, self._context, 0, max_repetitions, var_binds, done
            )
        else:
            generator.send_varbinds(self._engine, self._target_name, None, self._context, var_binds, done)
        return await future


def _translate(error_indication: Any) -> Exception:
    kind = type(error_indication).__name__
    if kind == "RequestTimedOut":
        return RequestTimeout()
    if kind in _REFUSALS:
        return CredentialsRefused(_REFUSALS[kind])
    return RequestFailed(str(error_indication))


def to_python(value: Any) -> Any:
    """pysnmp value -> int, bytes or str, or one of the exception values of snmp_backend."""
    kind = type(value).__name__
    if kind in _EXCEPTION_VALUES:
        return _EXCEPTION_VALUES[kind]
    if kind in ("OctetString", "Opaque", "Bits"):
        return bytes(value)
    if kind == "IpAddress":
        return ".".join(str(b) for b in bytes(value))
    if kind in ("ObjectIdentifier", "ObjectName"):
        return str(value)
    return int(value)
