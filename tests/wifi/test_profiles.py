"""Router profiles, hooks, forms and key rules: the data and the small pure pieces."""

from __future__ import annotations

import hashlib
import re
import string

import pytest

from netops.cpe import hooks
from netops.cpe.forms import find_field, parse_forms
from netops.cpe.keys import (
    ALPHABET,
    fingerprint,
    generate_key,
    validate_key,
    validate_ssid,
)
from netops.cpe.profile import CpeProfile
from netops.cpe.request import parse_bands, profile_for_model, supported_models
from netops.errors import ConfigError, InputError
from netops.profiles import iter_profiles

from .conftest import MODELS


def test_every_shipped_profile_is_valid(env):
    loaded = list(iter_profiles("cpe", CpeProfile))
    assert {pid for pid, _, _ in loaded} == {
        "mitrastar-econet", "mitrastar-broadcom", "askey-broadcom", "askey-econet", "askey-econet-ax",
    }
    for pid, path, profile in loaded:
        assert isinstance(profile, CpeProfile), f"{path}: {profile}"
        assert profile.id == pid
        assert set(profile.bands) == {"2.4", "5"}


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_label_model_has_a_profile(env, model):
    assert profile_for_model(model.lower()).covers(model)


@pytest.mark.parametrize(
    "label, profile_id",
    [("gpt-2741gnac-n1", "mitrastar-econet"), ("RTF3505VW-N2", "askey-broadcom"),
     ("GPT-2541GNAC-N2", "mitrastar-broadcom"), ("rtf8225vw", "askey-econet-ax"), ("RTF8117VW", "askey-econet")],
)
def test_model_suffixes_and_case(env, label, profile_id):
    assert profile_for_model(label).id == profile_id


def test_unknown_model_lists_supported_ones(env):
    with pytest.raises(InputError) as err:
        profile_for_model("TL-WR840N")
    assert "RTF3505VW" in err.value.one_line() and "GPT-2741GNAC" in err.value.one_line()
    assert "GPT-2541GNAC" in supported_models()


def test_unknown_model_cli_error_is_one_line(env, cli):
    result = cli("wifi", "reset", "127.0.0.1", "--model", "XYZ-1")
    assert result.code == 3
    assert result.err.count("\n") == 1 and "supported models" in result.err


def test_profiles_list_shows_cpe_models(env, cli, golden):
    result = cli("profiles", "list", "--kind", "cpe", "-o", "json")
    golden("profiles-list-cpe", result.json())
    assert result.code == 0
    rows = {row["id"]: row for row in result.json()["profiles"]}
    assert "RTF3505VW" in rows["askey-broadcom"]["description"]
    assert all(row["valid"] for row in rows.values())


def test_user_profile_with_a_typo_names_file_and_key(env, cli, golden):
    folder = env.profiles_dir / "cpe"
    folder.mkdir()
    (folder / "broken.yaml").write_text(
        "id: broken\nvendor: X\nfamily: Y\ndescription: d\nmodels: [ZZ1]\nlogin_page: [x]\n"
        "login:\n  - fetch: /\n    regexx: a\nbands: {}\n"
    )
    result = cli("profiles", "validate", str(folder / "broken.yaml"), "-o", "json")
    golden("profiles-validate-broken", result.json())
    assert result.code == 3
    error = result.json()["profiles"][0]["error"]
    assert "broken.yaml" in error and "regexx" in error


def test_unknown_hook_is_a_schema_error(env, tmp_path):
    from netops.profiles import load_file

    path = tmp_path / "cpe" / "bad.yaml"
    path.parent.mkdir()
    path.write_text(
        "id: bad\nvendor: X\nfamily: Y\ndescription: d\nmodels: [ZZ1]\nlogin_page: [x]\n"
        "login:\n  - compute: h\n    hook: sha3\n    input: x\nbands: {}\n"
    )
    with pytest.raises(ConfigError, match="unknown hook 'sha3'"):
        load_file(path, CpeProfile)


def test_hooks():
    assert hooks.md5_hex("pw:abc", {}) == hashlib.md5(b"pw:abc").hexdigest()
    assert hooks.base64("admin:x", {}) == "YWRtaW46eA=="
    assert hooks.xor_1f("admin", {}) == "~{rvq"
    assert hooks.xor_1f(hooks.xor_1f("net2019*", {}), {}) == "net2019*"
    assert hooks.percent_lower("net2019*!", {}) == "net2019%2a%21"
    assert hooks.lookup("7", {"7": "WPAPSKWPA2PSK", "*": "WPA2PSK"}) == "WPAPSKWPA2PSK"
    assert hooks.lookup("9", {"*": "WPA2PSK"}) == "WPA2PSK"
    assert hooks.band_name("2", {"2": "2.4"}) == "2.4"
    assert hooks.band_name("5GHz", {}) == "5"
    assert hooks.band_name("2,4 GHz", {}) == "2.4"
    assert re.fullmatch(r"\d\d/\d\d", hooks.local_time("%d/%m", {}))


def test_form_parser_sends_what_a_browser_sends():
    page = (
        "<form name='f' action='/save' method='post'><input type=hidden name=sessionKey value='12'>"
        "<input name=SSID value='caf&eacute; &amp; bar'><select name=mode><option value=7>a</option>"
        "<option value=4 selected>b</option></select><select name=other><option value=x>x</option></select>"
        "<input type=radio name=r value=1><input type=radio name=r value=0 checked>"
        "<input type=checkbox name=c value=on><input type=submit name=apply value=Apply></form>"
    )
    forms, _ = parse_forms(page)
    assert forms[0].fields == {"sessionKey": "12", "SSID": "café & bar", "mode": "4", "other": "x", "r": "0"}
    assert forms[0].action == "/save" and forms[0].method == "POST"
    assert find_field(page, ["nope", "SSID"]) == "café & bar"


def test_generated_keys():
    keys = {generate_key() for _ in range(200)}
    assert len(keys) == 200
    for key in keys:
        assert len(key) == 12
        assert set(key) <= set(ALPHABET)
        validate_key(key, forbidden=" \"'\\&+%#=?/")
    assert not set("0O1lI") & set(ALPHABET)
    assert set(ALPHABET) <= set(string.ascii_letters + string.digits)
    assert len(ALPHABET) == 57
    assert len(generate_key(16)) == 16


@pytest.mark.parametrize(
    "key, fragment",
    [("short", "8 to 63"), ("x" * 64, "8 to 63"), ("héllo-wörld", "non-ASCII"), ("tab\there1", "non-printable"),
     ("with space1", "a space"), ('quote"key1', "'\"'"), ("amp&key123", "'&'")],
)
def test_invalid_keys_are_refused_without_echoing_them(key, fragment):
    with pytest.raises(InputError) as err:
        validate_key(key, forbidden=" \"'&")
    assert fragment in err.value.one_line()
    if len(key) > 6:
        assert key not in err.value.one_line()


def test_valid_keys():
    validate_key("abcdefgh")
    validate_key("a" * 63)
    validate_key("0123456789abcdef" * 4)  # 64 hex digits: a raw PSK
    with pytest.raises(InputError):
        validate_key("0123456789abcdef" * 4, allow_hex64=False)


@pytest.mark.parametrize("ssid", ["", " lead", "trail ", "two  spaces", "q'uote", "x" * 33])
def test_invalid_ssids(ssid):
    with pytest.raises(InputError):
        validate_ssid(ssid)


def test_bands():
    assert parse_bands("all") == (["2.4", "5"], False)
    assert parse_bands("2.4") == (["2.4"], True)
    assert parse_bands("5GHz") == (["5"], True)
    with pytest.raises(InputError):
        parse_bands("6")


def test_fingerprint_is_salted_and_stable():
    one = fingerprint("SecretKey123", b"salt-a")
    assert one == fingerprint("SecretKey123", b"salt-a")
    assert one != fingerprint("SecretKey123", b"salt-b")
    assert re.fullmatch(r"hmac-sha256:[0-9a-f]{20}", one)
    assert "SecretKey123" not in one
