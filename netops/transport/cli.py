"""A CLI session to a network device over SSH or telnet, with netmiko's own device drivers.

netmiko prepares the session the way each vendor needs (prompt, paging, smart prompts); this
module adds what a read-only poller needs on top: a command loop that answers the pager and
parameter prompts, a hard deadline per command, host-key checking against known_hosts, and the
translation of netmiko/paramiko exceptions into netops errors, once.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from netops.errors import (
    AuthError,
    ConnectionDropped,
    DeviceError,
    DeviceTimeout,
    DeviceUnreachable,
    HostKeyError,
    ProtocolError,
)
from netops.i18n import L_

log = logging.getLogger("netops.cli")

T = TypeVar("T")

# paramiko's transport thread logs a traceback for a failed handshake, which `_connect_error`
# already turns into one line; without --debug nothing configures logging, and logging's last
# resort would print that traceback on stderr. A no-op handler keeps it for --debug only.
logging.getLogger("paramiko").addHandler(logging.NullHandler())


@dataclass
class CliTarget:
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    device_type: str
    name: str
    connect_timeout: float = 10.0
    command_timeout: float = 20.0
    pager: str = r"--More--"
    pager_answer: str = " "
    smart_prompt: str | None = None
    known_hosts: list[Path] = field(default_factory=list)
    accept_unknown_host_key: bool = False

    @property
    def where(self) -> str:
        return f"{self.name} ({self.host}:{self.port})"


def default_known_hosts() -> list[Path]:
    """`NETOPS_KNOWN_HOSTS` (path list) plus the user's ~/.ssh/known_hosts."""
    paths = [Path(p).expanduser() for p in os.environ.get("NETOPS_KNOWN_HOSTS", "").split(os.pathsep) if p]
    return paths + [Path("~/.ssh/known_hosts").expanduser()]


class SessionClosed(BaseException):
    """`close()` was called while a command ran in another thread (an interrupted scan).

    Not a DeviceError, and not even an Exception: the device did nothing wrong, and nothing that
    retries a dropped session or skips a failed ONU may catch it and carry on.
    """


class CliSession:
    """One logged-in CLI session. Blocking: callers run it in a worker thread."""

    def __init__(self, target: CliTarget) -> None:
        self.target = target
        self.conn: Any = None  # netmiko's connection once open
        self._prompt_re: re.Pattern[str] = re.compile(r"(?!)")  # matches nothing until the prompt is known
        self._broken = False
        self._closed = False  # set by close(): a command running in a worker thread stops

    # -- connecting --------------------------------------------------------------------------

    def open(self) -> CliSession:
        import paramiko
        from netmiko import ConnectHandler
        from netmiko.exceptions import (
            NetmikoAuthenticationException,
            ReadTimeout,
        )

        t = self.target
        telnet = t.device_type.endswith("_telnet")
        params = dict(
            device_type=t.device_type,
            host=t.host,
            port=t.port,
            username=t.username,
            password=t.password,
            conn_timeout=t.connect_timeout,
            auth_timeout=t.connect_timeout,
            banner_timeout=t.connect_timeout,
            read_timeout_override=t.command_timeout,
            fast_cli=True,
            auto_connect=False,
        )
        if not telnet:
            params.update(use_keys=False, allow_agent=False, ssh_strict=True, system_host_keys=False)
        try:
            conn = ConnectHandler(**params)
            if not telnet:
                conn.key_policy = _AcceptOnce(t.where) if t.accept_unknown_host_key else paramiko.RejectPolicy()
                conn._build_ssh_client = lambda: _ssh_client(conn.key_policy, t.known_hosts)  # type: ignore[method-assign]
            conn._open()
        except (NetmikoAuthenticationException, paramiko.AuthenticationException) as exc:
            raise AuthError(
                L_("{where}: login refused for user {username!r}", where=t.where, username=t.username),
                hint=L_("check the username and the password the inventory points to"),
            ) from exc
        except ReadTimeout as exc:
            raise DeviceTimeout(
                L_("{where}: no prompt within {command_timeout:.0f} s after login", where=t.where, command_timeout=t.command_timeout),
                hint=L_("the OLT is slow or the profile's device type does not match it"),
            ) from exc
        except (paramiko.SSHException, OSError, EOFError) as exc:
            raise _connect_error(t, exc) from exc
        if self._closed:  # closed while logging in: drop the new session, run nothing
            try:
                conn.remote_conn.close()  # type: ignore[union-attr]
            except Exception:
                pass
            raise SessionClosed(t.where)
        self.conn = conn
        base = re.escape(conn.base_prompt)
        self._prompt_re = re.compile(rf"(?:^|\n)[^\n]*{base}[^\n]*[>#]\s*$")
        return self

    def enable(self) -> None:
        """Privileged mode, where the display commands live (no-op when already there)."""
        try:
            self._guard(lambda: None if self.conn.check_enable_mode() else self.conn.enable())
        except DeviceError:
            self._broken = True  # as in `run`: no polite logout on a session that failed
            raise

    # -- commands ----------------------------------------------------------------------------

    def run(self, command: str) -> str:
        """Send one command and return its output (echo and prompt removed), paging through."""
        if self.conn is None:
            raise DeviceError(L_("{where}: session is not open", where=self.target.where))
        try:
            return self._guard(lambda: self._run(command))
        except DeviceError:
            self._broken = True  # no polite logout on a session that timed out or dropped
            raise

    def _run(self, command: str) -> str:
        t = self.target
        conn = self.conn
        pager = re.compile(t.pager)
        smart = re.compile(t.smart_prompt) if t.smart_prompt else None
        conn.read_channel()  # drop anything left over (a late prompt) so it cannot end this command early
        conn.write_channel(command + conn.RETURN)
        buffer = ""
        checked = 0
        deadline = time.monotonic() + t.command_timeout
        while True:
            if self._closed:
                raise SessionClosed(t.where)
            chunk = conn.read_channel()
            if chunk:
                buffer += chunk
                match = pager.search(buffer, checked)
                if match:
                    checked = match.end()
                    conn.write_channel(t.pager_answer)
                    continue
                if smart is not None and smart.search(buffer[checked:]):
                    checked = len(buffer)
                    conn.write_channel(conn.RETURN)
                    continue
                if self._prompt_re.search(buffer) and len(buffer) > len(command):
                    break
            else:
                if not self._alive():
                    raise ConnectionDropped(
                        L_("{where}: the OLT closed the session during `{command}`", where=t.where, command=command),
                        hint=L_("retry; if it keeps happening, check the OLT's vty limits and idle timeout"),
                    )
                if time.monotonic() > deadline:
                    raise DeviceTimeout(
                        L_("{where}: no prompt within {command_timeout:.0f} s after `{command}`", where=t.where, command_timeout=t.command_timeout, command=command),
                        hint=L_("the OLT is busy or slow; retry later or raise cli.command_timeout_s in the profile"),
                    )
                time.sleep(0.005)
        lines = buffer.replace("\r", "").split("\n")
        if lines and command.strip() and command.strip() in lines[0]:
            lines = lines[1:]
        if lines and self._prompt_re.search(lines[-1]):
            lines = lines[:-1]
        return "\n".join(lines)

    def _alive(self) -> bool:
        channel = getattr(self.conn, "remote_conn", None)
        if channel is None:
            return False
        if hasattr(channel, "closed"):  # paramiko channel
            return not channel.closed and not channel.eof_received
        return True  # telnet: a closed socket raises EOFError on read

    def _guard(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except BaseException as exc:
            if self._closed and not isinstance(exc, SessionClosed):
                # close() pulled the session from under the command: whatever it raised
                # (a lost socket, "dropped") is the interrupt, not a fault of the device
                raise SessionClosed(self.target.where) from exc
            translated = self._translated(exc)
            if translated is exc:
                raise
            raise translated from exc

    def _translated(self, exc: BaseException) -> BaseException:
        """netmiko's and the socket's exceptions as ours; anything else as it is."""
        if isinstance(exc, DeviceError) or not isinstance(exc, Exception):
            return exc
        if isinstance(exc, (EOFError, OSError)):
            return ConnectionDropped(L_("{where}: the connection was lost ({exc})", where=self.target.where, exc=exc))
        name = type(exc).__name__
        if name == "ReadTimeout":
            return DeviceTimeout(L_("{where}: no prompt within {command_timeout:.0f} s", where=self.target.where, command_timeout=self.target.command_timeout))
        if name == "ReadException":
            return ConnectionDropped(L_("{where}: the connection was lost", where=self.target.where))
        return exc

    def close(self) -> None:
        self._closed = True
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            if self._alive() and not self._broken:
                conn.disconnect()
            else:
                conn.remote_conn.close()
        except Exception:  # a session that is already gone cannot be logged out of politely
            try:
                conn.remote_conn.close()
            except Exception:
                pass

    def __enter__(self) -> CliSession:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    found: BaseException | None = exc
    while found is not None and found not in chain:
        chain.append(found)
        found = found.__cause__ or found.__context__
    return chain


def _connect_error(t: CliTarget, exc: BaseException) -> DeviceError:
    """One netops error for whatever netmiko/paramiko raised while connecting."""
    import paramiko

    chain = _causes(exc)
    for e in list(chain):  # paramiko's NoValidConnectionsError keeps one error per address
        chain += [inner for inner in (getattr(e, "errors", None) or {}).values() if isinstance(inner, BaseException)]
    text = " ".join(str(e) for e in chain)
    if any(isinstance(e, paramiko.BadHostKeyException) for e in chain) or "does not match" in text:
        return HostKeyError(
            L_("{where}: SSH host key has CHANGED since it was recorded in known_hosts", where=t.where),
            hint=L_("if the OLT was replaced, remove the old key with `ssh-keygen -R` and check the new fingerprint"),
        )
    if "known_hosts" in text:
        return HostKeyError(
            L_("{where}: SSH host key is not in known_hosts", where=t.where),
            hint=L_("verify the fingerprint and add it (ssh-keyscan), or pass --accept-unknown-host-key"),
        )
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text.lower():
        return DeviceUnreachable(
            L_("{where}: connection refused", where=t.where), hint=L_("check the host, the port and that SSH/telnet is enabled on the OLT")
        )
    if any(isinstance(e, (TimeoutError, socket.timeout)) for e in chain) or "timed out" in text.lower() or "timeout" in text.lower():
        return DeviceTimeout(
            L_("{where}: no answer within {connect_timeout:.0f} s", where=t.where, connect_timeout=t.connect_timeout),
            hint=L_("check the host and port, and that the OLT is reachable from here"),
        )
    if any(isinstance(e, (EOFError, ConnectionResetError)) for e in chain):
        return ConnectionDropped(L_("{where}: the connection was closed during login", where=t.where))
    if any(isinstance(e, OSError) for e in chain):
        return DeviceUnreachable(L_("{where}: cannot connect ({chain})", where=t.where, chain=chain[-1]))
    first = str(chain[-1]).strip().splitlines()[0] if str(chain[-1]).strip() else type(chain[-1]).__name__
    return ProtocolError(L_("{where}: SSH failed: {first}", where=t.where, first=first))


def _ssh_client(policy: Any, known_hosts: list[Path]) -> Any:
    """A paramiko client that checks every given known_hosts file and never writes to them."""
    import paramiko

    client = paramiko.SSHClient()
    for path in known_hosts:
        if path.is_file():
            _load_known_hosts(client.get_host_keys(), path)
    client.set_missing_host_key_policy(policy)
    return client


def _load_known_hosts(keys: Any, path: Path) -> None:
    """paramiko's loader stops at the first undecodable line; OpenSSH skips it, and so do we."""
    from paramiko.hostkeys import HostKeyEntry

    try:
        keys.load(str(path))
        return
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return
    except Exception:  # a corrupt line (bad base64, not UTF-8): read the good lines one by one
        pass
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            entry = HostKeyEntry.from_line(line, number)
        except Exception:
            log.warning("%s line %d: not a known_hosts entry, skipped", path, number)
            continue
        for name in entry.hostnames if entry is not None else []:
            keys.add(name, entry.key.get_name(), entry.key)


class _AcceptOnce:
    """Accept an unknown host key for this connection only (asked for explicitly); never saved."""

    def __init__(self, where: str) -> None:
        self.where = where

    def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
        log.warning(
            "%s: accepting unknown SSH host key %s %s for this connection only",
            self.where,
            key.get_name(),
            key.fingerprint if hasattr(key, "fingerprint") else "",
        )
        client.get_host_keys().add(hostname, key.get_name(), key)
