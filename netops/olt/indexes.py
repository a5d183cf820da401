"""Index schemes: how an OLT encodes a PON port and ONU id in SNMP table instances.

Each scheme is a named hook referred to by OLT profiles (`snmp.index`). Encodings are from the
vendors' MIBs and the open-source tools cited in the profiles; see docs/vendors.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from netops.errors import InputError
from netops.i18n import L_
from netops.models import OnuRef, PonRef


@dataclass(frozen=True)
class IndexScheme:
    """Encode/decode ONU instances. `port_instance` is None when a port cannot be walked alone."""

    name: str
    # False when one integer encodes port and ONU together, so a port cannot be walked alone.
    walks_per_port = True

    def configured(self, options: dict[str, int]) -> IndexScheme:
        """This scheme with the profile's `index_options` (unknown names are a ValueError)."""
        known = {f.name for f in dataclasses.fields(self)} - {"name"}
        unknown = set(options) - known
        if unknown:
            raise ValueError(
                L_("index scheme {scheme} has no option {unknown} (it takes: {known})", scheme=self.name,
                   unknown=", ".join(sorted(unknown)), known=", ".join(sorted(known))) if known
                else L_("index scheme {scheme} has no option {unknown} (it takes none)", scheme=self.name,
                        unknown=", ".join(sorted(unknown)))
            )
        return dataclasses.replace(self, **options) if options else self  # type: ignore[arg-type]

    def port_instance(self, pon: PonRef) -> str | None:
        raise NotImplementedError

    def onu_instance(self, onu: OnuRef) -> str:
        raise NotImplementedError

    def decode(self, parts: tuple[int, ...]) -> OnuRef | None:
        """The ONU of an instance (the OID parts after the column), or None if it is not one."""
        raise NotImplementedError


def _field(value: int, bits: int, what: str, pon: PonRef) -> int:
    if not 0 <= value < (1 << bits):
        raise InputError(L_("PON port {pon}: {what} {value} is out of range for this OLT", pon=pon, what=what, value=value))
    return value


class _PortThenOnu(IndexScheme):
    """Instances `<port index>.<onu id>`: the common layout (Huawei, ZTE)."""

    onu_bits = 8

    def encode_port(self, pon: PonRef) -> int:
        raise NotImplementedError

    def decode_port(self, value: int) -> PonRef | None:
        raise NotImplementedError

    def port_instance(self, pon: PonRef) -> str:
        return str(self.encode_port(pon))

    def onu_instance(self, onu: OnuRef) -> str:
        if not 0 <= onu.onu_id < (1 << self.onu_bits):
            raise InputError(L_("ONU id {onu_id} is out of range for this OLT", onu_id=onu.onu_id))
        return f"{self.encode_port(onu.pon)}.{onu.onu_id}"

    def decode(self, parts: tuple[int, ...]) -> OnuRef | None:
        if len(parts) != 2:
            return None
        pon = self.decode_port(parts[0])
        return OnuRef(pon, parts[1]) if pon else None


@dataclass(frozen=True)
class HuaweiGpon(_PortThenOnu):
    """HUAWEI-XPON-MIB GPON ifIndex: 0xFA000000 | frame<<frame_shift | slot<<13 | port<<8.

    Frame 0 is confirmed by several sources. Where frame 1 and up start is not: ABillS shifts the
    frame by 18, NOC by 19; `frame_shift` (the profile's `index_options`) says which.
    """

    frame_shift: int = 18
    base = 0xFA000000

    def encode_port(self, pon: PonRef) -> int:
        frame_bits = 25 - self.frame_shift
        return (
            self.base
            | _field(pon.frame, frame_bits, L_("frame"), pon) << self.frame_shift
            | _field(pon.slot, self.frame_shift - 13, L_("slot"), pon) << 13
            | _field(pon.port, 5, L_("port"), pon) << 8
        )

    def decode_port(self, value: int) -> PonRef | None:
        if value & 0xFE000000 != self.base or value & 0xFF:
            return None
        slot_mask = (1 << (self.frame_shift - 13)) - 1
        frame_mask = (1 << (25 - self.frame_shift)) - 1
        return PonRef((value >> self.frame_shift) & frame_mask, (value >> 13) & slot_mask, (value >> 8) & 0x1F)


class Zte1012(_PortThenOnu):
    """ZTE ZXGPON (1012 tree): 0x10000000 | (shelf-1)<<24 | slot<<16 | port<<8; 1/1/1 = 268501248."""

    def encode_port(self, pon: PonRef) -> int:
        if pon.frame < 1:
            raise InputError(L_("PON port {pon}: ZTE shelves start at 1 (for example 1/1/1)", pon=pon))
        return (
            0x10000000
            | _field(pon.frame - 1, 4, L_("shelf"), pon) << 24
            | _field(pon.slot, 8, L_("slot"), pon) << 16
            | _field(pon.port, 8, L_("port"), pon) << 8
        )

    def decode_port(self, value: int) -> PonRef | None:
        if value >> 28 != 1 or value & 0xFF:
            return None
        return PonRef(((value >> 24) & 0xF) + 1, (value >> 16) & 0xFF, (value >> 8) & 0xFF)


class Zte1082(_PortThenOnu):
    """ZTE 1082 tree (C320 V2.1, C600/C650): 0x11000000 | shelf<<16 | slot<<8 | port; 1/1/1 = 285278465."""

    def encode_port(self, pon: PonRef) -> int:
        return (
            0x11000000
            | _field(pon.frame, 8, L_("shelf"), pon) << 16
            | _field(pon.slot, 8, L_("slot"), pon) << 8
            | _field(pon.port, 8, L_("port"), pon)
        )

    def decode_port(self, value: int) -> PonRef | None:
        if value >> 24 != 0x11:
            return None
        return PonRef((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)


class VsolGpon(_PortThenOnu):
    """V-SOL V1600G: instances `<PON number>.<ONU id>` (gOnuStaInfoPonInx, gOnuStaInfoOnuInx).

    A V1600G has one board, so its ports are written 0/0/PON (the OLT's own GPON0/PON).
    """

    def encode_port(self, pon: PonRef) -> int:
        if pon.frame != 0 or pon.slot != 0:
            raise InputError(L_("PON port {pon}: V-SOL ports are written 0/0/PON (GPON0/PON on the OLT)", pon=pon))
        return _field(pon.port, 8, "PON", pon)

    def decode_port(self, value: int) -> PonRef | None:
        return PonRef(0, 0, value) if 0 < value < 256 else None


class FiberhomeAn5516(IndexScheme):
    """FiberHome AN5516 signed onuIndex: slot·2^25 + pon·2^19 + onu·2^8 (port 0 = the ONU).

    One integer per ONU, so a PON port cannot be walked on its own: tables are walked whole.
    The frame is shown as 1 (AN5516 chassis are addressed by slot and PON only).
    """

    walks_per_port = False

    def port_instance(self, pon: PonRef) -> None:
        return None

    def onu_instance(self, onu: OnuRef) -> str:
        pon = onu.pon
        if pon.frame != 1:
            raise InputError(L_("PON port {pon}: FiberHome ports are written 1/SLOT/PON", pon=pon))
        value = (
            _field(pon.slot, 6, L_("slot"), pon) << 25
            | _field(pon.port, 6, "PON", pon) << 19
            | _field(onu.onu_id, 11, L_("ONU id"), pon) << 8
        )
        return str(value)

    def decode(self, parts: tuple[int, ...]) -> OnuRef | None:
        if len(parts) != 1 or parts[0] & 0xFF:
            return None
        value = parts[0]
        return OnuRef(PonRef(1, (value >> 25) & 0x3F, (value >> 19) & 0x3F), (value >> 8) & 0x7FF)


SCHEMES: dict[str, IndexScheme] = {
    scheme.name: scheme
    for scheme in (
        HuaweiGpon("huawei_gpon"),
        Zte1012("zte_1012"),
        Zte1082("zte_1082"),
        FiberhomeAn5516("fiberhome_an5516"),
        VsolGpon("vsol_gpon"),
    )
}
