"""One exception hierarchy for netops.

Every failure that reaches the user is a `NetopsError`: a one-line message saying what failed and
where, an optional hint saying what to try, and a stable machine-readable `code` used in JSON.
Transports translate their libraries' exceptions into these exactly once (`raise ... from exc`),
so nothing above `netops.transport` ever sees a pysnmp, netmiko or httpx exception.
The CLI funnel (`netops.cli.app.main`) turns any of them into one line on stderr and exit code 3.

Messages and hints are `netops.i18n.L_` messages: `str(exc)`, `.message` and `.hint` are English
(what JSON shows), `one_line()` is in the technician's language.
"""

from __future__ import annotations

from netops.i18n import L_, Message, local


class NetopsError(Exception):
    """Root of every error netops raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message and hint as a single line a technician can act on, in their language."""
        return " ".join(local(self.line()).split())

    def line(self) -> Message:
        """The same line as a message: English as a `str` (what JSON and logs show), translated
        by `local()` (what tables show)."""
        message = _squashed(self.message)
        if not self.hint:
            return message if isinstance(message, Message) else L_("{message}", message=message)
        return L_("{message} — {hint}", message=message, hint=_squashed(self.hint))


def _squashed(text: str) -> str:
    """One line of `text`; a `Message` stays one, to be translated where it is shown."""
    return text if isinstance(text, Message) else " ".join(text.split())


class InputError(NetopsError, ValueError):
    """The user typed something netops cannot use (a malformed ONU id, a bad address...)."""

    code = "bad_input"


class ConfigError(NetopsError):
    """A profile, inventory or setting is missing or invalid."""

    code = "bad_config"


class ProfileInvalid(ConfigError):
    """A profile (or inventory) wrong in one place or several. The message, what JSON and other
    commands show, names the first mistake and how many more; `problems` holds every one as
    `file: key: message`, so `netops profiles validate` can list them all in one run."""

    def __init__(self, problems: list[str]) -> None:
        first = problems[0]
        more = len(problems) - 1
        super().__init__(L_("{first} (and {more} more)", first=first, more=more) if more else first)
        self.problems = tuple(problems)


class SecretMissing(ConfigError):
    """A credential referenced by name (environment variable, keyring) is not available."""

    code = "secret_missing"


class DeviceError(NetopsError):
    """A device (OLT, router, resolver, server) did not do what was asked."""

    code = "device_error"


class DeviceUnreachable(DeviceError, ConnectionError):
    """Nothing answered at the address, or the connection was refused or dropped."""

    code = "unreachable"


class ConnectionDropped(DeviceUnreachable):
    """The device accepted the connection, then closed it before answering (a session dropped
    mid-command, a router restarting after a save). `maybe_applied`: what was sent may have been
    applied all the same, so it is neither done nor safe to call not done."""

    code = "connection_dropped"

    def __init__(self, message: str, *, hint: str | None = None, maybe_applied: bool = False) -> None:
        super().__init__(message, hint=hint)
        self.maybe_applied = maybe_applied


class NotWritten(DeviceUnreachable):
    """A write never reached the server (connection refused, connect timeout): nothing stored."""

    code = "not_written"


class WriteUnknown(DeviceError):
    """A write was sent but no usable answer came back: the server may have stored it, and sending
    it again could store it twice."""

    code = "write_unknown"


class DeviceTimeout(DeviceError, TimeoutError):
    """The device did not answer within the timeout (after the retries)."""

    code = "timeout"


class AuthError(DeviceError):
    """The device refused the credentials (SNMP community, SSH or web login)."""

    code = "auth_failed"


class StepFailed(DeviceError):
    """A router's page did not show what the profile's step expects; `kind` says how: rejected
    (the page refused the change), session (its login page came back: the session was lost),
    absent (no such page or radio), unsupported (a setting the profile cannot send back as it
    is), protocol (anything else). A refused login is an AuthError, never this."""

    CODES = {"rejected": "rejected", "session": "session_lost", "absent": "radio_absent",
             "unsupported": "unsupported_setting"}

    def __init__(self, kind: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind
        self.code = self.CODES.get(kind, "protocol_error")


class HostKeyError(DeviceError):
    """The device's SSH host key is unknown or has changed: it is not trusted to be the device."""

    code = "host_key"


class Refused(DeviceError):
    """A system understood the request and refused it (permission, validation...)."""

    code = "refused"


class NotFound(DeviceError, LookupError):
    """The device answered but does not know the thing asked for (an ONU not provisioned...)."""

    code = "not_found"


class ProtocolError(DeviceError):
    """The device answered with something netops cannot understand."""

    code = "protocol_error"


class LabError(NetopsError):
    """A lab service could not be started, stopped or found: the simulator's own failure, never
    a device's."""

    code = "lab_error"


class StorageError(NetopsError):
    """A local file netops writes (the case log, its own output) could not be written: a full
    disk, a closed or read-only destination. The environment, not the input, is at fault."""

    code = "storage_error"
