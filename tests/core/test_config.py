"""Profiles and inventories: every mistake is one line naming the file and the key."""

import pytest
import yaml


@pytest.fixture
def user_profiles(tmp_path, monkeypatch):
    root = tmp_path / "profiles"
    (root / "olt").mkdir(parents=True)
    (root / "isp").mkdir(parents=True)
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(root))
    return root


def huawei_profile_data():
    from netops.profiles import builtin_profiles_dir

    return yaml.safe_load((builtin_profiles_dir() / "olt" / "huawei_ma5800.yaml").read_text())


def test_shipped_profiles_are_valid(cli, user_profiles):
    result = cli("profiles", "validate", "-o", "json")
    assert result.code == 0, result.out
    kinds = {(p["kind"], p["id"]) for p in result.json()["profiles"]}
    assert {("olt", "huawei_ma5800"), ("olt", "zte_c300"), ("isp", "netcenter")} <= kinds


def test_broken_profile_names_file_and_key(cli, user_profiles):
    data = huawei_profile_data()
    data["id"] = "broken"
    data["snmp"]["columns"]["rx_dbm"]["scale"] = "a lot"
    path = user_profiles / "olt" / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    result = cli("profiles", "validate", str(path))
    assert result.code == 3
    assert str(path) in result.out and "snmp.columns.rx_dbm.scale" in result.out


def test_bad_oid_and_unknown_key(cli, user_profiles):
    data = huawei_profile_data()
    data["id"] = "typo"
    data["snmp"]["columns"]["rx_dbm"]["oid"] = "1.3.6.x"
    data["snmp"]["colums"] = {}
    (user_profiles / "olt" / "typo.yaml").write_text(yaml.safe_dump(data))
    result = cli("profiles", "validate", str(user_profiles / "olt" / "typo.yaml"))
    assert result.code == 3 and "typo.yaml" in result.out


def test_invalid_yaml_names_the_line(cli, user_profiles):
    path = user_profiles / "olt" / "bad.yaml"
    path.write_text("id: bad\nvendor: [unclosed\n")
    result = cli("profiles", "validate", str(path))
    assert result.code == 3 and "bad.yaml" in result.out and "line" in result.out


def test_user_profile_overrides_builtin_and_list_shows_it(cli, user_profiles):
    data = huawei_profile_data()
    data["description"] = "My patched Huawei"
    (user_profiles / "olt" / "huawei_ma5800.yaml").write_text(yaml.safe_dump(data))
    listing = cli("profiles", "list", "-o", "json").json()["profiles"]
    mine = next(p for p in listing if p["id"] == "huawei_ma5800")
    assert mine["source"] == "user" and "My patched Huawei" in mine["description"]
    shown = cli("profiles", "show", "huawei_ma5800", "-o", "json").json()
    assert shown["profile"]["description"] == "My patched Huawei"


def test_show_unknown_profile(cli, user_profiles):
    result = cli("profiles", "show", "nope")
    assert result.code == 3 and "nope" in result.err


def test_broken_isp_profile_is_one_line(cli, user_profiles, tmp_path):
    (user_profiles / "isp" / "netcenter.yaml").write_text(
        "id: netcenter\nname: N\noptical: {onu_rx_critical_below_dbm: -26}\n"
    )
    inventory = tmp_path / "inv.yaml"
    inventory.write_text("olts: {x: {host: 127.0.0.1, profile: huawei_ma5800}}\n")
    result = cli("--inventory", str(inventory), "optical", "onu", "x", "0/1/0:1")
    assert result.code == 3
    assert "netcenter.yaml" in result.err and "optical." in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("olts: [1, 2]\n", "olts"),
        ("olts: {x: {profile: huawei_ma5800}}\n", "olts.x.host"),
        ("olts: {x: {host: h, profile: p, snmp: {version: 2c, port: 70000}}}\n", "port"),
        ("olts: {x: {host: h, profile: p, snmp: {version: 5}}}\n", "snmp"),
        ("- just a list\n", "mapping"),
        ("olts: {x: {host: h\n", "line"),
    ],
)
def test_broken_inventory(cli, tmp_path, content, fragment):
    path = tmp_path / "inventory.yaml"
    path.write_text(content)
    result = cli("--inventory", str(path), "optical", "scan", "x")
    assert result.code == 3
    assert str(path) in result.err and fragment in result.err
    assert "Traceback" not in result.err


def test_missing_inventory_says_where_it_looked(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_INVENTORY", str(tmp_path / "nope.yaml"))
    result = cli("optical", "scan", "x")
    assert result.code == 3 and "nope.yaml" in result.err and "--inventory" in result.err


def test_lab_inventory_when_the_lab_is_down(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_LAB_DIR", str(tmp_path / "nolab"))
    result = cli("--inventory", "lab", "optical", "scan", "lab-huawei")
    assert result.code == 3 and "netops lab up" in result.err


def test_binary_inventory_and_profile_are_one_line_errors(cli, tmp_path, user_profiles):
    path = tmp_path / "inventory.yaml"
    path.write_bytes(b"olts:\n  \xff\xfe\x00garbage\n")
    result = cli("--inventory", str(path), "optical", "scan", "x")
    assert result.code == 3 and "UTF-8" in result.err and str(path) in result.err
    profile = user_profiles / "olt" / "binary.yaml"
    profile.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = cli("profiles", "validate", str(profile))
    assert result.code == 3 and "UTF-8" in result.out


@pytest.mark.parametrize("profile", ["huawei_ma5800", "askey-broadcom", "mitrastar-econet", "netcenter"])
def test_builtin_profiles_show_in_their_pinned_shape(cli, profile, golden):
    """A profile built from a parent (`extends:`) shows as the whole profile it resolves to."""
    result = cli("profiles", "show", profile, "-o", "json")
    assert result.code == 0, result.err
    golden(f"profiles-show-{profile}", result.json())


def test_profile_list_and_matrix_in_their_pinned_shape(cli, golden):
    listing = cli("profiles", "list", "-o", "json")
    assert listing.code == 0, listing.err
    golden("profiles-list", listing.json())
    matrix = cli("profiles", "matrix", "-o", "json")
    assert matrix.code == 0, matrix.err
    golden("profiles-matrix", matrix.json())
