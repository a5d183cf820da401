"""YAML the user gives netops (inventory, own profiles, tickets): read with a size cap, and a key
written twice is an error naming the file, the key and the lines, never a silent override."""

from __future__ import annotations

import os

import pytest
import yaml

INVENTORY = """\
olts:
  olt-centro:
    host: 10.20.0.2
    profile: huawei_ma5800
    snmp: {{version: "2c", port: 161}}
{extra}"""


@pytest.fixture
def user_profiles(tmp_path, monkeypatch):
    root = tmp_path / "profiles"
    (root / "olt").mkdir(parents=True)
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(root))
    return root


def one_error(result) -> str:
    assert result.code == 3, result.out
    assert result.err.count("\n") == 1 and result.err.startswith("netops: error: ")
    assert "internal error" not in result.err
    return result.err


def test_a_duplicate_olt_in_the_inventory_names_both_lines(cli, tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text(INVENTORY.format(extra="  olt-centro:\n    host: 10.99.0.9\n    profile: zte_c300\n"))
    err = one_error(cli("--inventory", str(path), "optical", "scan", "olt-centro"))
    assert err == f"netops: error: {path}: line 6: duplicate key 'olt-centro' (first on line 2)\n"


def test_a_duplicate_key_inside_a_flow_mapping_is_found_too(cli, tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text(INVENTORY.format(extra="").replace('{version: "2c", port: 161}',
                                                        '{version: "2c", port: 161, port: 1161}'))
    err = one_error(cli("--inventory", str(path), "optical", "scan", "olt-centro"))
    assert "line 5: duplicate key 'port' (first on line 5)" in err


def test_a_merge_key_may_still_be_overridden(tmp_path):
    """`<<: *base` then a key of its own is how YAML overrides on purpose: not a duplicate."""
    from netops.profiles import read_yaml

    path = tmp_path / "inventory.yaml"
    path.write_text("base: &base {port: 161, version: '2c'}\nolt:\n  <<: *base\n  port: 1161\n")
    assert read_yaml(path)["olt"] == {"port": 1161, "version": "2c"}


def test_a_duplicate_key_in_a_user_profile_names_file_key_and_line(cli, user_profiles):
    from netops.profiles import builtin_profiles_dir

    text = (builtin_profiles_dir() / "olt" / "huawei_ma5800.yaml").read_text()
    assert "\nvendor:" in text
    path = user_profiles / "olt" / "huawei_ma5800.yaml"
    path.write_text(text + "vendor: Someone Else\n")
    line = len(text.splitlines()) + 1
    first = text.splitlines().index(next(row for row in text.splitlines() if row.startswith("vendor:"))) + 1
    result = cli("profiles", "show", "huawei_ma5800")
    err = one_error(result)
    assert err == f"netops: error: {path}: line {line}: duplicate key 'vendor' (first on line {first})\n"


def test_a_field_given_twice_in_a_ticket_is_bad_input(cli, tmp_path):
    path = tmp_path / "ticket.yaml"
    path.write_text("customer: Ana\ncomplaint: no_connection\nonu: 0/1/0:1\nonu: 0/1/0:2\n")
    err = one_error(cli("triage", "--ticket", str(path)))
    assert "line 4" in err and "duplicate key 'onu' (first on line 3)" in err


def test_a_json_ticket_with_a_key_twice_is_bad_input(cli, tmp_path):
    path = tmp_path / "ticket.json"
    path.write_text('{"customer": "Ana", "customer": "Bia", "complaint": "wifi_key"}')
    assert "duplicate key 'customer'" in one_error(cli("triage", "--ticket", str(path)))


@pytest.mark.parametrize("size", [1_000_001, 100 * 1024 * 1024])
def test_an_inventory_larger_than_1_mb_is_refused_unread(cli, tmp_path, size):
    path = tmp_path / "inventory.yaml"
    with open(path, "wb") as handle:  # sparse: 100 MB on the file system costs nothing
        handle.write(INVENTORY.format(extra="").encode())
        handle.truncate(size)
    err = one_error(cli("--inventory", str(path), "optical", "scan", "olt-centro"))
    assert err.startswith(f"netops: error: {path}: larger than 1,000,000 bytes")


def test_an_inventory_of_exactly_1_mb_is_read(cli, tmp_path):
    path = tmp_path / "inventory.yaml"
    text = INVENTORY.format(extra="")
    path.write_text(text + "#" * (1_000_000 - len(text) - 1) + "\n")
    result = cli("--inventory", str(path), "optical", "scan", "nowhere")
    assert "unknown OLT 'nowhere'" in one_error(result)


def test_a_user_profile_that_is_dev_zero_is_refused(cli, user_profiles):
    os.symlink("/dev/zero", user_profiles / "olt" / "zte_c300.yaml")
    err = one_error(cli("profiles", "show", "zte_c300"))
    assert "zte_c300.yaml: larger than 1,000,000 bytes" in err


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/tmp"])
def test_an_inventory_that_is_not_a_regular_file_says_so(cli, path):
    err = one_error(cli("--inventory", path, "optical", "scan", "olt-centro"))
    assert err.startswith(f"netops: error: inventory {path} is not a regular file")


def test_an_inventory_nested_too_deeply_is_one_line(cli, tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text("olts: " + "[" * 5000 + "]" * 5000 + "\n")
    err = one_error(cli("--inventory", str(path), "optical", "scan", "olt-centro"))
    assert str(path) in err


def test_the_shipped_profiles_have_no_duplicate_keys():
    """The same strict reading applies to what ships (a duplicate there would be a silent bug)."""
    from netops.profiles import builtin_profiles_dir, read_yaml

    files = sorted(builtin_profiles_dir().glob("*/*.yaml"))
    assert files
    for path in files:
        assert isinstance(read_yaml(path), dict), path
        assert yaml.safe_load(path.read_text()) == read_yaml(path)


def test_a_profiles_folder_that_is_a_file_is_one_line(cli, tmp_path, monkeypatch):
    path = tmp_path / "profiles"
    path.write_text("")
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(path))
    err = one_error(cli("profiles", "list"))
    assert err.startswith(f"netops: error: NETOPS_PROFILES_DIR {path} is not a folder")


def test_a_profiles_folder_that_does_not_exist_means_no_own_profiles(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "none"))
    assert cli("profiles", "list").code == 0
