"""Schema of an OLT profile (`profiles/olt/<id>.yaml`): where each reading lives and how to decode it.

The code knows the meaning of the columns (serial, state, Rx...); the profile says, per vendor,
which OID holds each one, how its raw value scales, which raw values mean "no reading", and which
index scheme (a named hook in `netops.olt.indexes`) turns a PON port and ONU id into an instance.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from netops.i18n import L_
from netops.olt.cli_profile import CliProfile, Evidence
from netops.profiles import ProfileModel

_OID_RE = re.compile(r"^1(\.\d+)+$")
_SUFFIX_RE = re.compile(r"^(\.\d+)*$")


def _check_oid(value: str) -> str:
    if not _OID_RE.match(value):
        raise ValueError(L_("{value!r} is not a numeric OID such as 1.3.6.1.2.1.1.1", value=value))
    return value


def _check_suffix(value: str) -> str:
    if not _SUFFIX_RE.match(value):
        raise ValueError(L_("{value!r} is not an OID suffix such as .1", value=value))
    return value


def _check_index(value: str | None) -> str | None:
    if value is not None:
        from netops.olt.indexes import SCHEMES

        if value not in SCHEMES:
            raise ValueError(L_("unknown index scheme {value!r}; known: {known}", value=value, known=", ".join(SCHEMES)))
    return value


Oid = Annotated[str, AfterValidator(_check_oid)]
Suffix = Annotated[str, AfterValidator(_check_suffix)]
IndexName = Annotated[str, AfterValidator(_check_index)]


class Column(ProfileModel):
    """One table column: `<oid>.<ONU instance><suffix>`."""

    oid: Oid
    suffix: Suffix = Field("", description="appended after the ONU instance (ZTE optics: .1)")
    index: Annotated[str | None, AfterValidator(_check_index)] = Field(
        None, description="index scheme of this column when it differs from the profile's"
    )
    evidence: Evidence | None = None


class TextColumn(Column):
    pass


class NumberColumn(Column):
    """A numeric reading: value = raw × scale + offset, unless the raw value means "none"."""

    scale: float = 1.0
    offset: float = 0.0
    invalid: list[int] = Field(default_factory=list, description="raw values meaning no reading")
    valid_raw: tuple[int, int] | None = Field(
        None, description="raw values outside [min, max] mean no reading"
    )
    decimals: int = Field(2, ge=0, le=4)


class StateColumn(Column):
    """Run state: which raw values mean online or unknown; others mean offline, some with a cause."""

    online: list[int]
    unknown: list[int] = Field(
        default_factory=list, description="values meaning the OLT could not tell (Huawei invalid(-1))"
    )
    causes: dict[int, str] = Field(
        default_factory=dict, description="offline values that also tell why (e.g. 1: los)"
    )


class CauseColumn(Column):
    values: dict[int, str | None]


class TimeColumn(Column):
    """A time: SNMPv2-TC DateAndTime (8 octets, or 11 with the UTC offset); all-zero = never."""

    format: Literal["date_and_time"] = "date_and_time"


class SnmpColumns(ProfileModel):
    serial: TextColumn
    state: StateColumn
    name: TextColumn | None = None
    description: TextColumn | None = None
    down_cause: CauseColumn | None = None
    rx_dbm: NumberColumn | None = None
    tx_dbm: NumberColumn | None = None
    olt_rx_dbm: NumberColumn | None = None
    temperature_c: NumberColumn | None = None
    distance_m: NumberColumn | None = None
    last_up: TimeColumn | None = None
    last_down: TimeColumn | None = None


class SnmpProfile(ProfileModel):
    index: IndexName
    index_options: dict[str, int] = Field(
        default_factory=dict, description="parameters of the index scheme (Huawei: frame_shift)"
    )
    timeout_s: float = Field(2.0, gt=0, le=60)
    retries: int = Field(1, ge=0, le=5)
    max_repetitions: int = Field(25, ge=1, le=200)
    concurrency: int = Field(4, ge=1, le=32, description="walks in flight toward one OLT")
    columns: SnmpColumns

    @model_validator(mode="after")
    def _options_known(self) -> SnmpProfile:
        from netops.olt.indexes import SCHEMES

        SCHEMES[self.index].configured(self.index_options)  # raises ValueError naming the option
        return self


Range = tuple[float, float]


class OltProfile(ProfileModel):
    id: str
    vendor: str
    description: str
    models: list[str]
    sources: list[str] = Field(default_factory=list, description="where the facts come from")
    notes: list[str] = Field(default_factory=list, description="known limits, shown in the docs")
    onu_ids: tuple[int, int] = Field(description="the ONU ids a PON port can hold, e.g. [0, 127]")
    ranges: dict[Literal["rx_dbm", "tx_dbm", "olt_rx_dbm", "temperature_c"], Range] = Field(
        default_factory=dict, description="what this OLT can report; outside is no reading"
    )
    evidence: dict[str, Evidence] = Field(
        default_factory=dict, description="evidence for facts that are not a column or command (index...)"
    )
    snmp: SnmpProfile | None = None
    cli: CliProfile | None = None
