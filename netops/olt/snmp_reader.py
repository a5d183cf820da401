"""Reading ONUs over SNMP, driven entirely by the OLT profile's column table.

A single ONU is read with GETs (one request for all its columns). A scan discovers the ONUs by
walking the run-state column (every provisioned ONU has a state), then walks every other column
port by port with GETBULK, several walks in flight under the profile's concurrency limit; never
one GET per ONU.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable

from netops.errors import DeviceError, NotFound
from netops.i18n import L_
from netops.models import OnuRef, OnuSerial, PonRef
from netops.olt import decode
from netops.olt.indexes import SCHEMES, IndexScheme
from netops.olt.profile import Column, OltProfile
from netops.olt.reading import READINGS, OnuReading, Progress, ScanResult
from netops.transport.snmp import Oid, SnmpSession, Value, parse_oid


class SnmpOltReader:
    source = "snmp"

    def __init__(self, olt_name: str, profile: OltProfile, session: SnmpSession) -> None:
        if profile.snmp is None:
            raise ValueError(f"profile {profile.id} has no snmp section")
        self.olt = olt_name
        self.profile = profile
        self.snmp = profile.snmp
        self.session = session
        self.columns: dict[str, Column] = {
            name: column
            for name, column in self.snmp.columns
            if column is not None
        }
        self._limit = asyncio.Semaphore(self.snmp.concurrency)
        self._schemes: dict[str, IndexScheme] = {}

    # -- instances ---------------------------------------------------------------------------

    def _scheme(self, column: Column) -> IndexScheme:
        name = column.index or self.snmp.index
        if name not in self._schemes:  # configured once: this runs for every walked row
            options = self.snmp.index_options if name == self.snmp.index else {}
            self._schemes[name] = SCHEMES[name].configured(options)
        return self._schemes[name]

    def _instance_oid(self, column: Column, onu: OnuRef) -> str:
        return f"{column.oid}.{self._scheme(column).onu_instance(onu)}{column.suffix}"

    def _onu_of(self, column: Column, oid: Oid) -> OnuRef | None:
        parts = oid[len(parse_oid(column.oid)) :]
        if column.suffix:
            suffix = parse_oid(column.suffix)
            if parts[-len(suffix) :] != suffix:
                return None
            parts = parts[: -len(suffix)]
        return self._scheme(column).decode(parts)

    # -- building readings -------------------------------------------------------------------

    def build(self, onu: OnuRef, raw: dict[str, Value]) -> OnuReading:
        """One OnuReading from the raw values of its columns (missing keys = not answered)."""
        cols = self.snmp.columns
        reading = OnuReading(olt=self.olt, onu=onu, source=self.source)
        reading.serial = decode.serial(raw.get("serial"))
        if cols.name is not None:
            reading.name = decode.text(raw.get("name"))
        if cols.description is not None:
            reading.description = decode.text(raw.get("description"))
        state, implied_cause = decode.state(cols.state, raw.get("state"))
        reading.state = state  # type: ignore[assignment]
        cause = decode.cause(cols.down_cause, raw.get("down_cause")) if cols.down_cause else None
        reading.down_cause = implied_cause or cause
        for name in READINGS:
            column = getattr(cols, name)
            if column is None:
                reading.unsupported.add(name)
                continue
            reading.set_reading(name, decode.number(column, raw.get(name)), self.profile.ranges.get(name))
        self._details(reading, raw)
        if reading.state != "online":
            reading.drop_optics()
        return reading

    def _details(self, reading: OnuReading, raw: dict[str, Value]) -> None:
        """Distance and last up/down times where the profile maps them. No MIB gives the ONT's
        online duration itself, so uptime is never read over SNMP."""
        cols = self.snmp.columns
        reading.unsupported.add("uptime_s")
        if cols.distance_m is None:
            reading.unsupported.add("distance_m")
        else:
            reading.set_distance(decode.number(cols.distance_m, raw.get("distance_m")))
        for name in ("last_up", "last_down"):
            column = getattr(cols, name)
            if column is None:
                reading.unsupported.add(name)
            else:
                setattr(reading, name, decode.date_and_time(column, raw.get(name)))

    # -- one ONU -----------------------------------------------------------------------------

    async def read_onu(self, onu: OnuRef) -> OnuReading:
        oids = {name: self._instance_oid(column, onu) for name, column in self.columns.items()}
        values = await self.session.get(list(oids.values()))
        raw = {name: values[oid] for name, oid in oids.items() if oid in values}
        if "serial" not in raw and "state" not in raw:
            raise NotFound(
                L_("ONU {onu} is not provisioned on OLT {olt}", onu=onu, olt=self.olt),
                hint=L_("check the ONU id, or look it up by serial number; `netops optical scan {olt} --pon {pon}` lists the port", olt=self.olt, pon=onu.pon),
            )
        return self.build(onu, raw)

    async def find_serial(self, serial: OnuSerial) -> OnuRef:
        column = self.snmp.columns.serial
        for oid, value in await self.session.walk(column.oid, self.snmp.max_repetitions):
            if decode.serial(value) == serial:
                onu = self._onu_of(column, oid)
                if onu is not None:
                    return onu
        raise NotFound(
            L_("no ONU with serial {serial} is provisioned on OLT {olt}", serial=serial, olt=self.olt),
            hint=L_("check the serial on the ONU's label, or whether it is on another OLT"),
        )

    async def directory(self) -> list[OnuReading]:
        names = [name for name in ("serial", "name", "description", "state") if name in self.columns]
        walks = await asyncio.gather(*(self._walk(self.columns[name], None, None) for name in names))
        rows: dict[OnuRef, dict[str, Value]] = defaultdict(dict)
        for name, walked in zip(names, walks):
            for oid, value in walked:
                onu = self._onu_of(self.columns[name], oid)
                if onu is not None:
                    rows[onu][name] = value
        return [self.build(onu, raw) for onu, raw in sorted(rows.items())]

    # -- scans -------------------------------------------------------------------------------

    async def _walk(self, column: Column, pon: PonRef | None, expected: int | None) -> list[tuple[Oid, Value]]:
        """Walk a column for one port (or whole), sizing GETBULK to the rows expected."""
        base = column.oid
        if pon is not None:
            base = f"{column.oid}.{self._scheme(column).port_instance(pon)}"
        async with self._limit:
            return await self.session.walk(base, self.snmp.max_repetitions, expected_rows=expected)

    def _per_port(self, column: Column) -> bool:
        return self._scheme(column).walks_per_port

    async def _discover(self, pons: list[PonRef] | None) -> dict[OnuRef, dict[str, Value]]:
        """Every provisioned ONU (of the given ports) with its state, from the state column."""
        column = self.snmp.columns.state
        if pons is None or not self._per_port(column):
            walks = [await self._walk(column, None, None)]
        else:
            walks = await asyncio.gather(*(self._walk(column, pon, None) for pon in pons))
        found: dict[OnuRef, dict[str, Value]] = {}
        wanted = set(pons) if pons is not None else None
        for rows in walks:
            for oid, value in rows:
                onu = self._onu_of(column, oid)
                if onu is not None and (wanted is None or onu.pon in wanted):
                    found[onu] = {"state": value}
        return found

    async def _fill_columns(
        self, pon: PonRef | None, rows: dict[OnuRef, dict[str, Value]], failed: dict[OnuRef, set[str]]
    ) -> None:
        """Walk every column but the state for one port (or the whole OLT) into `rows`; the ONUs
        of a walk that failed (the OLT stopped answering) get that column in `failed`."""
        names = [name for name in self.columns if name != "state"]
        mine = [onu for onu in rows if pon is None or onu.pon == pon]
        per_port = pon is not None

        async def one(name: str) -> None:
            column = self.columns[name]
            try:
                walked = await self._walk(column, pon if per_port else None, len(mine) if per_port else None)
            except DeviceError:
                for onu in mine:
                    failed[onu].add(name)
                return
            for oid, value in walked:
                found = self._onu_of(column, oid)
                if found is not None and found in rows:
                    rows[found][name] = value

        await asyncio.gather(*(one(name) for name in names))

    async def ports(self) -> list[PonRef]:
        """The PON ports that have provisioned ONUs (from the state column)."""
        return sorted({onu.pon for onu in await self._discover(None)})

    async def scan(
        self,
        pons: list[PonRef] | None = None,
        progress: Progress | None = None,
        set_total: Callable[[int], None] | None = None,
    ) -> ScanResult:
        rows = await self._discover(pons)
        failed: dict[OnuRef, set[str]] = defaultdict(set)
        ports = sorted({onu.pon for onu in rows})
        per_port = all(self._per_port(c) for c in self.columns.values())
        if set_total:  # progress counts PON ports, also when one walk reads them all
            set_total(len(ports))

        async def port_done(pon: PonRef | None) -> None:
            await self._fill_columns(pon, rows, failed)
            if progress:
                progress(1 if pon is not None else len(ports))

        if per_port:
            await asyncio.gather(*(port_done(pon) for pon in ports))
        else:
            await port_done(None)
        readings = []
        columns = [name for name in self.columns if name != "state"]
        for onu in sorted(rows):
            reading = self.build(onu, rows[onu])
            reading.not_read |= failed.get(onu, set()) & set(READINGS)
            if reading.state != "online":
                reading.not_read -= set(READINGS)
            readings.append(reading)
        expected = len(rows) * (len(columns) + 1)
        answered = expected - sum(len(names) for names in failed.values())
        return ScanResult(readings, expected=expected, answered=answered)
