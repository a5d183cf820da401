"""Every message a person reads is marked for translation: a walk over the sources.

A ruff rule cannot tell a message from a dictionary key, so this looks where messages go:
- in netops/cli/: text printed (`echo`, `print`, `warn`, `write`, `Text`, `literal`...), table
  and panel titles and column names, typer help (`help=`, `epilog=`), progress descriptions,
  and module constants named *HELP / *EPILOG;
- everywhere: the message and hint of a netops error (`InputError("...")`, `hint="..."`, the
  `message` argument wherever the error's `__init__` has it), the summary of a result
  (`summary="..."`), progress lines (`notify(...)`, `note(...)`, `warn(...)`), and text that
  travels to them: a literal assigned to a name that says it is a message (`hint = ... or "..."`,
  `result.detail = "..."`), a literal given as a field of a marked message
  (`L_("No cases {value}", value="yet")`: English inside a translated sentence), and words
  joined into a sentence (`' and '.join(...)`).
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
SHOWN_EVERYWHERE = {"notify", "note", "warn"}  # progress lines and warnings handed up to the CLI
SHOWN_KEYWORDS = {"help", "epilog", "short_help", "title", "description", "summary", "hint", "message"}
CONSTANT_SUFFIXES = ("HELP", "EPILOG")
# Names (variables and attributes) whose value is a message or a piece of one: a literal assigned
# to them reaches a person as it is, however many steps later.
MESSAGE_NAMES = {"hint", "message", "summary", "detail", "reason", "doing", "why", "how", "what",
                 "note", "known", "lost", "spread", "action", "phase", "problem", "words", "text",
                 "line", "where", "label", "warning", "reasons", "word", "verdict"}
SUMMARY_ARGUMENT = {"CheckResult": 2}  # CheckResult(name, status, summary, ...)

# (file relative to netops/, the literal's start) -> why it is not a message for people.
ALLOWED: dict[tuple[str, str], str] = {
    ("dns/check.py", ' vs ".join'): "two resolvers' rcodes side by side, also JSON data; 'vs' reads "
                                    "the same in Portuguese and Spanish",
    ("exporter/server.py", " or '.join(MODULES)"): "an HTTP answer to Prometheus, not to a person "
                                                   "at a terminal: English, like JSON",
    ("exporter/server.py", " or '.join(FORMATS)"): "an HTTP answer to Prometheus: English, like JSON",
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


def _message_positions(trees: list[ast.Module], errors: set[str]) -> dict[str, int]:
    """For each error class, the position of its `message` argument (0 unless its `__init__`,
    or a base's, puts another parameter first: `StepFailed(kind, message)`)."""
    own: dict[str, int] = {}
    bases: dict[str, list[str]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in errors:
                bases[node.name] = [_name(base) for base in node.bases]
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        names = [a.arg for a in item.args.posonlyargs + item.args.args][1:]
                        if "message" in names:
                            own[node.name] = names.index("message")

    def position(name: str, seen: frozenset[str] = frozenset()) -> int:
        if name in own:
            return own[name]
        return next((position(b, seen | {name}) for b in bases.get(name, []) if b in bases and b not in seen), 0)

    return {name: position(name) for name in errors}


def _joined_words(node: ast.AST) -> ast.AST | None:
    """`' and '.join(...)`: a separator with a word in it makes a sentence of pieces."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
            and _wordy(node.func.value.value)):
        return node
    return None


def _says_message(name: str) -> bool:
    """`hint`, `reasons`, and a name ending in one (`signal_reasons`, `ticket_text`)."""
    return name in MESSAGE_NAMES or name.rsplit("_", 1)[-1] in MESSAGE_NAMES


def _held(node: ast.AST) -> list[ast.AST]:
    """What a value holds for a person: itself, or each value of a dict and element of a list,
    however nested (`reasons = {"dns": "DNS ok"}`, `[...] or ["no rule"]`). A tuple is left
    whole: in `where, args = ("olt = ?", [olt])` its parts go to different names."""
    if isinstance(node, ast.Dict):
        return [held for value in node.values if value is not None for held in _held(value)]
    if isinstance(node, ast.List):
        return [held for element in node.elts for held in _held(element)]
    if isinstance(node, ast.BoolOp):
        return [held for value in node.values for held in _held(value)]
    if isinstance(node, ast.IfExp):
        return _held(node.body) + _held(node.orelse)
    if isinstance(node, ast.Subscript):
        return _held(node.value)  # `{"ok": "DNS ok", ...}[state]`
    return [node]


def _target_names(targets: list[ast.expr]) -> set[str]:
    return {_name(t) for t in targets if isinstance(t, ast.Name | ast.Attribute)} | {
        _name(e) for t in targets if isinstance(t, ast.Tuple) for e in t.elts}


def _assigned(node: ast.Assign | ast.AnnAssign) -> list[ast.AST]:
    """Literals given to a name that says it is a message (`hint = x or "..."`); in a tuple
    assignment only the values whose target is such a name."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if node.value is None:
        return []
    pairs: list[tuple[set[str], ast.AST]] = []
    for target in targets:
        if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
            pairs += [({_name(t)}, v) for t, v in zip(target.elts, node.value.elts, strict=False)]
        else:
            pairs.append((_target_names([target]), node.value))
    return [hit for names, value in pairs if any(map(_says_message, names))
            for held in _held(value) if (hit := _unmarked(held))]


def _returned(tree: ast.Module) -> list[ast.AST]:
    """Literals a function returns when its name says it makes a message (`_pon_reason`)."""
    found = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and _says_message(function.name):
            found += [hit for node in ast.walk(function) if isinstance(node, ast.Return) and node.value
                      for held in _held(node.value) if (hit := _unmarked(held))]
    return found


def _added(node: ast.Call) -> list[ast.AST]:
    """Literals added to a collection that says it holds messages (`reasons.append("...")`)."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("append", "extend", "insert")
            and _says_message(_name(func.value))):
        return []
    return [hit for arg in node.args for held in _held(arg) if (hit := _unmarked(held))]


def _findings(path: Path, errors: set[str], positions: dict[str, int] | None = None) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    in_cli = path.is_relative_to(PACKAGE / "cli")
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _name(node.func)
            if called in MARKERS:
                # a field of a marked message: English there ends up inside a translated line
                found += [hit for keyword in node.keywords if (hit := _unmarked(keyword.value))]
                continue
            if hit := _joined_words(node):
                found.append(hit)
            if not in_cli:
                found += _added(node)
            shown = called in errors or called in SHOWN_EVERYWHERE or (in_cli and called in SHOWN_CALLS)
            if shown:
                first = (positions or {}).get(called, 0) if called in errors else 0
                found += [hit for arg in node.args[first:first + 1] if (hit := _unmarked(arg))]
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
        elif isinstance(node, ast.Assign | ast.AnnAssign) and not in_cli:
            # domain code hands text up to the CLI; the CLI's own text is checked where it is
            # printed (SHOWN_CALLS above)
            found += _assigned(node)
    if not in_cli and not path.is_relative_to(PACKAGE / "lab"):  # the lab returns device output
        found += _returned(tree)
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
    positions = _message_positions([ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")], errors)
    return [f"netops/{path.relative_to(PACKAGE)}:{line}: {text}"
            for path in paths for line, text in _findings(path, errors, positions)]


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


def test_the_walk_follows_text_on_its_way_to_a_message():
    """English that reaches a message through a name, a field or a join is seen in domain code."""
    probe = PACKAGE / "probe_marked_domain.py"
    probe.write_text(
        "from netops.i18n import L_\n"
        "def f(missing, filtered, parts, result, note):\n"
        "    hint = missing or 'pass --inventory PATH'\n"                                   # 3
        "    raise InputError(L_('No cases {value}', value='match' if filtered else 'yet'))\n"  # 4
        "    raise InputError(L_('the lab runs no {missing}', missing=' and no '.join(parts)))\n"  # 5
        "    note('reading the key back')\n"                                                # 6
        "    result.detail = 'saved'\n"                                                     # 7
        "    raise StepFailed('absent', 'no such radio')\n"                                 # 8
        "    result.detail, result.error = L_('saved'), 'radio_absent'\n"                  # fine: an id
        "    raise StepFailed('absent', L_('no such radio'), hint=L_('a {x}', x=L_('y')))\n"
        "    where = f'{missing}:{parts}'\n"                                              # no words
        "    self.reasons = {'dns': 'DNS ok', 'power': L_('power checked') if note else 'not yet'}\n"  # 12
        "    reasons = [r for r in parts] or [f'no rule for {missing}']\n"                # 13
        "    reasons.append(f'public holiday: {note}')\n"                                  # 14
        "    signal_reasons.append(L_('ONU Rx {rx}', rx=note))\n"                         # fine: marked
        "    word = 'worse than' if note else L_('within')\n"                              # 16
        "    where, args = ('olt = ?', [missing]) if note else ('serial = ?', [])\n"     # SQL, no message
        "def _speed_reason(obs):\n"
        "    return 'speed not measured' if obs else L_('no plan')\n",                      # 19
        encoding="utf-8")
    try:
        errors = {"InputError", "StepFailed"}
        lines = [line for line, _ in _findings(probe, errors, {"InputError": 0, "StepFailed": 1})]
    finally:
        probe.unlink()
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 12, 12, 13, 14, 16, 19]


def test_an_errors_message_is_found_where_its_init_takes_it():
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")]
    positions = _message_positions(trees, _errors())
    assert positions["StepFailed"] == 1 and positions["InputError"] == 0


# -- what netops/cli lays out for a person: every cell, row name, caption and label -----------
#
# The walk above looks at a call's first argument; a table is more than that. Here, in
# netops/cli/ only: every argument of a call that prints or lays out text (a row's cells, a
# column's header, a prompt), `caption=`, each (label, value) pair of a list of rows, and module
# constants shown as labels (a constant named in such a call, or a mapping of ids to words),
# words a helper returns for a cell, and any f-string with words in it (it cannot be marked).

LAID_OUT_CALLS = {"print", "echo", "secho", "add_row", "add_column", "Column", "FitTable", "Table",
                  "Text", "literal", "unbroken", "pasteable", "heading", "prompt", "confirm",
                  "assemble", "key_value_table", "Rule", "rule", "Panel", "progress_bar", "warn"}
LAID_OUT_KEYWORDS = {"caption", "title", "header", "description", "text"}

# (file relative to netops/, the literal's start) -> why it is not text for people.
LAID_OUT_ALLOWED: dict[tuple[str, str], str] = {
    ("cli/optical_output.py", "olt"): "CSV_FIELDS: CSV field names, read by scripts",
    ("cli/optical_output.py", "-o json, -o csv"): "options named as they are typed",
    ("cli/ixc.py", "ponid"): "IXC's own field name, as the IXC screen names it",
    ("cli/ixc.py", "onu_numero"): "IXC's own field name, as the IXC screen names it",
    ("cli/speed.py", "{speeds} Mbit/s"): "a unit after a number",
    ("cli/speed.py", "{mbps:8.1f} Mbit/s"): "a unit after a number",
    ("cli/render.py", "`netops{extra}{words}`"): "a command line, typed as it is",
    ("cli/examples.py", ""): "command lines to paste, typed as they are (their descriptions are "
                             "checked by the walk above)",
}
STYLE_NAME = re.compile(r"(?:(?:bold|dim|italic|underline|reverse) )*(?:red|green|yellow|magenta|blue|cyan|white)")


def _texts(node: ast.AST) -> list[ast.AST]:
    """The unmarked text in `node`: itself, or for a (text, style) or (label, value) pair its
    first element."""
    if isinstance(node, ast.Tuple) and node.elts:
        node = node.elts[0]
    if isinstance(node, ast.Starred):
        node = node.value
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and STYLE_NAME.fullmatch(node.value):
        return []  # a rich style name (`bold red`), not words
    hit = _unmarked(node)
    return [hit] if hit is not None else []


def _row_pairs(node: ast.AST) -> list[ast.AST]:
    """In a list or tuple of (label, value) pairs, each label."""
    if not isinstance(node, ast.List | ast.Tuple) or not node.elts:
        return []
    pairs = [e for e in node.elts if not isinstance(e, ast.Starred)]  # `*([(...)] if x else [])`
    if not pairs or not all(isinstance(e, ast.Tuple) and len(e.elts) == 2 for e in pairs):
        return []
    return [hit for e in pairs for hit in _texts(e)]


def _constant_values(node: ast.AST) -> list[ast.AST]:
    """The strings a module constant holds: itself, the values of a mapping, the elements (or
    pairs' first elements) of a list or tuple."""
    if isinstance(node, ast.Dict):
        return [v for v in node.values if v is not None]
    if isinstance(node, ast.List | ast.Tuple):
        return list(node.elts)
    return [node]


def _laid_out_findings(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    found: list[ast.AST] = []
    shown_names: set[str] = set()  # names used inside a laid-out call, or translated by `_()`
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _name(node.func)
            if called in MARKERS:
                shown_names |= {n.id for arg in node.args for n in ast.walk(arg) if isinstance(n, ast.Name)}
                continue
            if called in LAID_OUT_CALLS:
                for arg in node.args:
                    found += _texts(arg)
                    found += _row_pairs(arg)
                    shown_names |= {n.id for n in ast.walk(arg) if isinstance(n, ast.Name)}
            for keyword in node.keywords:
                if keyword.arg in LAID_OUT_KEYWORDS or (called in LAID_OUT_CALLS and keyword.arg is None):
                    found += _texts(keyword.value)
        elif isinstance(node, ast.List | ast.Tuple):
            found += _row_pairs(node)
        elif isinstance(node, ast.Return) and node.value is not None:
            found += _texts(node.value)  # a helper's words for a cell (`return "no ticket"`)
        elif isinstance(node, ast.JoinedStr) and (hit := _unmarked(node)) is not None:
            found.append(hit)  # an f-string with words can never be translated, wherever it is
    for node in tree.body:  # module constants shown as labels
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
            label_map = isinstance(value, ast.Dict) and value.values and all(
                isinstance(v, ast.Constant | ast.Call) for v in value.values)
            if name.isupper() and (name in shown_names or label_map):
                found += [hit for item in _constant_values(value) for hit in _texts(item)]
    lines = source.splitlines()
    relative = str(path.relative_to(PACKAGE))
    results = set()
    for hit in found:
        text = ast.get_source_segment(source, hit) or lines[hit.lineno - 1]
        if not any(relative == file and text.lstrip("f").lstrip("\"'").startswith(start)
                   for file, start in LAID_OUT_ALLOWED):
            results.add((hit.lineno, text.splitlines()[0][:90]))
    return sorted(results)


def test_every_text_a_table_or_view_shows_is_marked():
    paths = sorted((PACKAGE / "cli").glob("*.py"))
    found = [f"netops/{p.relative_to(PACKAGE)}:{line}: {text}" for p in paths for line, text in _laid_out_findings(p)]
    assert not found, (f"{len(found)} texts shown in netops/cli not marked for translation "
                       "(docs/translating.md):\n" + "\n".join(found))


def test_the_walk_sees_unmarked_cells_rows_and_labels():
    """It must catch an English cell, row name, caption, label constant or f-string, and leave
    marked text, style names, ids and data alone, or it proves nothing."""
    probe = PACKAGE / "cli" / "probe_laid_out.py"
    probe.write_text(
        "from netops.i18n import _, N_\n"
        "LABEL = 'Last down cause'\n"                                        # 2: constant shown
        "WORDS = {'los': 'fibre cut', 'ok': N_('fine')}\n"                   # 3: a label mapping
        "STYLE = {'ok': 'bold green'}\n"                                     # style names
        "FIELDS = ['olt', 'down_cause']\n"                                   # ids, never shown
        "def f(table, console, onu, Text):\n"
        "    table.add_row(_('State'), 'offline')\n"                          # 7: second cell
        "    rows = [('Serial', onu), *([(_('Name'), onu)] if onu else [])]\n"  # 8: a row's name
        "    table = FitTable(caption='times in UTC')\n"                      # 9: caption
        "    console.print(LABEL, Text.assemble(('ok', 'bold green')))\n"     # 10: a (text, style)
        "    line = f'{onu} readings'\n"                                      # 11: an f-string
        "    table.add_row(_('Flags'), onu, style='bold red')\n"              # marked; style
        "    where = [(onu, 'x', FIELDS)]\n"                                  # not a pair
        "    return 'no ticket'\n",                                           # 14: a cell's words
        encoding="utf-8")
    try:
        lines = {line for line, _ in _laid_out_findings(probe)}
    finally:
        probe.unlink()
    assert lines == {2, 3, 7, 8, 9, 10, 11, 14}
