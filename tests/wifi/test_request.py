"""A Wi-Fi change checked before anything is sent, as a script calling netops.cpe gets it."""

from __future__ import annotations

import pytest

from netops.cpe.policy import CpePolicy
from netops.cpe.request import build_request
from netops.errors import InputError

POLICY = CpePolicy(ports=[80, 8081], key_length=12)


def test_a_generated_key_follows_the_profile_and_the_isp():
    request, profile = build_request(" 192.168.15.1 ", POLICY, model="RTF3505VW")
    assert profile is not None and profile.id == "askey-broadcom"
    assert request.host == "192.168.15.1" and request.ports == (80, 8081) and request.bands == ["2.4", "5"]
    assert len(request.key) == 12 and not set(request.key) & set(profile.key_rules.forbidden)
    assert request.password is None  # the caller asks for it


@pytest.mark.parametrize("given, message", [
    ({"model": None}, "--model is required with --via web"),
    ({"via": "telnet"}, "unknown --via 'telnet'"),
    ({"key": "short"}, "8"),
    ({"key": "abc&defgh"}, "'&'"),
    ({"key": "Valid-Key-99", "generate": True}, "either --key or --generate"),
    ({"serial": "X1"}, "--serial is only used with --via acs"),
    ({"band": "6"}, "unknown band"),
    ({"model": "NOPE-1"}, "no router profile covers model"),
])
def test_bad_input_is_refused_before_any_traffic(given, message):
    options = {"model": "RTF3505VW", **given}
    with pytest.raises(InputError) as caught:
        build_request("192.168.15.1", POLICY, **options)
    assert message in caught.value.one_line()


def test_acs_takes_a_serial_and_a_model_it_may_not_know():
    request, profile = build_request("LAB098OK", POLICY, via="ACS", model="UNKNOWN-9", band="5")
    assert (request.via, request.host, request.bands, request.explicit_band) == ("acs", "LAB098OK", ["5"], True)
    assert profile is None
