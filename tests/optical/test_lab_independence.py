"""The lab is for practice, not evidence: its simulators must not be built from what netops
believes (profiles, decoders, transports), or a wrong profile would be served back to itself."""

from __future__ import annotations

import ast
from pathlib import Path

import netops.lab

FORBIDDEN = ("netops.olt", "netops.transport", "netops.isp", "netops.checks", "netops.cpe",
             "netops.dns", "netops.speed", "netops.triage", "netops.profiles", "netops.profile_kinds")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else f"netops.lab.{node.module}"
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
    return names


def forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)


def test_no_lab_module_imports_netops_domain_code():
    lab = Path(netops.lab.__file__).parent
    offenders = {
        f"{path.name}: {name}"
        for path in sorted(lab.glob("*.py"))
        for name in imported_modules(path)
        if forbidden(name)
    }
    assert not offenders, sorted(offenders)


def test_the_guard_sees_imports_inside_functions(tmp_path):
    """The guard would catch the lab's old habit: a function-level `from netops.olt... import`."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from netops.olt.indexes import SCHEMES\n    import netops.transport.snmp\n")
    assert {name for name in imported_modules(sample) if forbidden(name)} >= {
        "netops.olt.indexes", "netops.transport.snmp"}
