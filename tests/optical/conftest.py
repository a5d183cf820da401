"""The optical tests use the private SNMP lab (`snmp_lab` and `lab_env`, tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

FAST_TIMEOUT = {"timeout_s": 0.3, "retries": 0}


@pytest.fixture
def lab_inventory(snmp_lab) -> dict:
    return yaml.safe_load((snmp_lab / "inventory.yaml").read_text())


@pytest.fixture
def custom_inventory(tmp_path, lab_inventory, monkeypatch):
    """Write an inventory derived from the lab's, with edits, and point NETOPS_INVENTORY at it."""

    def make(edit) -> Path:
        data = yaml.safe_load(yaml.safe_dump(lab_inventory))
        edit(data)
        path = tmp_path / "inventory.yaml"
        path.write_text(yaml.safe_dump(data))
        monkeypatch.setenv("NETOPS_INVENTORY", str(path))
        return path

    return make


@pytest.fixture
def fast_profiles(tmp_path, monkeypatch):
    """User profile folder with a copy of huawei_ma5800 that gives up quickly (0.3 s, no retry)."""
    from netops.profiles import builtin_profiles_dir

    folder = tmp_path / "profiles" / "olt"
    folder.mkdir(parents=True)
    data = yaml.safe_load((builtin_profiles_dir() / "olt" / "huawei_ma5800.yaml").read_text())
    data["id"] = "huawei_fast"
    data["snmp"].update(FAST_TIMEOUT)
    (folder / "huawei_fast.yaml").write_text(yaml.safe_dump(data))
    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path / "profiles"))
    return "huawei_fast"
