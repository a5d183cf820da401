import pytest

from netops.errors import InputError
from netops.models import OnuRef, OnuSerial, PonRef, parse_onu_target


def test_onu_ref_parses_fsp_id():
    onu = OnuRef.parse("0/1/3:12")
    assert (onu.pon.frame, onu.pon.slot, onu.pon.port, onu.onu_id) == (0, 1, 3, 12)
    assert str(onu) == "0/1/3:12"


@pytest.mark.parametrize("text", ["0/1/3", "0/1:12", "a/b/c:d", "0/1/3:", "0/1/3:12:1", "", "0/1/3:-1", "0/1/3:99999"])
def test_malformed_onu_ids_are_input_errors(text):
    with pytest.raises(InputError) as info:
        OnuRef.parse(text)
    assert "F/S/P:ID" in info.value.one_line()


def test_pon_ref():
    assert str(PonRef.parse(" 0/1/3 ")) == "0/1/3"
    with pytest.raises(InputError):
        PonRef.parse("0-1-3")


@pytest.mark.parametrize(
    "text", ["HWTC1A2B3C4D", "hwtc1a2b3c4d", "HWTC-1A2B3C4D", "485754431A2B3C4D", "485754431a2b3c4d"]
)
def test_serial_forms_are_equal(text):
    serial = OnuSerial.parse(text)
    assert serial.raw == b"HWTC\x1a\x2b\x3c\x4d"
    assert str(serial) == "HWTC1A2B3C4D"
    assert serial.hex == "485754431A2B3C4D"


@pytest.mark.parametrize("text", ["HWTC1A2B3C4", "HWTC1A2B3C4Z", "0000000000000000G", "12345"])
def test_malformed_serials(text):
    with pytest.raises(InputError):
        OnuSerial.parse(text)


def test_serial_as_devices_report_it():
    assert str(OnuSerial.from_device(b"HWTC\x12\x34\x56\x78")) == "HWTC12345678"
    assert str(OnuSerial.from_device(b"1,ZTEGC0FFEE12")) == "ZTEGC0FFEE12"
    assert str(OnuSerial.from_device("4857544312345678")) == "HWTC12345678"
    assert OnuSerial.from_device(b"\x00\x01") is None


def test_onu_target_either_form():
    assert isinstance(parse_onu_target("0/1/3:12"), OnuRef)
    assert isinstance(parse_onu_target("HWTC1A2B3C4D"), OnuSerial)
    with pytest.raises(InputError):
        parse_onu_target("customer-42")
