"""The vendor support matrix, generated from the OLT profiles (docs/vendors.md is its output)."""

from __future__ import annotations

from netops.olt.profile import OltProfile
from netops.profiles import iter_profiles

READING_LABELS = {
    "rx_dbm": "ONU Rx",
    "tx_dbm": "ONU Tx",
    "olt_rx_dbm": "OLT Rx",
    "temperature_c": "temperature",
    "down_cause": "last down cause",
    "description": "description",
}


def rows() -> list[dict]:
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
    for row in data:
        lines += ["", f"## `{row['id']}` — {row['vendor']}", ""]
        if row["notes"]:
            lines += ["Known limits:", ""] + [f"- {note}" for note in row["notes"]] + [""]
        if row["sources"]:
            lines += ["Sources:", ""] + [f"- {source}" for source in row["sources"]]
    return "\n".join(lines) + "\n"
