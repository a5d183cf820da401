"""Openers for `--via cli` and `--via auto`: from an inventory entry to an open reader.

`auto` reads over SNMP first and turns to the CLI when SNMP does not answer (timeout,
unreachable) or is not configured for the OLT; readings the profile maps only on the CLI side
(for example ONU Tx on a C600) are then filled from the CLI for online ONUs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

from netops.errors import ConfigError, DeviceTimeout, DeviceUnreachable, NetopsError
from netops.i18n import L_
from netops.models import OnuRef, OnuSerial, PonRef
from netops.olt.profile import OltProfile
from netops.olt.reading import READINGS, OltReader, OnuReading, Progress, ScanResult
from netops.settings import OltEntry, resolve_secret

log = logging.getLogger("netops.olt.auto")


def cli_session_factory(olt_name: str, entry: OltEntry, profile: OltProfile,
                        accept_unknown_host_key: bool = False) -> Callable[[], Any]:
    """A function making unopened CLI sessions for this OLT (credentials resolved once, now)."""
    from netops.transport.cli import CliSession, CliTarget, default_known_hosts

    cli = profile.cli
    if cli is None:
        raise ConfigError(L_("OLT {olt_name}: profile {id} has no CLI support", olt_name=olt_name, id=profile.id), hint=L_("use --via snmp"))
    ssh = entry.ssh
    if ssh is None:
        raise ConfigError(
            L_("OLT {olt_name} has no ssh block in the inventory", olt_name=olt_name),
            hint=L_("add `ssh: {port: 22, username: ..., password_env: ...}` or use --via snmp"),
        )
    if not ssh.password_env:
        raise ConfigError(L_("OLT {olt_name}: ssh.password_env is required for --via cli", olt_name=olt_name))
    password = resolve_secret(ssh.password_env, L_("CLI password of OLT {olt_name}", olt_name=olt_name))
    device_type = cli.device_type
    if ssh.transport == "telnet":
        if not cli.telnet_device_type:
            raise ConfigError(L_("OLT {olt_name}: profile {id} has no telnet device type", olt_name=olt_name, id=profile.id))
        device_type = cli.telnet_device_type
    known_hosts = default_known_hosts()
    extra = getattr(ssh, "known_hosts", None)
    if extra:
        known_hosts.insert(0, Path(extra).expanduser())
    target = CliTarget(
        host=entry.host,
        port=ssh.port,
        username=ssh.username,
        password=password,
        device_type=device_type,
        name=f"OLT {olt_name}",
        connect_timeout=cli.connect_timeout_s,
        command_timeout=cli.command_timeout_s,
        pager=cli.pager,
        pager_answer=cli.pager_answer,
        smart_prompt=cli.smart_prompt,
        known_hosts=known_hosts,
        accept_unknown_host_key=accept_unknown_host_key,
    )
    return lambda: CliSession(target)


@asynccontextmanager
async def open_cli_reader(
    olt_name: str, entry: OltEntry, profile: OltProfile, accept_unknown_host_key: bool = False
) -> AsyncIterator[OltReader]:
    from netops.olt.cli_reader import CliOltReader

    factory = cli_session_factory(olt_name, entry, profile, accept_unknown_host_key)
    reader = CliOltReader(olt_name, profile, factory)
    try:
        yield reader
    finally:
        await asyncio.to_thread(reader.close)


class AutoReader:
    """SNMP first; the CLI when SNMP does not answer, and for readings only the CLI maps."""

    source = "auto"

    def __init__(self, olt_name: str, entry: OltEntry, profile: OltProfile, stack: AsyncExitStack, accept: bool) -> None:
        self.olt, self.entry, self.profile, self.stack, self.accept = olt_name, entry, profile, stack, accept
        self._snmp: OltReader | None = None
        self._cli: OltReader | None = None
        self.snmp_usable = profile.snmp is not None and entry.snmp is not None

    async def snmp(self) -> OltReader:
        if self._snmp is None:
            from netops.olt.access import open_snmp_reader

            self._snmp = await self.stack.enter_async_context(open_snmp_reader(self.olt, self.entry, self.profile))
        return self._snmp

    async def cli(self) -> OltReader:
        if self._cli is None:
            self._cli = await self.stack.enter_async_context(
                open_cli_reader(self.olt, self.entry, self.profile, self.accept)
            )
        return self._cli

    def cli_only(self) -> set[str]:
        """Readings the CLI shows for one ONU but the SNMP profile does not map."""
        if self.profile.cli is None or self.entry.ssh is None or self.profile.snmp is None:
            return set()
        snmp = {name for name in READINGS if getattr(self.profile.snmp.columns, name) is not None}
        return {name for name in READINGS if name not in snmp and name not in self.profile.cli.unsupported}

    async def _either(self, call: Callable[[Any], Awaitable[Any]]) -> tuple[Any, bool]:
        silent = None
        if self.snmp_usable:
            try:
                return await call(await self.snmp()), True
            except (DeviceTimeout, DeviceUnreachable) as exc:
                if self.profile.cli is None or self.entry.ssh is None:
                    raise
                self.snmp_usable = False
                silent = exc
        try:
            result = await call(await self.cli())
        except NetopsError as exc:
            if silent is None:
                raise
            # Both paths failed: one line that says both, so neither failure is hidden.
            raise type(exc)(
                L_("{message}; before that, SNMP did not answer ({silent})", message=exc.message, silent=silent.message), hint=exc.hint
            ) from exc
        if silent is not None:  # said once it worked: a CLI error alone stays one line
            log.warning("OLT %s: SNMP did not answer (%s); read over the CLI", self.olt, silent.message)
        return result, False

    async def read_onu(self, onu: OnuRef) -> OnuReading:
        reading: OnuReading
        reading, via_snmp = await self._either(lambda r: r.read_onu(onu))
        extra = self.cli_only() & reading.unsupported
        if via_snmp and extra and reading.state == "online":
            other = await (await self.cli()).read_onu(onu)
            for name in extra:
                setattr(reading, name, getattr(other, name))
                reading.unsupported.discard(name)
                if getattr(other, name) is None:
                    reading.unreadable.add(name)
            reading.source = "snmp+cli"
        return reading

    async def find_serial(self, serial: OnuSerial) -> OnuRef:
        onu: OnuRef = (await self._either(lambda r: r.find_serial(serial)))[0]
        return onu

    async def scan(
        self,
        pons: list[PonRef] | None = None,
        progress: Progress | None = None,
        set_total: Callable[[int], None] | None = None,
    ) -> ScanResult:
        result: ScanResult = (await self._either(lambda r: r.scan(pons, progress=progress, set_total=set_total)))[0]
        return result

    async def ports(self) -> list[PonRef]:
        found: list[PonRef] = (await self._either(lambda r: r.ports()))[0]
        return found

    async def directory(self) -> list[OnuReading]:
        found: list[OnuReading] = (await self._either(lambda r: r.directory()))[0]
        return found


@asynccontextmanager
async def open_auto_reader(
    olt_name: str, entry: OltEntry, profile: OltProfile, accept_unknown_host_key: bool = False
) -> AsyncIterator[OltReader]:
    if profile.snmp is None and profile.cli is None:
        raise ConfigError(L_("OLT {olt_name}: profile {id} supports neither SNMP nor CLI", olt_name=olt_name, id=profile.id))
    async with AsyncExitStack() as stack:
        yield AutoReader(olt_name, entry, profile, stack, accept_unknown_host_key)
