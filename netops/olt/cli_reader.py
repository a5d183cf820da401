"""Reading ONUs over the OLT's own CLI, driven by the profile's `cli:` section.

One ONU costs the profile's `onu` commands. A scan lists the OLT's ONUs once (`discover`), then
runs the `port` commands once per PON port - never one command per ONU - over one session or a
small pool (`pool_size`), port by port. A port that fails marks its ONUs unreadable and the scan
goes on; a dropped session is reopened (`retries`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Any

from netops.errors import DeviceError, DeviceTimeout, NotFound, ProtocolError
from netops.i18n import L_
from netops.models import OnuRef, OnuSerial, PonRef
from netops.olt.cli_parsers import PARSERS, Row, clean, normalize_cause
from netops.olt.cli_profile import CliCommand, CliProfile
from netops.olt.profile import OltProfile
from netops.olt.reading import DETAILS, READINGS, OnuReading, Progress, ScanResult
from netops.text import plain_or_none

log = logging.getLogger("netops.olt.cli")

SessionFactory = Callable[[], Any]  # -> an unopened netops.transport.cli.CliSession


def _vars(pon: PonRef, onu_id: int | None = None) -> dict[str, Any]:
    return {"frame": pon.frame, "slot": pon.slot, "port": pon.port, "pon": str(pon), "onu_id": onu_id}


def _merge(into: Row, row: Row) -> None:
    """First real value wins; a later command may fill what an earlier one left empty."""
    for key, value in row.items():
        if key in ("onu", "onu_id"):
            continue
        if into.get(key) is None:
            into[key] = value


class Shell:
    """A session plus the mode it is in, reopened once if the OLT drops it."""

    def __init__(self, cli: CliProfile, factory: SessionFactory, olt: str) -> None:
        self.cli = cli
        self.factory = factory
        self.olt = olt
        self.session: Any = None  # a netops.transport.cli.CliSession while open
        self.mode: tuple[str, ...] | None = None

    def _ensure(self) -> None:
        if self.session is None:
            session = self.factory()
            self.session, self.mode = session, None  # held while it logs in, so close() reaches it
            try:
                session.open()
                session.enable()
            except BaseException:
                self.session = None
                session.close()
                raise

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    def run(self, command: CliCommand, values: dict[str, Any]) -> str:
        from netops.errors import ConnectionDropped

        attempts = self.cli.retries + 1
        for attempt in range(attempts):
            self._ensure()  # a failed login is final: retries are for sessions lost mid-command
            try:
                if command.in_port_mode and self.cli.port_mode is not None:
                    self._enter([c.format(**values) for c in self.cli.port_mode.enter])
                elif self.mode is not None:
                    self._leave()  # in a port's mode, `display ont info 0 all` means port 0, not frame 0
                output: str = self.session.run(command.command.format(**values))
                return output
            except ConnectionDropped:
                self.close()
                if attempt + 1 >= attempts:
                    raise
                log.warning("%s: session dropped, reconnecting", self.olt)
            except DeviceTimeout:
                self.close()  # late output would be read as the next command's: start afresh
                raise
        raise AssertionError("unreachable")

    def _enter(self, commands: list[str]) -> None:
        key = tuple(commands)
        if self.mode == key:
            return
        if self.mode is not None:
            self._leave()
        try:
            for command in commands:
                output = self.session.run(command)
                self._refused(output, command)
        except (NotFound, ProtocolError):
            self._leave()  # back to where the next command expects to be
            raise
        self.mode = key

    def _leave(self) -> None:
        self.mode = None
        if self.cli.port_mode is None:
            return
        for leave in self.cli.port_mode.leave:
            self.session.run(leave)

    def _refused(self, output: str, command: str) -> None:
        for pattern in self.cli.messages.not_found:
            if match := re.search(pattern, output):
                raise NotFound(f"OLT {self.olt}: `{command}`: {match.group(0).strip()}")
        for pattern in self.cli.messages.failure:
            if match := re.search(pattern, output):
                raise ProtocolError(L_("OLT {olt} refused `{command}`: {strip}", olt=self.olt, command=command, strip=match.group(0).strip()))


class CliOltReader:
    source = "cli"

    def __init__(self, olt_name: str, profile: OltProfile, factory: SessionFactory) -> None:
        if profile.cli is None:
            raise ValueError(f"profile {profile.id} has no cli section")
        self.olt = olt_name
        self.profile = profile
        self.cli: CliProfile = profile.cli
        self.factory = factory
        self._main = Shell(self.cli, factory, olt_name)
        self._shells: list[Shell] = [self._main]

    # -- messages and parsing ----------------------------------------------------------------

    def _check(self, text: str, command: str, what: str) -> str | None:
        """`offline` for an offline message; NotFound / ProtocolError for refusals."""
        text = clean(text)
        for pattern in self.cli.messages.not_found:
            if re.search(pattern, text):
                raise NotFound(
                    L_("{what} is not provisioned on OLT {olt}", what=what, olt=self.olt),
                    hint=L_("check the ONU id or serial; `netops optical scan {olt} --via cli` lists the ONUs", olt=self.olt),
                )
        for pattern in self.cli.messages.offline:
            if re.search(pattern, text):
                return "offline"
        for pattern in self.cli.messages.failure:
            if match := re.search(pattern, text):
                raise ProtocolError(L_("OLT {olt} refused `{command}`: {strip}", olt=self.olt, command=command, strip=match.group(0).strip()))
        return None

    def _parse(self, command: CliCommand, text: str) -> list[Row]:
        return PARSERS[command.parser](text, **command.args)

    def _state(self, fields: Row) -> tuple[str | None, str | None]:
        if fields.get("state") in ("online", "offline"):
            return fields["state"], None
        phase = fields.get("phase")
        if phase is None:
            return None, None
        lowered = {k.lower(): v for k, v in self.cli.phases.items()}
        state = lowered.get(phase.lower(), "offline")
        if state == "unknown":
            return None, None
        causes = {k.lower(): v for k, v in self.cli.phase_causes.items()}
        return state, causes.get(phase.lower()) if state == "offline" else None

    def build(self, onu: OnuRef, fields: Row, scan: bool = False) -> OnuReading:
        """One OnuReading from parsed fields; absent readings are unreadable, declared ones unsupported."""
        reading = OnuReading(olt=self.olt, onu=onu, source=self.source)
        lacks = set(self.cli.scan_lacks) if scan else set()
        if fields.get("serial"):
            reading.serial = OnuSerial.from_device(str(fields["serial"]))
        if "name" not in lacks:
            reading.name = plain_or_none(fields.get("name") or None)
        if "description" not in lacks:
            reading.description = plain_or_none(fields.get("description") or None)
        state, implied = self._state(fields)
        reading.state = state  # type: ignore[assignment]
        cause = None if "down_cause" in lacks else normalize_cause(fields.get("down_cause"), self.cli.causes)
        reading.down_cause = implied or cause
        for name in READINGS:
            if name in self.cli.unsupported or name in lacks:
                reading.unsupported.add(name)
                continue
            reading.set_reading(name, fields.get(name), self.profile.ranges.get(name))
        for detail in DETAILS:
            if detail in self.cli.unsupported or detail in lacks:
                reading.unsupported.add(detail)
            elif detail == "distance_m":
                reading.set_distance(fields.get(detail))
            else:
                setattr(reading, detail, fields.get(detail))
        if reading.state != "online":
            reading.drop_optics()
        return reading

    # -- one ONU -----------------------------------------------------------------------------

    def _read_onu(self, onu: OnuRef) -> OnuReading:
        fields: Row = {}
        values = _vars(onu.pon, onu.onu_id)
        for command in self.cli.onu:
            if command.online_only and self._state(fields)[0] == "offline":
                continue
            try:
                used, text, verdict = self._run_with_alternatives(command, values, f"ONU {onu}")
            except NotFound as exc:
                raise NotFound(
                    L_("ONU {onu} is not provisioned on OLT {olt}", onu=onu, olt=self.olt),
                    hint=L_("check the ONU id, or look it up by serial number; `netops optical scan {olt} --pon {pon} --via cli` lists the port", olt=self.olt, pon=onu.pon),
                ) from exc
            except ProtocolError as exc:
                if not command.optional:
                    raise
                log.warning("%s: %s", self.olt, exc.message)
                continue
            if verdict == "offline":
                fields["state"] = "offline"
                continue
            for row in self._parse(used, text):
                if row.get("onu") in (None, str(onu)):
                    _merge(fields, row)
        if not fields or (self._state(fields)[0] is None and not fields.get("serial")):
            raise NotFound(
                L_("ONU {onu} is not provisioned on OLT {olt}", onu=onu, olt=self.olt),
                hint=L_("check the ONU id, or look it up by serial number; `netops optical scan {olt} --pon {pon} --via cli` lists the port", olt=self.olt, pon=onu.pon),
            )
        return self.build(onu, fields)

    def _run_with_alternatives(
        self, command: CliCommand, values: dict[str, Any], what: str
    ) -> tuple[CliCommand, str, str | None]:
        """Run a command; when the OLT refuses its form, the profile's `alternatives` in turn
        (Huawei: `display ont info P ID` inside the port's mode, else `F S P ID` outside it)."""
        refused: ProtocolError | None = None
        for candidate in [command, *command.alternatives]:
            text = self._main.run(candidate, values)
            try:
                return candidate, text, self._check(text, candidate.command, what)
            except ProtocolError as exc:
                refused = refused or exc
                log.info("%s: %s", self.olt, exc.message)
        raise refused  # type: ignore[misc]

    async def read_onu(self, onu: OnuRef) -> OnuReading:
        return await asyncio.to_thread(self._read_onu, onu)

    def _find_serial(self, serial: OnuSerial) -> OnuRef:
        command = self.cli.serial
        values = {"serial": str(serial), "serial_hex": serial.hex}
        text = self._main.run(command, values)
        try:
            self._check(text, command.command, f"ONU {serial}")
        except NotFound:
            pass  # worded as the SNMP path words it, below
        else:
            for row in self._parse(command, text):
                if row.get("onu"):
                    return OnuRef.parse(row["onu"])
        raise NotFound(
            L_("no ONU with serial {serial} is provisioned on OLT {olt}", serial=serial, olt=self.olt),
            hint=L_("check the serial on the ONU's label, or whether it is on another OLT"),
        )

    async def find_serial(self, serial: OnuSerial) -> OnuRef:
        return await asyncio.to_thread(self._find_serial, serial)

    # -- scans -------------------------------------------------------------------------------

    def _discover(self, wanted: set[PonRef] | None) -> dict[OnuRef, Row]:
        """Every provisioned ONU, from the profile's discover commands (each may be refused)."""
        found: dict[OnuRef, Row] = {}
        refused: list[ProtocolError] = []
        for command in self.cli.discover:
            frames = self.cli.discover_frames if "{frame}" in command.command else [None]
            for frame in frames:
                text = self._main.run(command, {"frame": frame})
                try:
                    self._check(text, command.command, L_("frame"))
                except NotFound:
                    continue  # a frame without ONUs (or that does not exist) is just nothing
                except ProtocolError as exc:
                    refused.append(exc)
                    continue
                for row in self._parse(command, text):
                    if row.get("onu"):
                        _merge(found.setdefault(OnuRef.parse(row["onu"]), {}), row)
        if not found and refused and not wanted:
            raise ProtocolError(
                L_("OLT {olt}: could not list its ONUs ({message})", olt=self.olt, message=refused[0].message),
                hint=L_("scan given ports with --pon F/S/P, or check the profile's cli.discover commands"),
            )
        return found

    def _read_port(self, shell: Shell, pon: PonRef, known: dict[OnuRef, Row] | None = None) -> dict[OnuRef, Row]:
        """One round of the port commands. A refused command leaves its fields unread (or, when
        the profile has `port_fallback`, they are read ONU by ONU); the port fails only when every
        command is refused."""
        rows: dict[OnuRef, Row] = {}
        values = _vars(pon)
        refused: list[ProtocolError] = []
        for command in self.cli.port:
            try:
                text = shell.run(command, values)
                self._check(text, command.command, f"PON {pon}")
            except NotFound:
                continue  # no ONU on this port answers this command
            except ProtocolError as exc:
                log.warning("%s: PON %s: %s", self.olt, pon, exc.message)
                refused.append(exc)
                continue
            for row in self._parse(command, text):
                if row.get("onu"):
                    onu = OnuRef.parse(row["onu"])
                elif row.get("onu_id") is not None:
                    onu = OnuRef(pon, int(row["onu_id"]))
                else:
                    continue
                if onu.pon == pon:
                    _merge(rows.setdefault(onu, {}), row)
        if refused and len(refused) == len(self.cli.port):
            raise refused[0]
        if refused and self.cli.port_fallback:
            self._fallback(shell, pon, rows, known or {})
        return rows

    def _fallback(self, shell: Shell, pon: PonRef, rows: dict[OnuRef, Row], known: dict[OnuRef, Row]) -> None:
        """This OLT refused a per-port command: read the online ONUs of the port one by one."""
        log.warning("%s: PON %s: reading its online ONUs one by one (per-port command refused)", self.olt, pon)
        lacks = set(self.cli.unsupported) | set(self.cli.scan_lacks)
        needed = [name for name in READINGS if name not in lacks]
        for onu in sorted(set(rows) | {o for o in known if o.pon == pon}):
            fields = rows.setdefault(onu, {})
            merged = dict(fields)
            _merge(merged, known.get(onu, {}))
            if self._state(merged)[0] != "online" or all(merged.get(name) is not None for name in needed):
                continue
            for command in self.cli.port_fallback:
                try:
                    text = shell.run(command, _vars(pon, onu.onu_id))
                    if self._check(text, command.command, f"ONU {onu}") == "offline":
                        fields["state"] = "offline"
                        break
                except (NotFound, ProtocolError):
                    continue
                for row in self._parse(command, text):
                    if row.get("onu") in (None, str(onu)):
                        _merge(fields, row)

    async def scan(
        self,
        pons: list[PonRef] | None = None,
        progress: Progress | None = None,
        set_total: Callable[[int], None] | None = None,
    ) -> ScanResult:
        wanted = set(pons) if pons else None
        known = await asyncio.to_thread(self._discover, wanted)
        known = {onu: row for onu, row in known.items() if wanted is None or onu.pon in wanted}
        ports = sorted(wanted) if wanted else sorted({onu.pon for onu in known})
        if set_total:
            set_total(len(ports))
        results: dict[OnuRef, Row] = {}
        failed: set[PonRef] = set()
        queue = list(ports)
        errors: list[DeviceError] = []

        async def worker(shell: Shell) -> None:
            while queue:
                pon = queue.pop(0)
                try:
                    rows = await asyncio.to_thread(self._read_port, shell, pon, known)
                except DeviceError as exc:
                    log.warning("%s: PON %s could not be read: %s", self.olt, pon, exc.message)
                    errors.append(exc)
                    failed.add(pon)
                    rows = {}
                results.update(rows)
                if progress:
                    progress(1)

        count = max(1, min(self.cli.pool_size, len(ports)))
        while len(self._shells) < count:
            self._shells.append(Shell(self.cli, self.factory, self.olt))
        await asyncio.gather(*(worker(shell) for shell in self._shells[:count]))
        if ports and len(failed) == len(ports) and errors:
            raise errors[0]
        readings = []
        for onu in sorted(set(known) | set(results)):
            fields = dict(results.get(onu, {}))
            _merge(fields, known.get(onu, {}))
            reading = self.build(onu, fields, scan=True)
            if onu.pon in failed:  # the OLT never gave this port's table
                if reading.state is None:
                    reading.not_read.add("state")
                if reading.state != "offline":
                    reading.not_read |= set(READINGS) - reading.unsupported
            readings.append(reading)
        unread = sum(1 for reading in readings if reading.onu.pon in failed)
        return ScanResult(readings, expected=len(readings), answered=len(readings) - unread)

    async def directory(self) -> list[OnuReading]:
        found = await asyncio.to_thread(self._discover, None)
        return [self.build(onu, fields, scan=True) for onu, fields in sorted(found.items())]

    async def ports(self) -> list[PonRef]:
        """The PON ports that have provisioned ONUs (from the discover commands)."""
        found = await asyncio.to_thread(self._discover, None)
        return sorted({onu.pon for onu in found})

    def close(self) -> None:
        for shell in self._shells:
            shell.close()
