"""The scrape configs and alert rules of docs/prometheus.md are what Prometheus's own promtool
accepts (Debian's prometheus package ships it), and every series they name is one netops
writes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

DOC = Path(__file__).parents[2] / "docs" / "prometheus.md"


def _yaml_blocks() -> list[dict]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(), re.S)]


def test_the_scrape_configs_pass_promtool(tmp_path):
    (config,) = [block for block in _yaml_blocks() if isinstance(block, dict) and "scrape_configs" in block]
    path = tmp_path / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    checked = subprocess.run(["promtool", "check", "config", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_alert_rules_pass_promtool_and_name_real_series(tmp_path):
    (rules,) = [block for block in _yaml_blocks() if isinstance(block, dict) and "groups" in block]
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump(rules))
    checked = subprocess.run(["promtool", "check", "rules", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    named = {name for rule in rules["groups"][0]["rules"] for name in re.findall(r"netops_[a-z_]+", rule["expr"])}
    source = (Path(__file__).parents[2] / "netops" / "exporter" / "metrics.py").read_text()
    assert named and all(f'"{name}"' in source for name in named), named
