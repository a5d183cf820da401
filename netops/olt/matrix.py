"""The vendor support matrix, generated from the OLT profiles (docs/vendors.md is its output)."""

from __future__ import annotations

from typing import Any

from netops.olt.profile import OltProfile
from netops.profiles import iter_profiles

READING_LABELS = {
    "rx_dbm": "ONU Rx",
    "tx_dbm": "ONU Tx",
    "olt_rx_dbm": "OLT Rx",
    "temperature_c": "temperature",
    "down_cause": "last down cause",
    "name": "name",
    "description": "description",
    "distance_m": "distance",
    "last_up": "last up time",
    "last_down": "last down time",
}
COLUMN_LABELS = {"serial": "serial number", "state": "run state", **READING_LABELS}
LEVELS = {
    "confirmed": "**confirmed** (published device output)",
    "documented": "documented (vendor MIB/manual text)",
    "inferred": "*inferred* (third-party code or ambiguous text)",
}


def evidence_rows(profile: OltProfile) -> list[tuple[str, str, str, str]]:
    """(item, how it is read, evidence level, source) for every fact of a profile."""
    rows: list[tuple[str, str, str, str]] = []
    for item, evidence in profile.evidence.items():
        rows.append((item, "profile", evidence.level, evidence.source))
    if profile.snmp is not None:
        for name, column in profile.snmp.columns:
            if column is not None:
                level, source = (column.evidence.level, column.evidence.source) if column.evidence else ("inferred", "no evidence recorded")
                rows.append((f"SNMP {COLUMN_LABELS[name]}", f"`{column.oid}`", level, source))
    if profile.cli is not None:
        cli = profile.cli
        for group, commands in (("one ONU", cli.onu), ("whole port", cli.port), ("port fallback", cli.port_fallback),
                                ("discover", cli.discover), ("serial lookup", [cli.serial])):
            for command in commands:
                level, source = (command.evidence.level, command.evidence.source) if command.evidence else ("inferred", "no evidence recorded")
                rows.append((f"CLI {group}", f"`{command.command}`", level, source))
    return rows


def rows() -> list[dict[str, Any]]:
    result = []
    for profile_id, _path, profile in iter_profiles("olt", OltProfile):
        if not isinstance(profile, OltProfile):
            continue
        snmp = profile.snmp
        readings = []
        if snmp:
            readings = [label for key, label in READING_LABELS.items() if getattr(snmp.columns, key) is not None]
        result.append(
            {
                "id": profile_id,
                "vendor": profile.vendor,
                "models": profile.models,
                "snmp": bool(snmp),
                "snmp_readings": readings,
                "index": snmp.index if snmp else None,
                "cli": getattr(profile, "cli", None) is not None,
                "notes": profile.notes,
                "sources": profile.sources,
            }
        )
    return result


def markdown() -> str:
    lines = [
        "# Vendor support matrix",
        "",
        "Generated from the OLT profiles by `netops profiles matrix`; do not edit by hand.",
        "",
        "| profile | vendor | models | SNMP | SNMP readings | index scheme | CLI |",
        "|---|---|---|---|---|---|---|",
    ]
    data = rows()
    for row in data:
        lines.append(
            f"| `{row['id']}` | {row['vendor']} | {', '.join(row['models'])} | "
            f"{'yes' if row['snmp'] else 'no'} | {', '.join(row['snmp_readings']) or '—'} | "
            f"{row['index'] or '—'} | {'yes' if row['cli'] else 'no'} |"
        )
    lines.append("")
    lines.append("Every profile reads the ONU serial number and run state; optical values are only")
    lines.append("trusted while the ONU is online.")
    lines += [
        "",
        "Each fact below says how sure it is: " + "; ".join(LEVELS.values()) + ".",
        "Every profile is also checked against data netops did not write (`tests/data/`, see",
        "`tests/optical/test_contract.py`): hand-written walks from the MIB text for SNMP, published",
        "outputs for the CLI.",
    ]
    profiles = {pid: profile for pid, _path, profile in iter_profiles("olt", OltProfile) if isinstance(profile, OltProfile)}
    for row in data:
        lines += ["", f"## `{row['id']}` — {row['vendor']}", ""]
        lines += ["| item | read from | evidence | source |", "|---|---|---|---|"]
        for item, how, level, source in evidence_rows(profiles[row["id"]]):
            cells = [item, how, LEVELS[level], source]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        lines.append("")
        if row["notes"]:
            lines += ["Known limits:", ""] + [f"- {note}" for note in row["notes"]] + [""]
        if row["sources"]:
            lines += ["Sources:", ""] + [f"- {source}" for source in row["sources"]]
    return "\n".join(lines) + "\n"
