"""What an SNMP backend (pysnmp, net-snmp) must provide to `SnmpSession`, and what it returns.

A backend only sends one request and hands back the reply with values already in Python types;
everything that decides a result (walk order and end, error wording, v1 quirks) lives once in
`netops.transport.snmp`, so both backends behave the same by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

Oid = tuple[int, ...]


class ExceptionValue:
    """SNMPv2 exception values (RFC 3416 section 3): a varbind that carries no value."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


NO_SUCH_OBJECT = ExceptionValue("noSuchObject")
NO_SUCH_INSTANCE = ExceptionValue("noSuchInstance")
END_OF_MIB_VIEW = ExceptionValue("endOfMibView")
NULL = ExceptionValue("NULL")
NO_VALUE = (NO_SUCH_OBJECT, NO_SUCH_INSTANCE, END_OF_MIB_VIEW, NULL)


class Reply(NamedTuple):
    error_status: int
    error_index: int
    var_binds: list[tuple[Oid, Any]]


class RequestTimeout(Exception):
    """No answer after every try."""


class CredentialsRefused(Exception):
    """The agent (or the v3 security layer) rejected who we are; the argument says why."""


class RequestFailed(Exception):
    """Any other failure to send or understand a request; the argument says what happened."""


# The reasons a v3 agent gives for refusing credentials, worded once for both backends.
UNKNOWN_USER = "unknown v3 user"
WRONG_DIGEST = "wrong authentication key or protocol"
UNSUPPORTED_LEVEL = "security level not accepted for this user"
DECRYPTION_ERROR = "wrong privacy key or protocol"
UNKNOWN_ENGINE = "unknown engine id"


class SnmpBackend(Protocol):
    name: str

    async def open(self) -> None: ...

    async def request(self, kind: str, oids: Sequence[Oid], max_repetitions: int = 0) -> Reply:
        """One GET, GETNEXT or GETBULK (`kind` = "get", "getnext", "getbulk")."""
        ...

    async def close(self) -> None: ...
