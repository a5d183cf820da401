"""The runbook's wording rule and the policy's own validation."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from netops.errors import ConfigError
from netops.isp import isp_schema
from netops.profiles import load_file
from netops.triage.ticket import Complaint

FORBIDDEN = "abrir ordem de serviço"
PHRASE = "transferir ao setor responsável"
STATES = [
    {"onu_state": "los"},
    {"onu_state": "offline", "down_cause": "dying_gasp"},
    {"onu_state": "offline", "down_cause": "dying_gasp", "power_checked": True},
    {"onu_state": "offline"},
    {"onu_state": "online", "rx_dbm": -30},
    {"onu_state": "online", "dns": "failing"},
    {"onu_state": "online"},
]
TIMES = ["2026-07-08 10:00", "2026-07-08 20:00", "2026-07-12 10:00"]


def test_no_text_in_the_profile_uses_the_forbidden_wording(isp):
    texts = isp.escalation.texts
    for text in [*texts.templates.values(), texts.transfer_now, texts.transfer_later]:
        assert FORBIDDEN not in text.casefold()
        assert "ordem de serviço" not in text.casefold()


@pytest.mark.parametrize("complaint", Complaint.__args__)
def test_every_decision_follows_the_wording_rule(decide_at, complaint):
    for observed, when in itertools.product(STATES, TIMES):
        decision = decide_at(when, complaint=complaint, observed=observed)
        text = decision.message.casefold()
        assert FORBIDDEN not in text
        assert "protocolo p1" in text, (complaint, observed, when)  # read out to the customer
        if decision.level in ("N2", "N3") or decision.route:
            assert PHRASE in text, (complaint, observed, when, decision.message)


def _profile(tmp_path: Path, edit) -> Path:
    source = Path(__file__).resolve().parents[2] / "profiles" / "isp" / "netcenter.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    edit(data["escalation"])
    path = tmp_path / "netcenter.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


BROKEN = [
    (lambda e: e["texts"]["templates"].update(los="Abrir ordem de serviço para a ONU {onu}."),
     "forbidden wording"),
    (lambda e: e.__setitem__("texts", {**e["texts"], "transfer_now": "Transferir agora."}),
     "must say"),
    (lambda e: e["rules"][0]["when"].update(moon_phase="full"), "unknown fact 'moon_phase'"),
    (lambda e: e["rules"][0]["then"].update(action="reboot_olt"), "unknown action"),
    (lambda e: e["rules"][0]["when"].update(onu_state="LSO"), "onu_state: 'LSO' is not one of"),
    (lambda e: e["rules"][0]["when"].update(complaint=["slow", "slwo"]), "'slwo' is not one of"),
    (lambda e: e["rules"][0]["when"].update(low_signal="yes"), "low_signal: 'yes' is not one of"),
    (lambda e: e["rules"][0]["then"].update(template="missing"), "no text template"),
    (lambda e: e["texts"]["templates"].update(los="ONU {onu_serial}"), "unknown placeholder"),
    (lambda e: e["desk"]["windows"][0].update(open="19:00"), "close must be after open"),
    (lambda e: e["protocol"].update(format="{now:%Y}"), "include {seq}"),
]


@pytest.mark.parametrize("edit, message", BROKEN, ids=[b[1] for b in BROKEN])
def test_a_broken_policy_is_rejected_at_load(tmp_path, edit, message):
    with pytest.raises(ConfigError, match="escalation") as info:
        load_file(_profile(tmp_path, edit), isp_schema())
    assert message in str(info.value)
