"""`extends:` for CPE and OLT profiles: one level, validated, every error naming file and key."""

from __future__ import annotations

import pytest
import yaml

from netops.cpe.profile import CpeProfile
from netops.errors import ConfigError
from netops.olt.profile import OltProfile
from netops.profiles import builtin_profiles_dir, load_file, load_profile


@pytest.fixture
def folder(tmp_path, monkeypatch):
    root = tmp_path / "profiles"
    for kind in ("cpe", "olt", "isp"):
        (root / kind).mkdir(parents=True)
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(root))
    return root


def write(folder, kind, name, data):
    path = folder / kind / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def error_of(path, schema=CpeProfile):
    with pytest.raises(ConfigError) as caught:
        load_file(path, schema)
    return caught.value.message


def test_shipped_child_is_its_parent_with_its_own_keys():
    child = load_profile("cpe", "mitrastar-broadcom", CpeProfile)
    parent = load_profile("cpe", "askey-broadcom", CpeProfile)
    assert (child.id, child.vendor, child.models) == ("mitrastar-broadcom", "Mitrastar", ["GPT-2541GNAC", "GPT-2541GN2A"])
    assert child.bands == parent.bands and child.radios == parent.radios  # the .wl steps, written once
    assert child.login != parent.login
    text = (builtin_profiles_dir() / "cpe" / "mitrastar-broadcom.yaml").read_text()
    assert "extends: askey-broadcom" in text and "\nbands:" not in text and "submit: /wlsecurity.wl" not in text


def test_a_user_child_of_a_shipped_olt_profile(folder):
    path = write(folder, "olt", "huawei_lab", {"id": "huawei_lab", "extends": "huawei_ma5800",
                                                "description": "Huawei, our firmware", "models": ["MA5800-X2"]})
    profile = load_file(path, OltProfile)
    assert profile.id == "huawei_lab" and profile.models == ["MA5800-X2"]
    assert profile.snmp == load_profile("olt", "huawei_ma5800", OltProfile).snmp


def test_missing_parent(folder):
    path = write(folder, "cpe", "child", {"id": "child", "extends": "nope"})
    message = error_of(path)
    assert message.startswith(f"{path}: extends: unknown cpe profile 'nope'")


def test_a_chain_of_two_is_refused(folder):
    write(folder, "cpe", "middle", {"id": "middle", "extends": "askey-broadcom"})
    path = write(folder, "cpe", "child", {"id": "child", "extends": "middle"})
    assert error_of(path).startswith(f"{path}: extends: middle extends 'askey-broadcom' itself")


def test_a_cycle_is_refused(folder):
    write(folder, "cpe", "one", {"id": "one", "extends": "two"})
    path = write(folder, "cpe", "two", {"id": "two", "extends": "one"})
    assert error_of(path).startswith(f"{path}: extends: one extends 'two' itself")
    self_path = write(folder, "cpe", "me", {"id": "me", "extends": "me"})
    assert error_of(self_path) == f"{self_path}: extends: a profile cannot extend itself"


def test_a_key_the_child_keeps(folder):
    path = write(folder, "cpe", "child", {"id": "child", "extends": "askey-broadcom", "family": "EcoNet"})
    assert error_of(path) == (f"{path}: family: a profile that extends askey-broadcom keeps its family "
                              "('Broadcom'), not 'EcoNet'")
    olt = write(folder, "olt", "zte_other", {"id": "zte_other", "extends": "zte_c300", "vendor": "Huawei"})
    assert error_of(olt, OltProfile).startswith(f"{olt}: vendor: a profile that extends zte_c300 keeps its vendor")


def test_a_bad_key_in_the_child_names_the_child(folder):
    path = write(folder, "cpe", "child", {"id": "child", "extends": "askey-broadcom", "modles": ["X"]})
    assert error_of(path).startswith(f"{path}: modles: Extra inputs are not permitted")


def test_only_olt_and_cpe_profiles_extend(folder):
    path = write(folder, "isp", "mine", {"id": "mine", "extends": "netcenter"})
    assert error_of(path).startswith(f"{path}: extends: only cpe and olt profiles extend another")


def test_extends_must_name_a_profile(folder):
    path = write(folder, "cpe", "child", {"id": "child", "extends": ["askey-broadcom"]})
    assert error_of(path) == f"{path}: extends: must be the id of another cpe profile"


def test_cli_validate_shows_the_error_as_one_line(folder, cli):
    path = write(folder, "cpe", "child", {"id": "child", "extends": "nope"})
    result = cli("profiles", "validate", str(path))
    assert result.code == 3 and f"{path}: extends: unknown cpe profile 'nope'" in result.out + result.err
