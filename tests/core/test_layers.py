"""Layers go one way: a test that walks every import in netops/ (function-level ones included).

The allowed map is written once, here, as data; docs/architecture.md shows the same map (a test
below keeps the two equal). A package may import its own modules and any package in a layer
below its own, never one in its own layer or above. Imports under `if TYPE_CHECKING:` are for
the type checker only and create no dependency at run time; they are not walked. The module
graph (same-package imports included) has no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "netops"

# Top to bottom. Each line is one layer; names are netops's subpackages and bottom modules.
LAYERS: list[tuple[str, ...]] = [
    ("__main__",),
    ("cli",),  # typer and rich live here; the only user of the lab
    ("tickets", "exporter"),  # the IXC ticket workflow (runs triage); Prometheus and Zabbix outputs
    ("triage",),  # escalation: diagnose a ticket, decide, keep the case log
    ("checks", "history"),  # verdicts on readings; the local history of readings
    ("olt", "cpe", "dns", "speed"),  # the devices and services, one package each
    ("transport", "lab"),  # protocol libraries; the lab's simulated devices (practice, not proof)
    ("isp", "profile_kinds"),  # profiles assembled from the sections the capabilities name
    ("settings",),  # the inventory and secrets
    ("profiles", "results"),  # profile loading and validation; the one result type
    ("models", "text", "files"),  # ONU identifiers and limits; device text made plain; private files
    ("errors", "netops"),  # the one error root; the version
    ("i18n",),  # messages in the user's language (errors are shown in it)
]

# What the lab may use (it simulates devices from data files, never from netops's own readers).
LAB_MAY_IMPORT = {"errors", "i18n", "models", "text", "lab"}


MODULES = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
           for p in PACKAGE.rglob("*.py")}


def _rank() -> dict[str, int]:
    return {name: depth for depth, layer in enumerate(LAYERS) for name in layer}


def _module_name(path: Path) -> str:
    if not path.is_relative_to(ROOT):  # a probe file of the walker's own test
        return "netops.probe"
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every `netops...` module imported by the file, anywhere but under TYPE_CHECKING."""
    module = _module_name(path)
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if path.name == "__init__.py" else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from netops.cli import render` imports the module netops.cli.render; a name that
            # is no module (`from netops.errors import InputError`) is the module `target`'s
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in MODULES else target, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return [(name, line) for name, line in found if name == "netops" or name.startswith("netops.")]


def _graph() -> dict[str, list[tuple[str, int]]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, list[tuple[str, int]]] = {}
    for module, path in files.items():
        graph[module] = [(name, line) for name, line in _imports(path) if name in files and name != module]
    return graph


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "netops"


def wrong_way_edges() -> list[str]:
    rank = _rank()
    wrong = []
    for module, targets in sorted(_graph().items()):
        source = _top(module)
        for target, line in targets:
            dest = _top(target)
            if dest == source:
                continue
            if source == "lab" and dest not in LAB_MAY_IMPORT:
                wrong.append(f"{module}:{line} imports {target} (the lab uses no reader, transport or profile)")
            elif dest == "lab" and source != "cli":
                wrong.append(f"{module}:{line} imports {target} (only cli/ uses the lab)")
            elif rank[dest] <= rank[source] and dest != "lab":
                wrong.append(f"{module}:{line} imports {target} ({source} may not import {dest})")
    return wrong


def cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph = {module: sorted({t for t, _ in targets}) for module, targets in _graph().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                strong(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            strong(module)
    return found


def test_every_package_has_a_layer():
    packages = {_top(_module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert packages <= set(_rank()), f"not in LAYERS: {sorted(packages - set(_rank()))}"


def test_imports_go_one_way():
    assert wrong_way_edges() == []


def test_no_import_cycles():
    assert cycles() == []


def test_the_walker_sees_function_level_and_relative_imports(tmp_path):
    """The walk must catch what a wrong-way edge looks like in practice, or it proves nothing."""
    probe = tmp_path / "probe.py"
    probe.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from netops.cli import app\n"
                     "def f():\n    from netops.lab import state\n    import netops.olt.service\n"
                     "    from netops.errors import InputError\n")
    names = {name for name, _ in _imports(probe)}
    assert names == {"netops.lab.state", "netops.olt.service", "netops.errors"}  # not the typing-only one


def layer_diagram() -> str:
    """The map as docs/architecture.md shows it (top to bottom, one layer a line)."""
    return "\n".join(" | ".join(f"{name}/" if (PACKAGE / name).is_dir() else f"{name}.py"
                                for name in layer if name not in ("__main__", "netops"))
                     for layer in LAYERS if [n for n in layer if n not in ("__main__", "netops")])


def test_architecture_doc_shows_this_map():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert f"```text\n{layer_diagram()}\n```" in doc, "docs/architecture.md: update the layer map:\n" + layer_diagram()
