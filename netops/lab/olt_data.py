"""The lab's ONUs: one deterministic population per simulated OLT, shared by every simulator.

The SNMP agent and the CLI (SSH) OLT of the lab serve the same ONUs with the same readings, so
both access paths can be compared. The first ONUs of the first port are the teaching cases
(`SPECIAL`); the rest are healthy customers with a few weak ones sprinkled in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

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


# (description, overrides) for ONU ids 0..n of the first PON port of every lab OLT.
SPECIAL: list[tuple[str, dict]] = [
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
    ),
    LabOlt(
        "lab-zte", "zte_c300",
        (PonRef(1, 1, 1), PonRef(1, 1, 2)),
        16, "ZTEG", "raw", "ZXA10 C320, ZTE ZXA10 Software Version: V2.0.1. Lab simulator.", 1,
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
    onus: list[LabOnu] = []
    for pon_number, pon in enumerate(olt.pons):
        for position in range(olt.onus_per_pon):
            onu_id = olt.first_onu_id + position
            index = pon_number * olt.onus_per_pon + position
            rx = round(rng.uniform(-24.0, -14.0), 2)
            values = {
                "rx_dbm": rx,
                "tx_dbm": round(rng.uniform(1.5, 3.5), 2),
                "olt_rx_dbm": round(rx - rng.uniform(0.5, 3.0), 2),
                "temperature_c": float(rng.randint(32, 58)),
            }
            description = f"cliente-{index:04d}"
            if pon_number == 0 and position < len(SPECIAL):
                description, overrides = SPECIAL[position]
                values.update(overrides)
            elif index % 97 == 50:
                values.update(rx_dbm=-26.8, olt_rx_dbm=-27.9)
            elif index % 89 == 40:
                values.update(state="offline", down_cause="los")
            if values.get("state") == "offline":
                for key in ("rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c"):
                    values[key] = None
            onus.append(LabOnu(OnuRef(pon, onu_id), _serial(olt, index), description, **values))
    return onus
