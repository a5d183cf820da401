"""Every band a model has must be changed: a missing page is never taken for a missing radio.

The lab routers move or drop the 5 GHz page (`moved_5g`: the radio is there, its page is not
where the profile looks; `no_5g`: the radio is not there). Which models have which radios is
data in the profiles (`model_bands`, each with its source).
"""

from __future__ import annotations

import pytest

from netops.profiles import builtin_profiles_dir

from .conftest import FAMILY_MODEL

pytestmark = pytest.mark.integration

# models whose profile knows them to be dual-band, and the lab family that simulates each
DUAL_BAND = {"GPT-2741GNAC": "mitrastar-econet", "GPT-2541GNAC": "mitrastar-broadcom",
             "RTF3505VW": "askey-broadcom", "RTF3507VW": "askey-broadcom"}
# models whose radios no public source shows
UNKNOWN_BANDS = {"GPT-2742GX4X5": "mitrastar-econet", "RTF8115VW": "askey-econet", "RTF8225VW": "askey-econet"}


def reset(cli, server, model, *extra):
    return cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", model, "-o", "json", *extra)


@pytest.mark.parametrize("model, fault", [*((model, "moved_5g") for model in sorted(DUAL_BAND)), ("RTF3507VW", "no_5g")])
def test_a_dual_band_model_without_its_5ghz_page_is_critical(env, cli, router, model, fault):
    server = router(DUAL_BAND[model], faults=fault)
    result = reset(cli, server, model)
    assert result.code == 2, result.err
    data = result.json()
    bands = {b["band"]: b for b in data["bands"]}
    assert data["status"] == "critical" and data["bands_changed"] == ["2.4"]
    assert bands["2.4"]["status"] == "changed"
    assert bands["5"]["status"] == "failed" and bands["5"]["error"] == "band_not_found"
    assert "has a 5 GHz radio: its key was not changed" in bands["5"]["detail"]
    if fault == "moved_5g":  # the 5 GHz network really keeps the old key
        assert server.state()["bands"]["5"]["key"] == "OldKey5g2024"
    (record,) = env.audit()
    assert record["result"] == "critical"


@pytest.mark.parametrize("model", sorted(UNKNOWN_BANDS))
def test_a_model_of_unknown_radios_without_a_5ghz_page_is_a_warning(env, cli, router, model):
    server = router(UNKNOWN_BANDS[model], faults="moved_5g")
    result = reset(cli, server, model)
    assert result.code == 1, result.err
    bands = {b["band"]: b for b in result.json()["bands"]}
    assert bands["2.4"]["status"] == "changed"
    assert bands["5"]["status"] == "not_found" and "check it" in bands["5"]["detail"]


def test_a_model_known_to_be_single_band_is_not_asked_for_5ghz(env, cli, router):
    """A user profile that says the GPT-2731GN2A4P has one 2.4 GHz radio: 5 GHz is absent, exit 0."""
    text = (builtin_profiles_dir() / "cpe" / "mitrastar-econet.yaml").read_text()
    text = text.replace("model_bands:", 'model_bands:\n  GPT-2731GN2A4P: {bands: ["2.4"], source: "a test"}', 1)
    (env.profiles_dir / "cpe").mkdir()
    (env.profiles_dir / "cpe" / "mitrastar-econet.yaml").write_text(text)
    server = router("mitrastar-econet", faults="no_5g")
    result = reset(cli, server, "GPT-2731GN2A4P-N2")
    assert result.code == 0, result.err
    bands = {b["band"]: b for b in result.json()["bands"]}
    assert bands["5"]["status"] == "absent" and "has no 5 GHz radio (profile)" in bands["5"]["detail"]
    assert "5 GHz" not in result.err  # not even tried
    # asked for explicitly, a band the model does not have is a failure
    result = reset(cli, server, "GPT-2731GN2A4P", "--band", "5")
    assert result.code == 2 and result.json()["bands"][0]["status"] == "failed"


@pytest.mark.parametrize("family", sorted(FAMILY_MODEL))
def test_asking_for_a_missing_band_is_a_failure(env, cli, router, family):
    server = router(family, faults="no_5g")
    result = reset(cli, server, FAMILY_MODEL[family], "--band", "5")
    assert result.code == 2
    assert result.json()["bands"][0]["status"] == "failed"


def test_one_page_for_both_bands_cannot_prove_either(env, cli, router):
    """The 5 GHz page redirects to the 2.4 GHz one: the read-back cannot tell the bands apart."""
    server = router("askey-econet", faults="same_page_5g")
    result = reset(cli, server, "RTF8115VW")
    assert result.code == 1, result.err
    data = result.json()
    assert data["bands_changed"] == []
    for band in data["bands"]:
        assert band["status"] == "unverified" and band["error"] == "same_page" and band["verified"] is None
    assert server.state()["bands"]["5"]["key"] == "OldKey5g2024"  # the 5 GHz network was never touched
    # asked for 5 GHz alone, the 2.4 GHz page is read too: the same page, so still no proof
    result = reset(cli, server, "RTF8115VW", "--band", "5")
    assert result.code == 1, result.err
    (band,) = result.json()["bands"]
    assert band["status"] == "unverified" and band["error"] == "same_page"


def test_model_bands_must_name_the_profiles_own_models(env, tmp_path):
    from netops.cpe.profile import CpeProfile
    from netops.errors import ConfigError
    from netops.profiles import load_file

    text = (builtin_profiles_dir() / "cpe" / "askey-econet.yaml").read_text()
    path = tmp_path / "cpe" / "askey-econet.yaml"
    path.parent.mkdir()
    path.write_text(text.replace("models: [RTF8115VW, RTF8117VW]\n",
                                 'models: [RTF8115VW, RTF8117VW]\nmodel_bands: {RTF9999: {bands: ["2.4"], source: x}}\n'))
    with pytest.raises(ConfigError, match="RTF9999"):
        load_file(path, CpeProfile)
