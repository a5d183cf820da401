"""Every `netops ...` command netops prints in backquotes (hints, errors, help) works as
printed: the command exists and its own parser accepts the options and values as written,
with the global options this run was given added (`render.hint_commands`), as a user would
paste it.

The commands are found in the sources: every message Babel extracts (the configuration of
the catalogs, so help and docstrings shown as help are in) and every other string literal of
the code, f-strings included, that is not a docstring.
"""

from __future__ import annotations

import ast
import configparser
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from netops.cli import render
from netops.i18n.extract import KEYWORDS
from netops.i18n.extract import extract as netops_extract

from .conftest import command_problem

ROOT = Path(__file__).resolve().parents[2]
QUOTED = re.compile(r"`(netops(?: [^`]*)?)`")
FIELD = re.compile(r"\{([^{}]*)\}")

# What a message's field, and a placeholder word in a help text, stand for, as a user types it.
SAMPLES = {
    "olt": "lab-huawei", "onu": "0/1/0:3", "pon": "0/1/0", "command": "triage",
    "request.host": "192.0.2.1", "task_id": "0123abcd", "task_id or request.host": "0123abcd",
    "task_id or serial": "LAB098OK", "target": "LAB098OK", "host": "192.0.2.1",
}
WORDS = {
    "OLT": "lab-huawei", "ONU": "0/1/0:3", "PROTOCOL": "202607080101", "QUERY": "'low onu'",
    "PATH": "profiles/cpe/askey-broadcom.yaml", "X": "lab-huawei",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            found.add(id(node.body[0].value))
    return found


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else
                       "{" + ast.unparse(part.value) + "}" for part in node.values)  # type: ignore[attr-defined]
    return None


def printed_texts() -> dict[str, str]:
    """Text netops can print -> where it is (file:line)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "netops").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            text = None if id(node) in skip else _literal_text(node)
            if text and "`netops" in text:
                found.setdefault(text, f"{path.relative_to(ROOT)}:{node.lineno}")  # type: ignore[attr-defined]
    config = configparser.ConfigParser()
    config.read(ROOT / "babel.cfg", encoding="utf-8")
    methods = [(s.split(":", 1)[1].strip(), netops_extract) for s in config.sections()
               if s.startswith("netops_python:")]
    for filename, lineno, message, _c, _x in extract_from_dir(ROOT / "netops", method_map=methods,
                                                              keywords=KEYWORDS):
        for text in message if isinstance(message, tuple) else (message,):
            if text and "`netops" in text:
                found.setdefault(text, f"netops/{filename}:{lineno}")
    return found


def hinted_commands() -> list[tuple[str, str]]:
    """(command line with sample values, where it is printed) for every quoted command."""
    commands = []
    for text, where in printed_texts().items():
        for quoted in QUOTED.findall(text):
            if "..." in quoted or "…" in quoted:  # `netops ...`: the pattern, not a command
                continue
            unknown = [name for name in FIELD.findall(quoted) if name.split("!")[0] not in SAMPLES]
            assert not unknown, f"{where}: add a sample value for {unknown} to SAMPLES"
            line = FIELD.sub(lambda m: SAMPLES[m.group(1).split("!")[0]], quoted)
            line = " ".join(WORDS.get(word, word) for word in line.split(" "))
            commands.append((line, where))
    return commands


HINTS = hinted_commands()


def test_the_hints_are_found():
    lines = {line for line, _ in HINTS}
    # a few of the hints the main error paths print (errors of the OLT readers, the lab,
    # the case log, the history)
    assert {"netops lab up", "netops lab up --free-ports", "netops cases list",
            "netops optical scan lab-huawei --pon 0/1/0", "netops optical onu lab-huawei 0/1/0:3",
            "netops wifi status 0123abcd --cancel"} <= lines
    assert len(HINTS) > 20


@pytest.mark.parametrize(("line", "where"), HINTS, ids=[f"{w}:{c}" for c, w in HINTS])
def test_every_hinted_command_works_as_printed(line, where, monkeypatch):
    assert command_problem(line) is None, where
    monkeypatch.setattr(render, "hint_options", [("--inventory", "lab"), ("--isp", "netcenter")])
    completed = QUOTED.findall(render.hint_commands(f"`{line}`"))[0]
    assert "--inventory lab" in completed and "--isp netcenter" in completed
    assert command_problem(completed) is None, where


@pytest.mark.parametrize("line", [
    "netops optical sacn lab-huawei", "netops optical scan lab-huawei --pons 0/1/0",
    "netops optical scan lab-huawei --via telnet", "netops cases show 1 2", "netops --hlep",
    "netops triage -o text --ticket",
])
def test_a_command_that_would_not_run_is_caught(line):
    """The check itself: a typo, an unknown option, a bad choice, a missing value all fail."""
    assert command_problem(line) is not None
