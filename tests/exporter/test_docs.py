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


def _promtool_accepts(what: str, block: dict, tmp_path: Path) -> None:
    path = tmp_path / f"{what}.yml"
    path.write_text(yaml.safe_dump(block))
    checked = subprocess.run(["promtool", "check", what, str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_scrape_configs_and_alert_rules_pass_promtool(tmp_path):
    blocks = [block for block in _yaml_blocks() if isinstance(block, dict)]
    (config,) = [block for block in blocks if "scrape_configs" in block]
    (rules,) = [block for block in blocks if "groups" in block]
    _promtool_accepts("config", config, tmp_path)
    _promtool_accepts("rules", rules, tmp_path)
    named = {name for rule in rules["groups"][0]["rules"] for name in re.findall(r"netops_[a-z_]+", rule["expr"])}
    source = (Path(__file__).parents[2] / "netops" / "exporter" / "metrics.py").read_text()
    assert named and all(f'"{name}"' in source for name in named), named
