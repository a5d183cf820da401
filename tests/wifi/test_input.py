"""Bad router addresses are one line and exit 3, before anything is sent or asked."""

from __future__ import annotations

import pytest

from netops.cpe.address import router_address
from netops.errors import InputError


@pytest.mark.parametrize(
    "typed, fragment",
    [
        ("127.0.0.1:19080", "give the port with --port: 127.0.0.1 --port 19080"),
        ("[::1]:8080", "give the port with --port: [::1] --port 8080"),
        ("999.1.1.1", "is not a valid IPv4 address"),
        ("192.168.15", "is not a valid IPv4 address"),
        ("fe80::zz", "is not a valid IPv6 address"),
        ("http://192.168.15.1/", "not a router address"),
        ("192.168.15.1/24", "not a router address"),
        ("0.0.0.0", "cannot be a router"),
        ("224.0.0.1", "cannot be a router"),
        ("roteador_casa", "is not an IP address or host name"),
        ("", "no router address"),
    ],
)
def test_bad_addresses_are_one_line_and_exit_3(env, cli, typed, fragment):
    result = cli("wifi", "reset", typed, "--model", "RTF3505VW")
    assert result.code == 3
    (line,) = result.err.strip().splitlines()
    assert line.startswith("netops: error:") and fragment in line
    assert "internal error" not in line
    assert env.audit() == []  # nothing was attempted


def test_a_long_bad_address_is_quoted_short(env, cli):
    result = cli("wifi", "reset", "1" * 500 + ":80", "--model", "RTF3505VW")
    assert result.code == 3 and len(result.err) < 250


@pytest.mark.parametrize(
    "typed, address",
    [("192.168.15.1", "192.168.15.1"), (" 10.0.0.1 ", "10.0.0.1"), ("[fe80::1]", "fe80::1"),
     ("FE80::0001", "fe80::1"), ("Roteador.Local.", "roteador.local")],
)
def test_good_addresses_are_normalised(typed, address):
    assert router_address(typed) == address


def test_an_acs_serial_is_not_checked_as_an_address(env, cli):
    """With --via acs the argument is the serial number the ACS knows."""
    result = cli("wifi", "reset", "ZTEG:1234", "--via", "acs", "--model", "RTF3505VW")
    assert result.code == 3 and "NETOPS_ACS_URL" in result.err


def test_router_address_raises_input_error():
    with pytest.raises(InputError):
        router_address("300.300.300.300")
