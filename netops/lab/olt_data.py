"""The lab's ONUs: one deterministic population per simulated OLT, shared by every simulator.

The SNMP agent and the CLI (SSH) OLT of the lab serve the same ONUs with the same readings, so
both access paths can be compared. The first ONUs of the first port are the teaching cases
(`SPECIAL`); the rest are healthy customers with a few weak ones sprinkled in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from netops.models import OnuRef, PonRef


@dataclass(frozen=True)
class LabOnu:
    onu: OnuRef
    serial: bytes
    description: str
    state: str = "online"
    down_cause: str | None = None
    rx_dbm: float | None = None
    tx_dbm: float | None = None
    olt_rx_dbm: float | None = None
    temperature_c: float | None = None
    distance_m: int | None = None
    last_up: dt.datetime | None = None
    last_down: dt.datetime | None = None
    # readings served as the vendor's "no value" sentinel / as a garbled value of the wrong type
    sentinel: frozenset[str] = field(default_factory=frozenset)
    garbled: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class LabOlt:
    name: str
    profile: str
    pons: tuple[PonRef, ...]
    onus_per_pon: int
    serial_vendor: str
    serial_format: str = "raw"  # raw: 8 bytes; text: "ZTEG1234ABCD"; prefixed: "1,ZTEG1234ABCD"
    sysdescr: str = ""
    first_onu_id: int = 0  # Huawei numbers ONTs from 0, ZTE and FiberHome from 1
    # ports where most ONUs went down at once: (port, cause, share of the port, first down time)
    outages: tuple[tuple[PonRef, str, float, dt.datetime], ...] = ()

    def uptime_s(self, onu: LabOnu) -> int | None:
        """How long an online ONU has been up by the lab's clock (`LAB_NOW`)."""
        if onu.state != "online" or onu.last_up is None:
            return None
        return int((LAB_NOW - onu.last_up).total_seconds())


# The lab's clock stands still at this instant (UTC): up and down times and uptimes are worked out
# from it, so the SNMP and CLI simulators and every run agree.
LAB_NOW = dt.datetime(2026, 11, 21, 9, 0, 0, tzinfo=dt.UTC)
LAST_UP = dt.datetime(2026, 11, 20, 8, 0, 0, tzinfo=dt.UTC)
EARLIER_DROP = dt.datetime(2026, 11, 19, 22, 1, 13, tzinfo=dt.UTC)  # online ONUs' last (power) drop
DOWN_AT = dt.datetime(2026, 11, 21, 3, 12, 44, tzinfo=dt.UTC)  # the teaching cases' drop

# (description, overrides) for ONU ids 0..n of the first PON port of every lab OLT.
SPECIAL: list[tuple[str, dict[str, Any]]] = [
    ("healthy customer", {"rx_dbm": -18.52, "olt_rx_dbm": -20.1}),
    ("fibre cut (LOS)", {"state": "offline", "down_cause": "los"}),
    ("power off (dying gasp)", {"state": "offline", "down_cause": "dying_gasp"}),
    ("low ONU Rx", {"rx_dbm": -27.45, "olt_rx_dbm": -24.3}),
    ("low OLT Rx", {"rx_dbm": -21.2, "olt_rx_dbm": -28.6}),
    ("overload (too close / no attenuation)", {"rx_dbm": -6.4, "olt_rx_dbm": -9.1}),
    ("weak ONU Rx (warning)", {"rx_dbm": -25.6, "olt_rx_dbm": -23.0}),
    ("exactly at the Rx limit", {"rx_dbm": -26.0, "olt_rx_dbm": -27.0}),
    ("no optical reading (sentinel)", {"sentinel": frozenset({"rx_dbm", "olt_rx_dbm", "tx_dbm", "temperature_c"})}),
    ("garbled Rx value", {"garbled": frozenset({"rx_dbm"})}),
]

LAB_OLTS: list[LabOlt] = [
    LabOlt(
        "lab-huawei", "huawei_ma5800",
        tuple(PonRef(0, slot, port) for slot in (1, 2) for port in range(4)),
        128, "HWTC", "raw", "Huawei Integrated Access Software (MA5800-X7). Lab simulator.",
        # 0/2/2: a feeder fibre cut (LOS on 3 ONUs in 4 within a minute); 0/2/3: a power cut
        outages=((PonRef(0, 2, 2), "los", 0.75, dt.datetime(2026, 11, 21, 4, 31, 2, tzinfo=dt.UTC)),
                 (PonRef(0, 2, 3), "dying_gasp", 0.7, dt.datetime(2026, 11, 21, 5, 47, 10, tzinfo=dt.UTC))),
    ),
    LabOlt(
        "lab-zte", "zte_c300",
        (PonRef(1, 1, 1), PonRef(1, 1, 2)),
        16, "ZTEG", "raw", "ZXA10 C320, ZTE ZXA10 Software Version: V2.0.1. Lab simulator.", 1,
        outages=((PonRef(1, 1, 2), "los", 0.75, dt.datetime(2026, 11, 21, 4, 31, 2, tzinfo=dt.UTC)),),
    ),
    LabOlt(
        "lab-zte-c600", "zte_c600",
        (PonRef(1, 1, 1),),
        12, "ZTEG", "prefixed", "ZTE ZXA10 C600 Lab simulator.", 1,
    ),
    LabOlt(
        "lab-fiberhome", "fiberhome_an5516",
        (PonRef(1, 1, 1), PonRef(1, 1, 2)),
        12, "FHTT", "text", "AN5516-06 Lab simulator.", 1,
    ),
    LabOlt(
        "lab-vsol", "vsol_v1600g",
        (PonRef(0, 0, 1), PonRef(0, 0, 2)),
        16, "VSOL", "text", "V1600G1 Lab simulator.", 1,
    ),
]


def lab_olt(name: str) -> LabOlt:
    for olt in LAB_OLTS:
        if olt.name == name:
            return olt
    raise KeyError(name)


def _serial(olt: LabOlt, index: int) -> bytes:
    return olt.serial_vendor.encode() + (0x1A2B0000 + index * 7919 % 0xFFFF).to_bytes(4, "big")


def population(olt: LabOlt) -> list[LabOnu]:
    """Every ONU of a lab OLT, always the same for the same OLT."""
    rng = random.Random(olt.name)
    distances = random.Random(olt.name + "/distance")  # its own sequence: the levels stay as they were
    outages = {pon: (cause, share, first) for pon, cause, share, first in olt.outages}
    onus: list[LabOnu] = []
    for pon_number, pon in enumerate(olt.pons):
        for position in range(olt.onus_per_pon):
            onu_id = olt.first_onu_id + position
            index = pon_number * olt.onus_per_pon + position
            rx = round(rng.uniform(-24.0, -14.0), 2)
            values: dict[str, Any] = {
                "rx_dbm": rx,
                "tx_dbm": round(rng.uniform(1.5, 3.5), 2),
                "olt_rx_dbm": round(rx - rng.uniform(0.5, 3.0), 2),
                "temperature_c": float(rng.randint(32, 58)),
            }
            description = f"cliente-{index:04d}"
            if pon_number == 0 and position < len(SPECIAL):
                description, overrides = SPECIAL[position]
                values.update(overrides)
            elif pon in outages and position < olt.onus_per_pon * outages[pon][1]:
                cause, _, first = outages[pon]
                values.update(state="offline", down_cause=cause, last_down=first + dt.timedelta(seconds=position // 3))
            elif index % 97 == 50:
                values.update(rx_dbm=-26.8, olt_rx_dbm=-27.9)
            elif index % 89 == 40:
                values.update(state="offline", down_cause="los")
            values["distance_m"] = distances.randint(300, 12000)
            values.setdefault("last_up", LAST_UP + dt.timedelta(minutes=position))
            if values.get("state") == "offline":
                values.setdefault("last_down", DOWN_AT)
                for key in ("rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c", "distance_m"):
                    values[key] = None
            else:
                values.setdefault("last_down", EARLIER_DROP)
            onus.append(LabOnu(OnuRef(pon, onu_id), _serial(olt, index), description, **values))
    return onus
