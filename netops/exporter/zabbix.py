"""The JSON `netops serve` answers Zabbix with (`/probe?target=OLT&module=optical&format=zabbix`).

One HTTP-agent item in the Zabbix template fetches it; low-level discovery reads
`$.discovery.onus` and `$.discovery.pons` (who is there, in port order, nothing that changes every
poll, so Zabbix can discard an unchanged list), and dependent items pick each ONU's and port's values
with JSONPath. A value that was not read is left out of its row (never `null`, never a stale
number): the item's JSONPath then finds nothing and the template discards the value. A scan that
failed has no `discovery` at all, so Zabbix keeps the ONUs it knows instead of losing them; its
`error` says why (empty when the scan worked).
"""

from __future__ import annotations

from typing import Any

from netops.checks.optical import OnuVerdict
from netops.checks.scan_report import OltScanReport, ScanOutcome

OUTAGE_CODES = {None: 0, "los": 1, "dying_gasp": 2}


def _present(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if value is not None}


def onu_row(verdict: OnuVerdict) -> dict[str, Any]:
    r = verdict.reading
    return _present({
        "onu": str(r.onu),
        "pon": str(r.onu.pon),
        "serial": str(r.serial) if r.serial else "",
        "name": r.name or "",
        "description": r.description or "",
        "state": r.state,
        "online": None if r.state is None else int(r.state == "online"),
        "down_cause": r.down_cause,
        "status": int(verdict.status),
        "status_text": verdict.status.label,
        "flags": ",".join(verdict.flags),
        "rx_dbm": r.rx_dbm,
        "tx_dbm": r.tx_dbm,
        "olt_rx_dbm": r.olt_rx_dbm,
        "temperature_c": r.temperature_c,
    })


def document(outcome: ScanOutcome, probe_seconds: float) -> dict[str, Any]:
    """The whole answer for one OLT."""
    doc: dict[str, Any] = {
        "olt": outcome.olt,
        "success": int(isinstance(outcome, OltScanReport) and not outcome.incomplete),
        "incomplete": int(outcome.incomplete),
        "status": int(outcome.status),
        "status_text": outcome.status.label,
        "duration_seconds": round(probe_seconds, 3),
        "error": "",
    }
    if not isinstance(outcome, OltScanReport):
        doc["error"] = str(outcome.error.line())
        return doc
    onus = [onu_row(v) for v in outcome.verdicts]
    pons = [
        {"pon": str(p.pon), "total": p.total, "online": p.online, "offline": p.offline, "los": p.los,
         "dying_gasp": p.dying_gasp, "outage": OUTAGE_CODES[p.outage.kind if p.outage else None],
         "outage_affected": p.outage.affected if p.outage else 0}
        for p in outcome.pons
    ]
    doc.update(
        onus=onus,
        pons=pons,
        discovery={
            "onus": [{key: row[key] for key in ("onu", "pon", "serial", "name", "description")}
                     for row in map(onu_row, sorted(outcome.verdicts, key=lambda v: v.reading.onu))],
            "pons": [{"pon": port["pon"]} for port in pons],
        },
        summary=outcome.summary,
    )
    return doc
