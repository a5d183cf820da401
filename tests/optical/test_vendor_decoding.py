"""Raw SNMP values as the vendor MIBs document them, decoded through the shipped profiles.

Expected values are worked by hand from the MIB text (see docs/vendors.md), not from our lab.
"""

import pytest

from netops.models import OnuRef, PonRef
from netops.olt import decode
from netops.olt.indexes import SCHEMES
from netops.olt.profile import OltProfile
from netops.profiles import load_profile


def columns(profile_id):
    return load_profile("olt", profile_id, OltProfile).snmp.columns


@pytest.mark.parametrize(
    "scheme, onu, instance",
    [
        ("huawei_gpon", "0/1/2:3", "4194312704.3"),  # 4194304000 + 1*8192 + 2*256
        ("huawei_gpon", "0/0/0:0", "4194304000.0"),
        ("zte_1012", "1/1/1:5", "268501248.5"),
        ("zte_1012", "1/1/2:1", "268501504.1"),
        ("zte_1012", "1/2/1:1", "268566784.1"),
        ("zte_1082", "1/1/1:1", "285278465.1"),
        ("zte_1082", "1/2/1:7", "285278721.7"),
        ("fiberhome_an5516", "1/18/4:50", "606089728"),
    ],
)
def test_index_schemes_round_trip(scheme, onu, instance):
    ref = OnuRef.parse(onu)
    assert SCHEMES[scheme].onu_instance(ref) == instance
    parts = tuple(int(p) for p in instance.split("."))
    assert SCHEMES[scheme].decode(parts) == ref


def test_index_rejects_foreign_instances():
    assert SCHEMES["huawei_gpon"].decode((268501248, 1)) is None
    assert SCHEMES["zte_1012"].decode((4194312704, 1)) is None
    assert SCHEMES["huawei_gpon"].decode((4194312704,)) is None


def test_huawei_values():
    c = columns("huawei_ma5800")
    assert decode.number(c.rx_dbm, -2245) == -22.45
    assert decode.number(c.tx_dbm, 198) == 1.98
    assert decode.number(c.olt_rx_dbm, 7590) == -24.10  # (7590 - 10000) / 100
    assert decode.number(c.rx_dbm, 2147483647) is None
    assert decode.number(c.olt_rx_dbm, 2147483647) is None
    assert decode.number(c.olt_rx_dbm, 0) is None  # outside the 4-digit raw range
    assert decode.number(c.temperature_c, 41) == 41
    assert decode.state(c.state, 1) == ("online", None)
    assert decode.state(c.state, 2) == ("offline", None)
    assert decode.state(c.state, -1) == (None, None)  # invalid(-1): the query failed, not offline
    assert decode.cause(c.down_cause, 13) == "dying_gasp"
    assert decode.cause(c.down_cause, 1) == "los"
    assert decode.cause(c.down_cause, 2) == "losi_lobi"
    assert decode.cause(c.down_cause, -1) is None
    assert str(decode.serial(bytes.fromhex("485754431234ABCD"))) == "HWTC1234ABCD"


def test_zte_1012_values():
    c = columns("zte_c300")
    assert decode.number(c.rx_dbm, 3775) == -22.45  # 3775 * 0.002 - 30
    assert decode.number(c.rx_dbm, 65535) is None
    assert decode.number(c.rx_dbm, 0) is None
    assert decode.number(c.olt_rx_dbm, -24100) == -24.1
    assert decode.number(c.olt_rx_dbm, 65535000) is None
    assert decode.state(c.state, 3) == ("online", None)
    assert decode.state(c.state, 1) == ("offline", "los")
    assert decode.state(c.state, 4) == ("offline", "dying_gasp")
    assert decode.state(c.state, 6) == ("offline", None)
    assert c.rx_dbm.suffix == ".1"


def test_zte_1082_values():
    c = columns("zte_c600")
    assert decode.number(c.rx_dbm, 3775) == -22.45
    assert decode.state(c.state, 4) == ("online", None)
    assert decode.state(c.state, 2) == ("offline", "los")
    assert str(decode.serial(b"1,ZTEGC0FFEE12")) == "ZTEGC0FFEE12"


def test_fiberhome_values():
    c = columns("fiberhome_an5516")
    assert decode.number(c.rx_dbm, -2245) == -22.45
    assert decode.state(c.state, 1) == ("online", None)
    assert decode.state(c.state, 0) == ("offline", "los")
    assert decode.state(c.state, 2) == ("offline", "dying_gasp")


def test_garbled_values_give_no_reading():
    c = columns("huawei_ma5800")
    assert decode.number(c.rx_dbm, b"n/a") is None
    assert decode.number(c.rx_dbm, None) is None
    assert decode.state(c.state, b"\xff\xfe") == (None, None)
    assert decode.number(c.rx_dbm, b"-23.46") == -23.46  # decimal text some OLTs send


def test_every_shipped_profile_loads():
    from netops.profiles import profile_files

    for profile_id in profile_files("olt"):
        profile = load_profile("olt", profile_id, OltProfile)
        assert profile.snmp is None or profile.snmp.index in SCHEMES


def test_huawei_ports_beyond_ranges_are_input_errors():
    from netops.errors import InputError

    with pytest.raises(InputError):
        SCHEMES["huawei_gpon"].onu_instance(OnuRef(PonRef(0, 40, 1), 1))
    with pytest.raises(InputError):
        SCHEMES["zte_1012"].onu_instance(OnuRef(PonRef(0, 1, 1), 1))


# -- SNMPv2-TC DateAndTime (Huawei last up/down, ZTE 1082 last online/offline) ------------------


def test_date_and_time():
    import datetime as dt

    from netops.olt.decode import date_and_time
    from netops.olt.profile import TimeColumn

    column = TimeColumn(oid="1.3.6.1.4.1.2011.6.128.1.1.2.46.1.22")
    with_offset = date_and_time(column, bytes.fromhex("07ea0b15030c2c052d0300"))
    assert with_offset.isoformat() == "2026-11-21T03:12:44.500000-03:00"
    assert date_and_time(column, bytes.fromhex("07ea0b1408000000")).isoformat() == "2026-11-20T08:00:00"
    assert with_offset == dt.datetime(2026, 11, 21, 6, 12, 44, 500000, tzinfo=dt.UTC)
    for raw in (bytes(8), bytes(11), bytes.fromhex("07ea0d15030c2c00"),  # never; month 13
                bytes.fromhex("07ea0b15030c2c00" + "2a0300"),  # '*' is no direction
                b"2026-11-21", 20261121, None):
        assert date_and_time(column, raw) is None, raw


def test_decimal_text_with_a_unit_in_parentheses():
    """V-SOL sends levels as text with the unit; anything else in the text is no reading."""
    from netops.olt.profile import NumberColumn

    column = NumberColumn(oid="1.3.6.1.4.1.37950.1.1.6.1.1.3.1.7", decimals=3)
    assert decode.number(column, b"-28.530(dBm)") == -28.53
    assert decode.number(column, "47.957(C)") == 47.957
    assert decode.number(column, b" -13.518 (dBm) ") == -13.518
    assert decode.number(column, b"2.294") == 2.294
    for garbled in (b"", b"N/A", b"-28.530(dBm)(x)", b"dBm", b"--1", b"1.2.3"):
        assert decode.number(column, garbled) is None, garbled


def test_vsol_index_is_pon_then_onu_on_one_board():
    from netops.errors import InputError

    scheme = SCHEMES["vsol_gpon"]
    onu = OnuRef(PonRef(0, 0, 1), 5)
    assert scheme.onu_instance(onu) == "1.5" and scheme.port_instance(PonRef(0, 0, 8)) == "8"
    assert scheme.decode((1, 5)) == onu and scheme.decode((0, 5)) is None and scheme.decode((1, 5, 1)) is None
    with pytest.raises(InputError, match="0/0/PON"):
        scheme.onu_instance(OnuRef(PonRef(0, 1, 1), 5))
