"""A ticket built from published IXC records (tests/data/ixc/public-samples.yaml), read by netops.

The fibre record is a recorded row a public project keeps as a fixture: a ZTE-style ponid
"1/1/2" with slotno 1 / ponno 2, no onu_numero, and a `mac` that is a MAC-like "AABBCCDDEEFF".
netops must read it as it is and refuse to guess an ONU from it.
"""

from __future__ import annotations

import pytest

from .conftest import PUBLIC_DATA, lab_ixc_section, write_inventory

pytestmark = pytest.mark.integration

SAMPLE_TOKEN = "6:4dacdb8e47193e8cbbabe508c3c59b4547e463817b1d9b9a1d20ab4812fe1a62"


@pytest.fixture
def sample_cli(cli, start_standin, tmp_path, monkeypatch):
    server = start_standin(PUBLIC_DATA, SAMPLE_TOKEN)
    monkeypatch.setenv("NETOPS_IXC_TOKEN", SAMPLE_TOKEN)
    olts = {"olt-norte": {"host": "127.0.0.1", "profile": "zte_c300",
                          "snmp": {"version": "2c", "port": 9}}}
    section = lab_ixc_section(server.url, olts={"408": "olt-norte"}, subjects={"12": "no_connection"})
    inventory = write_inventory(tmp_path / "inventory.yaml", olts, section)
    return lambda *args: cli("--inventory", inventory, "ixc", *args)


def test_the_published_record_is_read_as_it_is(sample_cli):
    result = sample_cli("ticket", "2001", "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    ticket = data["ticket"]
    assert (ticket["protocol"], ticket["status"], ticket["opened_at"]) == (
        "202607581197", "N", "2026-08-14T10:05:00")
    assert ticket["customer"] == {"id": "114", "name": "Teste API"}
    assert ticket["login"] == {"id": "1", "login": "cliente.teste", "online": False,
                               "contract_id": "145399"}
    assert ticket["fibre"] == {
        "id": "1", "olt_id": "408", "pon": "1/1/2", "onu_number": None, "serial": "AABBCCDDEEFF",
        "slot": "1", "port": "2", "model": "F670LV9.0", "rx_dbm": "-18.50", "tx_dbm": "2.10",
        "measured_at": "2026-08-14 10:00:00", "last_down_cause": "Link Loss",
    }
    assert data["complaint"] == "no_connection" and data["onu"] is None
    assert data["problems"] == [
        "IXC fibre record 1 gives no usable ONU position (no onu_numero) and no GPON serial "
        "(mac 'AABBCCDDEEFF') — fix ponid and onu_numero, or the serial (mac), of the ONU in IXC"
    ]


def test_diagnose_refuses_to_guess_the_onu(sample_cli):
    result = sample_cli("diagnose", "2001", "--at", "2026-08-14T11:00", "--resolver", "127.0.0.1")
    assert result.code == 3
    assert result.err.strip() == (
        "netops: error: IXC fibre record 1 gives no usable ONU position (no onu_numero) and no "
        "GPON serial (mac 'AABBCCDDEEFF') — fix ponid and onu_numero, or the serial (mac), of "
        "the ONU in IXC")
