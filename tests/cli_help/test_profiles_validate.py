"""`netops profiles validate` lists every mistake of a profile, each as `file: key: message`."""

from __future__ import annotations

import yaml


def _three_mistakes(folder):
    """The shipped Huawei profile with three mistakes a person makes: an id that is not the file
    name, a word where a number goes, a misspelt key."""
    from netops.profiles import builtin_profiles_dir

    data = yaml.safe_load((builtin_profiles_dir() / "olt" / "huawei_ma5800.yaml").read_text())
    data["id"] = "my-huawei"
    data["snmp"]["columns"]["rx_dbm"]["scale"] = "a lot"
    data["snmp"]["colums"] = {}
    path = folder / "olt" / "three.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data))
    return path


EXPECTED_KEYS = ("id", "snmp.columns.rx_dbm.scale", "snmp.colums")


def test_every_mistake_is_a_line_naming_file_and_key(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "none"))
    path = _three_mistakes(tmp_path)
    result = cli("profiles", "validate", str(path))
    assert result.code == 3
    lines = result.out.splitlines()
    assert lines[0] == "invalid olt/three: 3 errors"
    problems = [line.strip() for line in lines[1:]]
    assert len(problems) == 3
    for problem, key in zip(sorted(problems), sorted(EXPECTED_KEYS)):
        assert problem.startswith(f"{path}: {key}: "), problem
    assert any("'my-huawei' must match the file name 'three'" in p for p in problems)
    assert any("Extra inputs are not permitted" in p for p in problems)


def test_every_installed_profile_shows_all_its_mistakes(cli, tmp_path, monkeypatch):
    path = _three_mistakes(tmp_path / "profiles")
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "profiles"))
    result = cli("profiles", "validate", "--kind", "olt")
    assert result.code == 3
    assert "ok olt/huawei_ma5800" in result.out
    assert sum(line.strip().startswith(f"{path}: ") for line in result.out.splitlines()) == 3


def test_json_keeps_one_error_string_naming_the_first_and_the_count(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "none"))
    path = _three_mistakes(tmp_path)
    result = cli("profiles", "validate", str(path), "-o", "json")
    assert result.code == 3
    (row,) = result.json()["profiles"]
    assert row["valid"] is False and row["error"].startswith(f"{path}: ")
    assert row["error"].endswith("(and 2 more)")


def test_one_mistake_is_one_line_without_a_count(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "none"))
    path = tmp_path / "olt" / "bad.yaml"
    path.parent.mkdir()
    path.write_text("id: bad\nvendor: [unclosed\n")  # the YAML parser stops at the first
    result = cli("profiles", "validate", str(path))
    assert result.code == 3
    assert result.out.splitlines()[0] == "invalid olt/bad: 1 error"
    assert f"{path}: line 3: " in result.out  # where the parser gave up: the end of the file
