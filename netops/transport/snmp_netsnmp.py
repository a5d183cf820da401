"""SNMP through net-snmp's C library (libnetsnmp), bound with ctypes: the fast backend.

net-snmp encodes and decodes every SNMPv1/v2c message in C; Python only copies the values out
of the reply (SNMPv3 stays on pysnmp, see `unsupported`). Requests are net-snmp's asynchronous ones on a single UDP socket, read from the
asyncio loop (`add_reader`), so walks stay concurrent without threads; net-snmp's own timer
drives timeouts and retries. The library is the one Debian ships (libsnmp-dev / libsnmpNN).

The few structure fields read here (`netsnmp_pdu` up to `variables`, the head of
`netsnmp_variable_list`) are checked against the loaded library at start-up: if they do not
match, this backend reports itself unavailable and pysnmp is used instead.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
from collections.abc import Sequence
from ctypes import POINTER, c_char_p, c_int, c_long, c_size_t, c_ubyte, c_ulong, c_void_p
from typing import TYPE_CHECKING, Any

from netops.i18n import L_
from netops.transport.snmp_backend import (
    END_OF_MIB_VIEW,
    NO_SUCH_INSTANCE,
    NO_SUCH_OBJECT,
    NULL,
    Oid,
    Reply,
    RequestFailed,
    RequestTimeout,
)

if TYPE_CHECKING:
    from netops.transport.snmp import SnmpCredentials, SnmpTarget

_PDU_TYPES = {"get": 0xA0, "getnext": 0xA1, "getbulk": 0xA5}
_REPORT = 0xA8
_OP_RECEIVED, _OP_TIMED_OUT, _OP_RESEND, _OP_SEC_ERROR = 1, 2, 6, 7
_SNMPERR_TIMEOUT = -24
# netsnmp_pdu field offsets on LP64 (types.h): command after `long version`, errstat/errindex
# (non_repeaters/max_repetitions in GETBULK) after six longs; `variables` moved when net-snmp
# 5.8 added msgMaxSize, so both places are tried against a probe PDU.
_COMMAND, _ERRSTAT, _ERRINDEX = 8, 48, 56
_VARIABLES_CANDIDATES = (136, 128)

_libc = ctypes.CDLL(None)
_libc.free.argtypes = [c_void_p]
_CALLBACK = ctypes.CFUNCTYPE(c_int, c_int, c_void_p, c_int, c_void_p, c_void_p)


class _VarBind(ctypes.Structure):
    """The head of netsnmp_variable_list, unchanged since net-snmp 5.0."""

    _fields_ = [("next", c_void_p), ("name", POINTER(c_ulong)), ("name_length", c_size_t),
                ("type", c_ubyte), ("val", c_void_p), ("val_len", c_size_t)]


class _Timeval(ctypes.Structure):
    _fields_ = [("sec", c_long), ("usec", c_long)]


class Unavailable(Exception):
    """net-snmp's library cannot be used here; the message says why."""


class _Library:
    """libnetsnmp with the prototypes we call, the checked `variables` offset, initialised once."""

    def __init__(self) -> None:
        path = ctypes.util.find_library("netsnmp")
        if path is None:
            raise Unavailable("libnetsnmp is not installed (Debian: libsnmp-dev)")
        try:
            lib = ctypes.CDLL(path)
        except OSError as exc:
            raise Unavailable(f"cannot load {path}: {exc}") from exc
        self.lib = lib
        signatures = {
            "snmp_pdu_create": (c_void_p, [c_int]),
            "snmp_add_null_var": (c_void_p, [c_void_p, POINTER(c_ulong), c_size_t]),
            "snmp_free_pdu": (None, [c_void_p]),
            "snmp_sess_init": (None, [c_void_p]),
            "snmp_parse_args": (c_int, [c_int, POINTER(c_char_p), c_void_p, c_char_p, c_void_p]),
            "snmp_sess_open": (c_void_p, [c_void_p]),
            "snmp_sess_close": (c_int, [c_void_p]),
            "snmp_sess_async_send": (c_int, [c_void_p, c_void_p, _CALLBACK, c_void_p]),
            "snmp_sess_select_info2": (c_int, [c_void_p, POINTER(c_int), c_void_p, POINTER(_Timeval),
                                               POINTER(c_int)]),
            "snmp_sess_read2": (c_int, [c_void_p, c_void_p]),
            "snmp_sess_timeout": (None, [c_void_p]),
            "snmp_sess_session": (c_void_p, [c_void_p]),
            "snmp_error": (None, [c_void_p, POINTER(c_int), POINTER(c_int), POINTER(c_void_p)]),
            "snmp_api_errstring": (c_char_p, [c_int]),
            "snmpv3_get_report_type": (c_int, [c_void_p]),
            "netsnmp_large_fd_set_init": (None, [c_void_p, c_int]),
            "netsnmp_large_fd_setfd": (None, [c_int, c_void_p]),
            "netsnmp_large_fd_set_cleanup": (None, [c_void_p]),
            "netsnmp_ds_set_boolean": (c_int, [c_int, c_int, c_int]),
            "netsnmp_config_remember": (None, [c_char_p]),
            "init_snmp": (None, [c_char_p]),
            "snmp_disable_log": (None, []),
        }
        for name, (restype, argtypes) in signatures.items():
            try:
                function = getattr(lib, name)
            except AttributeError as exc:
                raise Unavailable(f"{path} has no {name}") from exc
            function.restype, function.argtypes = restype, argtypes
        self.variables = self._check_layout()
        # No config files, no persistent state, no MIBs (we only use numeric OIDs), no logging
        # to stderr: the library behaves the same on every machine and prints nothing.
        for option in (6, 35, 36):  # DONT_READ_CONFIGS, DISABLE_PERSISTENT_LOAD/SAVE
            lib.netsnmp_ds_set_boolean(0, option, 1)
        self._mibs_line = ctypes.create_string_buffer(b"mibs :")  # net-snmp keeps the pointer
        lib.netsnmp_config_remember(self._mibs_line)
        lib.snmp_disable_log()
        lib.init_snmp(b"netops")
        lib.snmp_disable_log()  # init_snmp turns logging to stderr back on

    def _check_layout(self) -> int:
        lib = self.lib
        probe = (c_ulong * 5)(1, 3, 6, 1, 99)
        pdu = lib.snmp_pdu_create(_PDU_TYPES["getbulk"])
        try:
            if (c_int.from_address(pdu + _COMMAND).value != _PDU_TYPES["getbulk"]
                    or c_long.from_address(pdu + _ERRSTAT).value != -1
                    or c_long.from_address(pdu + _ERRINDEX).value != -1):
                raise Unavailable("libnetsnmp's PDU layout is not the one this netops knows")
            var = lib.snmp_add_null_var(pdu, probe, 5)
            bind = _VarBind.from_address(var)
            if bind.name_length != 5 or bind.name[:5] != [1, 3, 6, 1, 99] or bind.type != 0x05:
                raise Unavailable("libnetsnmp's variable layout is not the one this netops knows")
            for offset in _VARIABLES_CANDIDATES:
                if c_void_p.from_address(pdu + offset).value == var:
                    return offset
            raise Unavailable("libnetsnmp's PDU layout is not the one this netops knows")
        finally:
            lib.snmp_free_pdu(pdu)


@functools.cache
def library() -> _Library:
    """The loaded library; raises Unavailable (every time) where it cannot be used."""
    return _Library()


def available() -> str | None:
    """None when this backend can run here, else the reason it cannot."""
    try:
        library()
    except Unavailable as exc:
        return str(exc)
    return None


def unsupported(credentials: SnmpCredentials) -> str | None:
    """Why these credentials need pysnmp instead (None: net-snmp speaks them identically).

    SNMPv3 stays on pysnmp: net-snmp keeps one process-wide USM user per name and engine and
    reuses its keys for every later session, so a changed or wrong key would go on "working"
    until the process restarts.
    """
    if credentials.version == "3":
        return "SNMPv3 is read through pysnmp (net-snmp caches USM keys per process)"
    return None


class NetSnmpBackend:
    name = "net-snmp"

    def __init__(self, target: SnmpTarget, address: str, credentials: SnmpCredentials) -> None:
        self.target = target
        self.address = address
        self.credentials = credentials
        self._lib = library()
        self._session: int | None = None
        self._pending: dict[int, asyncio.Future] = {}  # our request key -> its reply
        self._next_key = 0
        self._timer: asyncio.TimerHandle | None = None
        self._on_reply_c = _CALLBACK(self._on_reply)  # kept alive as long as the session

    def _arguments(self) -> list[str]:
        creds, target = self.credentials, self.target
        args = ["-r", str(target.retries), "-t", f"{target.timeout:g}", "-v", creds.version, "-c", creds.community]
        peer = f"udp6:[{self.address}]:{target.port}" if ":" in self.address else f"udp:{self.address}:{target.port}"
        return ["netops", *args, "--", peer]

    async def open(self) -> None:
        lib = self._lib.lib
        arguments = [ctypes.create_string_buffer(arg.encode()) for arg in self._arguments()]
        argv = (c_char_p * len(arguments))(*(ctypes.addressof(arg) for arg in arguments))  # type: ignore[misc]
        settings = ctypes.create_string_buffer(4096)  # a netsnmp_session is well under 1 KiB
        try:
            if lib.snmp_parse_args(len(arguments), argv, settings, b"", None) < 0:
                raise RequestFailed("net-snmp refused the session settings")
            self._session = lib.snmp_sess_open(settings)
            if not self._session:
                raise self._error(settings)
        finally:
            for arg in arguments:  # the community does not outlive the open
                ctypes.memset(arg, 0, len(arg))
        self._fds = ctypes.create_string_buffer(256)  # a netsnmp_large_fd_set, sized by the library
        lib.netsnmp_large_fd_set_init(self._fds, 64)
        count, _ = self._select_info()
        self._fd = count - 1
        self._read_set = ctypes.create_string_buffer(256)
        lib.netsnmp_large_fd_set_init(self._read_set, self._fd + 1)
        asyncio.get_running_loop().add_reader(self._fd, self._readable)

    async def close(self) -> None:
        if self._session is None:
            return
        lib = self._lib.lib
        asyncio.get_running_loop().remove_reader(self._fd)
        if self._timer:
            self._timer.cancel()
        lib.snmp_sess_close(self._session)
        lib.netsnmp_large_fd_set_cleanup(self._fds)
        lib.netsnmp_large_fd_set_cleanup(self._read_set)
        self._session = None
        for future in self._pending.values():
            if not future.done():
                future.set_exception(RequestFailed("session closed"))
        self._pending.clear()

    def _error(self, session: Any) -> Exception:
        lib = self._lib.lib
        system_error, library_error, text = c_int(), c_int(), c_void_p()
        lib.snmp_error(session, ctypes.byref(system_error), ctypes.byref(library_error), ctypes.byref(text))
        message = ctypes.string_at(text.value).decode(errors="replace") if text.value else L_("unknown error")
        if text.value:
            _libc.free(text)
        return _failure(library_error.value, message)

    async def request(self, kind: str, oids: Sequence[Oid], max_repetitions: int = 0) -> Reply:
        lib = self._lib.lib
        if self._session is None:
            raise RequestFailed("session closed")
        pdu = lib.snmp_pdu_create(_PDU_TYPES[kind])
        if kind == "getbulk":
            c_long.from_address(pdu + _ERRSTAT).value = 0
            c_long.from_address(pdu + _ERRINDEX).value = max_repetitions
        for oid in oids:
            lib.snmp_add_null_var(pdu, (c_ulong * len(oid))(*oid), len(oid))
        future = asyncio.get_running_loop().create_future()
        # Replies are matched by a key of ours passed as the callback's `magic`: a v3 report
        # can carry another request-id than the request it answers.
        self._next_key += 1
        key = self._next_key
        if not lib.snmp_sess_async_send(self._session, pdu, self._on_reply_c, key):
            lib.snmp_free_pdu(pdu)
            raise self._error(lib.snmp_sess_session(self._session))
        self._pending[key] = future
        self._arm_timer()
        # net-snmp answers every request (reply, report or timeout); this bound only guards
        # against one it would drop silently.
        target = self.target
        try:
            return await asyncio.wait_for(future, 2 * target.timeout * (target.retries + 1) + 1)
        except TimeoutError:
            raise RequestTimeout() from None
        finally:
            self._pending.pop(key, None)

    # -- the event loop side ------------------------------------------------------------------

    def _select_info(self) -> tuple[int, float | None]:
        count, block, timeout = c_int(0), c_int(1), _Timeval()
        self._lib.lib.snmp_sess_select_info2(
            self._session, ctypes.byref(count), self._fds, ctypes.byref(timeout), ctypes.byref(block)
        )
        return count.value, None if block.value else timeout.sec + timeout.usec / 1e6

    def _arm_timer(self) -> None:
        """Wake up when net-snmp's next retry or timeout is due."""
        if self._timer:
            self._timer.cancel()
            self._timer = None
        if self._pending and self._session is not None:
            _, delay = self._select_info()
            if delay is not None:
                self._timer = asyncio.get_running_loop().call_later(delay, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        if self._session is not None:
            self._lib.lib.snmp_sess_timeout(self._session)
            self._arm_timer()

    def _readable(self) -> None:
        if self._session is not None:
            lib = self._lib.lib
            lib.netsnmp_large_fd_setfd(self._fd, self._read_set)  # net-snmp clears it once read
            lib.snmp_sess_read2(self._session, self._read_set)
            self._arm_timer()

    def _on_reply(self, operation: int, session: int, request_id: int, pdu: int, magic: int) -> int:
        """Called by net-snmp inside read/timeout; the PDU is freed when this returns 1."""
        if operation == _OP_RESEND:  # a retry went out; the answer is still to come
            return 1
        future = self._pending.pop(magic or 0, None)
        if future is None or future.done():
            return 1
        try:
            if operation == _OP_RECEIVED:
                future.set_result(self._reply(pdu))
            elif operation == _OP_TIMED_OUT:
                future.set_exception(RequestTimeout())
            elif operation == _OP_SEC_ERROR:
                future.set_exception(self._error(self._lib.lib.snmp_sess_session(self._session)))
            else:
                future.set_exception(RequestFailed(f"net-snmp callback operation {operation}"))
        except Exception as exc:  # a reply we cannot read must fail the request, not vanish
            future.set_exception(exc)
        return 1

    def _reply(self, pdu: int) -> Reply:
        if c_int.from_address(pdu + _COMMAND).value == _REPORT:
            code = self._lib.lib.snmpv3_get_report_type(pdu)
            raise _failure(code, (self._lib.lib.snmp_api_errstring(code) or b"report").decode())
        var_binds = []
        address = c_void_p.from_address(pdu + self._lib.variables).value
        while address:
            bind = _VarBind.from_address(address)
            var_binds.append((tuple(bind.name[: bind.name_length]), _value(bind)))
            address = bind.next
        return Reply(c_long.from_address(pdu + _ERRSTAT).value, c_long.from_address(pdu + _ERRINDEX).value,
                     var_binds)


def _failure(code: int, message: str) -> Exception:
    if code == _SNMPERR_TIMEOUT:
        return RequestTimeout()
    return RequestFailed(message)


_EXCEPTION_VALUES = {0x05: NULL, 0x80: NO_SUCH_OBJECT, 0x81: NO_SUCH_INSTANCE, 0x82: END_OF_MIB_VIEW}


def _value(bind: _VarBind) -> Any:
    """A varbind's value in the Python types the pysnmp backend gives (see snmp_pysnmp.to_python)."""
    kind = bind.type
    if kind == 0x02:  # INTEGER
        return c_long.from_address(bind.val).value
    if kind in (0x41, 0x42, 0x43):  # Counter32, Gauge32/Unsigned32, TimeTicks
        return c_ulong.from_address(bind.val).value & 0xFFFFFFFF
    if kind in (0x04, 0x44, 0x03):  # OCTET STRING, Opaque, BIT STRING
        return ctypes.string_at(bind.val, bind.val_len)
    if kind == 0x40:  # IpAddress
        return ".".join(str(b) for b in ctypes.string_at(bind.val, 4))
    if kind == 0x06:  # OBJECT IDENTIFIER
        count = bind.val_len // ctypes.sizeof(c_ulong)
        return ".".join(str(part) for part in (c_ulong * count).from_address(bind.val))
    if kind == 0x46:  # Counter64: struct counter64 {u_long high, low}
        high, low = (c_ulong * 2).from_address(bind.val)
        return (high & 0xFFFFFFFF) << 32 | (low & 0xFFFFFFFF)
    if kind in _EXCEPTION_VALUES:
        return _EXCEPTION_VALUES[kind]
    raise RequestFailed(f"value of ASN.1 type 0x{kind:02x} that netops does not read")
