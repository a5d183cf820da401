"""From an IXC fibre record to the ONU netops reads; the inventory's `ixc:` section; complaints.

The ponid forms are those seen in public IXC material: "1/1/2" with slotno 1 / ponno 2 (a
recorded row, paulo-ope/Gamificacao-UNI-OPR backend/tests/test_onu_signal_history.py) and
IXC's sample body, where every field may be empty (public code corpus id 3231249285). ONU
serials are the lab OLTs'.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netops.errors import ConfigError, InputError
from netops.settings import Inventory, load_inventory
from netops.tickets.model import Customer, FibreRecord, Login, SupportTicket
from netops.tickets.onu import locate
from netops.tickets.workflow import complaint_of

OLTS = {"olt-norte": {"host": "10.0.0.2", "profile": "zte_c300"},
        "olt-centro": {"host": "10.0.0.3", "profile": "huawei_ma5800"}}


def inventory(**ixc) -> Inventory:
    section = {"url": "https://ixc.example.net", "olts": {"408": "olt-norte", "3": "olt-centro"},
               **ixc}
    return Inventory.model_validate({"olts": OLTS, "ixc": section}).model_copy(
        update={"path": Path("inventory.yaml")})


def fibre(**fields) -> FibreRecord:
    base = {"id": "1", "olt_id": "408", "pon": "1/1/2", "onu_number": "5", "serial": None,
            "slot": "1", "port": "2"}
    base.update(fields)
    return FibreRecord(**base)


def ticket(record: FibreRecord | None, subject: str | None = "12") -> SupportTicket:
    return SupportTicket(system="ixc", id="2001", protocol=None, subject_id=subject, title="",
                         text="", opened_at=None, status="N", customer=Customer("114", "Teste"),
                         login=Login("1", "cliente.teste"), fibre=record)


def where(record: FibreRecord):
    inv = inventory()
    return locate(ticket(record), inv.ixc.olts, inv)


def test_ponid_and_onu_numero_are_the_olts_own_f_s_p_id():
    found = where(fibre(serial="ZTEG1A2B5CCD"))
    assert (found.olt, found.onu, found.expected_serial) == ("olt-norte", "1/1/2:5",
                                                             "ZTEG1A2B5CCD")
    assert "zte_c300" in found.how and "to be confirmed by serial ZTEG1A2B5CCD" in found.how


def test_huawei_numbers_from_zero():
    found = where(fibre(olt_id="3", pon="0/1/0", slot="1", port="0", onu_number="0",
                        serial="485754431A2B0000"))  # the serial in hex form
    assert (found.olt, found.onu, found.expected_serial) == ("olt-centro", "0/1/0:0",
                                                             "HWTC1A2B0000")


@pytest.mark.parametrize("pon, number, onu", [
    ("gpon-olt_1/1/2", "5", "1/1/2:5"),
    ("GPON 1/1/2", "5", "1/1/2:5"),
    ("gpon-onu_1/1/2:5", None, "1/1/2:5"),
    ("gpon-onu_1/1/2:5", "5", "1/1/2:5"),
])
def test_ponid_as_olts_write_it(pon, number, onu):
    assert where(fibre(pon=pon, onu_number=number)).onu == onu


@pytest.mark.parametrize("changes, why", [
    ({"slot": "3"}, "slotno 3 contradicts ponid 1/1/2"),
    ({"port": "7"}, "ponno 7 contradicts ponid 1/1/2"),
    ({"pon": "gpon-onu_1/1/2:6"}, "onu_numero 5 contradicts ponid gpon-onu_1/1/2:6"),
    ({"pon": "1/2"}, "ponid '1/2' is not F/S/P"),
    ({"pon": None}, "no ponid"),
    ({"onu_number": None}, "no onu_numero"),
    ({"onu_number": "x"}, "onu_numero 'x' is not a number"),
])
def test_an_unusable_position_falls_back_to_the_serial(changes, why):
    found = where(fibre(serial="ZTEG1A2B5CCD", **changes))
    assert (found.onu, found.expected_serial, found.serial) == (
        "ZTEG1A2B5CCD", None, "ZTEG1A2B5CCD")
    assert found.how.startswith(why)


@pytest.mark.parametrize("mac", ["AABBCCDDEEFF", "AA:BB:CC:DD:EE:FF", "aabb.ccdd.eeff", "",
                                 None])
def test_a_mac_is_not_a_serial(mac):
    with pytest.raises(InputError, match="no usable ONU position"):
        where(fibre(onu_number=None, serial=mac))
    found = where(fibre(serial=mac))  # with a position it is read there, unconfirmed
    assert found.expected_serial is None and "not confirmed by a serial" in found.how


def test_unmapped_and_unknown_olts_name_the_key_to_fix():
    with pytest.raises(ConfigError) as unmapped:
        where(fibre(olt_id="9"))
    assert 'add "9": <OLT name> under ixc.olts' in unmapped.value.one_line()
    inv = inventory(olts={"408": "olt-sul"})
    with pytest.raises(ConfigError, match="ixc.olts.408: unknown OLT 'olt-sul'"):
        locate(ticket(fibre()), inv.ixc.olts, inv)
    with pytest.raises(InputError, match="names no OLT"):
        where(fibre(olt_id=None))


def test_no_login_and_no_fibre_record_are_input_errors():
    inv = inventory()
    no_login = ticket(fibre())
    no_login.login = None
    with pytest.raises(InputError, match="has no login"):
        locate(no_login, inv.ixc.olts, inv)
    with pytest.raises(InputError, match="has no fibre record"):
        locate(ticket(None), inv.ixc.olts, inv)


def test_complaints_come_from_the_subjects_map():
    subjects = {"12": "no_connection", "13": "lentidao"}
    assert complaint_of(ticket(None, "12"), subjects, "inv.yaml") == "no_connection"
    assert complaint_of(ticket(None, "99"), subjects, "inv.yaml", "slow") == "slow"
    with pytest.raises(ConfigError, match="ixc.subjects.13: 'lentidao' is not a complaint"):
        complaint_of(ticket(None, "13"), subjects, "inv.yaml")
    with pytest.raises(ConfigError, match="subject id_assunto \\(none\\)"):
        complaint_of(ticket(None, None), subjects, "inv.yaml")
    with pytest.raises(InputError, match="--complaint: 'lento' is not a complaint"):
        complaint_of(ticket(None, "12"), subjects, "inv.yaml", "lento")


def write(tmp_path, text: str) -> str:
    path = tmp_path / "inventory.yaml"
    path.write_text(text)
    return str(path)


def test_the_inventory_section(tmp_path):
    inv = load_inventory(write(tmp_path, (
        "ixc:\n  url: https://ixc.example.net/webservice/v1/\n"
        "  olts: {3: olt-centro}\n  subjects: {12: no_connection}\n")))
    assert inv.ixc.url == "https://ixc.example.net"
    assert inv.ixc.olts == {"3": "olt-centro"} and inv.ixc.subjects == {"12": "no_connection"}
    assert (inv.ixc.token_env, inv.ixc.retries, inv.ixc.verify_tls) == ("NETOPS_IXC_TOKEN", 2,
                                                                        True)


@pytest.mark.parametrize("lines, message", [
    ("  url: https://6:abc@ixc.example.net\n", "must not carry a user, password or token"),
    ("  url: https://ixc.example.net/?token=abc\n", "must not carry a user, password or token"),
    ("  url: ixc.example.net\n", "is not an http(s) URL"),
    ("  url: https://ixc.example.net\n  token: '6:abc'\n", "ixc.token: Extra inputs"),
    ("  url: https://ixc.example.net\n  retries: 9\n", "ixc.retries"),
])
def test_a_bad_section_names_file_and_key(tmp_path, lines, message):
    with pytest.raises(ConfigError) as error:
        load_inventory(write(tmp_path, "ixc:\n" + lines))
    assert "inventory.yaml: ixc." in error.value.one_line() and message in error.value.one_line()
    assert "abc" not in error.value.one_line()  # a secret typed in the file is never echoed
