"""A Portuguese reader's tables: the row names, column names, states, down causes and flags an
ONU view, a scan and a decision show are in Portuguese; the JSON of the same run keeps the ids.

The Portuguese is this test's own small catalog (CATALOG below, built and compiled here with
Babel), not the shipped one: the shipped catalogs are regenerated and translated on their own
schedule, and a test must not depend on what a translator wrote there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

# English message -> the Portuguese this test gives it.
CATALOG = {
    # the ONU view's row names
    "Serial": "Número de série",
    "Description": "Descrição",
    "State": "Estado",
    "Last down cause": "Causa da última queda",
    "ONU Rx": "Rx da ONU",
    "ONU Tx": "Tx da ONU",
    "OLT Rx": "Rx na OLT",
    "Temperature": "Temperatura",
    "Distance": "Distância",
    "Last up": "Última subida",
    "Last down": "Última queda",
    "Uptime": "Tempo ligada",
    "Flags": "Alertas",
    "Status": "Situação",
    "{rx} dBm  (critical below {low}, above {high})": "{rx} dBm  (crítico abaixo de {low}, acima de {high})",
    "{rx} dBm  (critical below {low})": "{rx} dBm  (crítico abaixo de {low})",
    # the scan's column names
    "serial": "série",
    "state": "estado",
    "status": "situação",
    "flags": "alertas",
    "description": "descrição",
    # states, down causes and flags
    "online": "em linha",
    "offline": "desligada",
    "dying gasp": "sem energia",
    "{state} ({cause})": "{state} ({cause})",
    "Rx low": "Rx baixo",
    "OLT Rx low": "Rx baixo na OLT",
    "Rx high": "Rx alto",
    "Rx near low": "Rx quase baixo",
    "OLT Rx near low": "Rx quase baixo na OLT",
    # a decision's row names and words
    "protocol": "protocolo",
    "decision": "decisão",
    "action": "ação",
    "subject": "assunto",
    "sector": "setor",
    "priority": "prioridade",
    "transfer": "transferência",
    "deadline": "prazo",
    "notify group": "avisar o grupo",
    "rule": "regra",
    "why": "por quê",
    "now": "agora",
    "yes": "sim",
    "ticket text": "texto do chamado",
    "Decision — protocol {protocol}": "Decisão — protocolo {protocol}",
    "| field | value |": "| campo | valor |",
    "Why": "Por quê",
    "Ticket text": "Texto do chamado",
}


@pytest.fixture
def portuguese(speak_portuguese):
    """netops speaking Brazilian Portuguese from CATALOG alone."""
    speak_portuguese(CATALOG)


def _key_values(text: str) -> dict[str, str]:
    """A key-value view (no box): the name, two spaces or more, the value."""
    pairs = [re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in text.splitlines() if line.strip()]
    return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}


def _boxed(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows' first lines of the first boxed table in `text`."""
    first = text.split("└")[0].splitlines()
    header = next([c.strip() for c in line.strip("┃").split("┃")] for line in first if line.startswith("┃"))
    body = [[c.strip() for c in line[1:-1].split("│")] for line in first
            if line.startswith("│ ") and line.endswith("│")]
    return header, [cells for cells in body if cells[0]]


def test_the_onu_view_names_its_rows_in_portuguese(cli, lab_env, portuguese):
    result = cli("optical", "onu", "lab-huawei", "0/1/0:1")  # offline, LOS
    assert result.code == 2, result.err
    view = _key_values(result.out)
    for english in ("Serial", "Description", "State", "Last down cause", "ONU Rx", "ONU Tx", "OLT Rx",
                    "Temperature", "Distance", "Last up", "Last down", "Uptime", "Flags", "Status"):
        assert CATALOG[english] in view and english not in view, (english, view)
    assert view["Estado"] == "desligada"
    assert view["Causa da última queda"] == "LOS"
    assert view["Alertas"] == "desligada, LOS"
    assert view["Rx da ONU"].startswith("— dBm  (crítico abaixo de -26.00, acima de -8.00)")
    data = cli("optical", "onu", "lab-huawei", "0/1/0:1", "-o", "json").json()
    assert data["state"] == "offline" and data["down_cause"] == "los" and data["flags"] == ["offline", "los"]


def test_the_scan_names_columns_states_and_flags_in_portuguese(cli, lab_env, portuguese):
    result = cli("optical", "scan", "lab-huawei", "--pon", "0/1/0", "--flagged")
    assert result.code == 2, result.err
    header, body = _boxed(result.out)
    assert header[:3] == ["ONU", "série", "estado"] and {"situação", "alertas", "descrição"} <= set(header)
    by_onu = {cells[0]: dict(zip(header, cells, strict=True)) for cells in body}
    assert by_onu["0/1/0:1"]["estado"] == "desligada (LOS)"
    assert by_onu["0/1/0:2"]["estado"] == "desligada (sem energia)"
    assert by_onu["0/1/0:3"]["estado"] == "em linha"
    assert by_onu["0/1/0:3"]["alertas"] == "Rx baixo"
    assert by_onu["0/1/0:4"]["alertas"] == "Rx baixo na OLT"
    assert by_onu["0/1/0:5"]["alertas"] == "Rx alto"
    table = result.out.split("└")[0]
    for raw in ("rx_low", "olt_rx_low", "rx_high", "dying_gasp", "offline (", "online", "Rx low"):
        assert raw not in table, raw  # neither the ids nor the English labels
    onus = cli("optical", "scan", "lab-huawei", "--pon", "0/1/0", "--flagged", "-o", "json").json()["onus"]
    assert {"rx_low", "olt_rx_low", "rx_high"} <= {flag for onu in onus for flag in onu["flags"]}


def test_a_decision_names_its_rows_in_portuguese(cli, portuguese):
    ticket = str(EXAMPLES / "ticket-los.yaml")
    result = cli("triage", "--ticket", ticket, "--at", "2026-07-08T10:00")
    assert result.code == 0, result.err
    view = _key_values(result.out.split("texto do chamado")[0])
    for english in ("protocol", "decision", "action", "subject", "sector", "priority", "transfer",
                    "deadline", "notify group", "rule", "why"):
        assert CATALOG[english] in view and english not in view, (english, view)
    assert view["decisão"] == "N3" and view["transferência"] == "agora" and view["avisar o grupo"] == "sim"
    markdown = cli("triage", "--ticket", ticket, "--at", "2026-07-08T10:00", "--new-case", "-o", "markdown").out
    assert markdown.startswith("## Decisão — protocolo ")
    assert "| campo | valor |" in markdown and "| avisar o grupo | sim |" in markdown
    assert "**Por quê**" in markdown and "**Texto do chamado**" in markdown
    data = cli("triage", "--ticket", ticket, "--at", "2026-07-08T10:00", "-o", "json").json()
    assert data["level"] == "N3" and data["notify_group"] is True


def test_portuguese_column_names_fit_80_columns(cli, lab_env, portuguese, monkeypatch):
    """Longer names in another language: the table still fits, its key columns whole."""
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("optical", "scan", "lab-huawei", "--pon", "0/1/0", "--flagged")
    assert result.code == 2, result.err
    assert max(len(line) for line in result.out.splitlines()) <= 80, result.out
    header, body = _boxed(result.out)
    assert {"ONU", "estado", "Rx", "Rx na OLT", "situação"} <= set(header), header
    by_onu = {cells[0]: dict(zip(header, cells, strict=True)) for cells in body}
    assert by_onu["0/1/0:1"]["estado"] == "desligada (LOS)"
