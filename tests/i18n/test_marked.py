"""Every message a person reads is marked for translation: a walk over the sources.

A ruff rule cannot tell a message from a dictionary key, so this looks where messages go:
- in netops/cli/: text printed (`echo`, `print`, `warn`, `write`, `Text`, `literal`...), table
  and panel titles and column names, typer help (`help=`, `epilog=`), progress descriptions,
  and module constants named *HELP / *EPILOG;
- everywhere: the message and hint of a netops error (`InputError("...")`, `hint="..."`), the
  summary of a result (`summary="..."`) and progress lines (`notify(...)`).
A literal there must be marked (`_`, `N_`, `L_`, `nL_`, `ngettext`); an f-string or a `+` of
literals cannot be (extraction does not see it). Text with no word in it (`—`, `ONU`, `{olt}`)
is not a message. What is deliberately not for people is in ALLOWED, with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "netops"
MARKERS = {"_", "N_", "L_", "nL_", "ngettext"}
SHOWN_CALLS = {"echo", "secho", "print", "warn", "write", "Text", "literal", "add_column", "Table",
               "Panel", "progress_bar", "_fail", "fail", "BadParameter", "Rule"}
SHOWN_EVERYWHERE = {"notify"}  # progress lines handed up to the CLI
SHOWN_KEYWORDS = {"help", "epilog", "short_help", "title", "description", "summary", "hint", "message"}
CONSTANT_SUFFIXES = ("HELP", "EPILOG")
SUMMARY_ARGUMENT = {"CheckResult": 2}  # CheckResult(name, status, summary, ...)

# (file relative to netops/, the literal's start) -> why it is not a message for people.
ALLOWED: dict[tuple[str, str], str] = {
}


def _errors() -> set[str]:
    """Names of netops's error classes (the root's subclasses, in errors.py and beyond)."""
    names = {"NetopsError"}
    changed = True
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")]
    while changed:
        changed = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        _name(base) in names for base in node.bases):
                    names.add(node.name)
                    changed = True
    return names


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _wordy(text: str) -> bool:
    """Text with a word in it (fields and placeholders aside)."""
    return re.search(r"[a-z]{2,}", re.sub(r"\{[^{}]*\}", "", text)) is not None


def _unmarked(node: ast.AST | None) -> ast.AST | None:
    """The literal, f-string or concatenation in `node` that is text for people, not marked."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node if _wordy(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return node if _wordy(text) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _unmarked(node.left) or _unmarked(node.right)
    if isinstance(node, ast.IfExp):
        return _unmarked(node.body) or _unmarked(node.orelse)
    if isinstance(node, ast.BoolOp):
        return next((found for value in node.values if (found := _unmarked(value))), None)
    return None  # a call (marked or not: a marked one is fine, another one is computed), a name...


def _findings(path: Path, errors: set[str]) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    in_cli = path.is_relative_to(PACKAGE / "cli")
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _name(node.func)
            if called in MARKERS:
                continue
            shown = called in errors or called in SHOWN_EVERYWHERE or (in_cli and called in SHOWN_CALLS)
            if shown:
                found += [hit for arg in node.args[:1] if (hit := _unmarked(arg))]
            if called in SUMMARY_ARGUMENT and len(node.args) > SUMMARY_ARGUMENT[called]:
                if hit := _unmarked(node.args[SUMMARY_ARGUMENT[called]]):
                    found.append(hit)
            for keyword in node.keywords:
                if keyword.arg in SHOWN_KEYWORDS and (shown or in_cli or keyword.arg in ("hint", "summary")):
                    if hit := _unmarked(keyword.value):
                        found.append(hit)
        elif in_cli and isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith(CONSTANT_SUFFIXES) for t in node.targets):
            if hit := _unmarked(node.value):
                found.append(hit)
    lines = source.splitlines()
    relative = str(path.relative_to(PACKAGE))
    results = []
    for hit in found:
        text = ast.get_source_segment(source, hit) or lines[hit.lineno - 1]
        if not any(relative == file and text.lstrip("f").lstrip("\"'").startswith(start)
                   for file, start in ALLOWED):
            results.append((hit.lineno, text.splitlines()[0][:90]))
    return results


def unmarked_messages(paths: list[Path]) -> list[str]:
    errors = _errors()
    return [f"netops/{path.relative_to(PACKAGE)}:{line}: {text}"
            for path in paths for line, text in _findings(path, errors)]


def test_every_message_for_people_is_marked():
    found = unmarked_messages(sorted(PACKAGE.rglob("*.py")))
    assert not found, f"{len(found)} messages not marked for translation (docs/translating.md):\n" + "\n".join(found)


def test_the_walk_sees_unmarked_messages(tmp_path):
    """It must catch what an unmarked message looks like, or it proves nothing."""
    probe = PACKAGE / "cli" / "probe_marked.py"
    probe.write_text(
        "from netops.i18n import _, L_, N_\n"
        "HELP = 'Do a thing.'\n"                                   # 2: unmarked help constant
        "def f(console, olt, typer):\n"
        "    console.print(f'OLT {olt} not scanned')\n"            # 4: f-string printed
        "    raise InputError('bad ONU id', hint=L_('use F/S/P'))\n"  # 5: unmarked error
        "    raise InputError(L_('bad ONU id {x}', x=olt), hint='try ' + olt)\n"  # 6: unmarked hint
        "    console.print(_('fine'), '—', f'{olt}')\n"            # marked, or no words
        "    typer.Option('--via', help=N_('How to reach it.'))\n"
        "    typer.Option('--via', help='How to reach it.')\n",   # 9: unmarked help
        encoding="utf-8")
    try:
        lines = [line for line, _ in _findings(probe, {"InputError"})]
    finally:
        probe.unlink()
    assert lines == sorted(lines) and set(lines) == {2, 4, 5, 6, 9}
