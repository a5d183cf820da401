"""A router keeps its security mode: it is read from the page and sent back, or the band is refused.

Never a silent downgrade to WPA2: a mode the profile cannot send back unchanged (WEP, none, or
one the firmware's page script has no save for) leaves that band's key as it was and says why.
"""

from __future__ import annotations

import pytest

from netops.lab.routers import Router

from .conftest import FAMILY_MODEL

pytestmark = pytest.mark.integration


def reset(cli, server, model, *extra):
    return cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", model, "-o", "json", *extra)


@pytest.mark.parametrize(
    "family, security",
    [
        ("askey-broadcom", "2.4=sae,5=psk2 sae"),        # WPA3 and WPA2/WPA3 mixed, as wl names them
        ("mitrastar-broadcom", "2.4=psk2 sae,5=sae"),
        ("askey-econet", "2.4=sae,5=psk2 sae"),
        ("mitrastar-econet", "2.4=7,5=psk2"),             # WPA/WPA2 and WPA2 on the captured pages
    ],
)
def test_the_security_mode_is_sent_back_unchanged(env, cli, router, family, security):
    server = router(family, security=security)
    result = reset(cli, server, FAMILY_MODEL[family])
    assert result.code == 0, result.err
    state = server.state()
    modes = dict(item.split("=", 1) for item in security.split(","))
    assert {band: state["settings"][band]["security"] for band in modes} == modes
    assert state["bands"]["2.4"]["key"] == state["bands"]["5"]["key"] == result.json()["key"]


@pytest.mark.parametrize(
    "family, band, mode",
    [
        ("mitrastar-econet", "2.4", "2"),      # WEP on the captured 2.4 GHz page
        ("mitrastar-econet", "2.4", "1"),      # no security
        ("mitrastar-econet", "5", "open"),
        ("askey-broadcom", "5", "open"),
        ("mitrastar-broadcom", "2.4", "wep"),
        ("askey-econet", "5", "wpa3-enterprise"),
    ],
)
def test_a_mode_the_profile_cannot_keep_is_refused_for_that_band(env, cli, router, family, band, mode):
    server = router(family, security=f"{band}={mode}")
    result = reset(cli, server, FAMILY_MODEL[family])
    assert result.code == 2, result.err
    bands = {b["band"]: b for b in result.json()["bands"]}
    refused, other = bands[band], bands["5" if band == "2.4" else "2.4"]
    assert refused["status"] == "failed" and refused["error"] == "unsupported_setting"
    assert f"security mode {mode}" in refused["detail"] and "the key was not changed" in refused["detail"]
    assert other["status"] == "changed"
    state = server.state()
    assert state["bands"][band]["key"] == Router(family, "admin", "x", set(), 0).bands[band]["key"]
    assert state["settings"][band]["security"] == mode  # nothing was sent for that band
