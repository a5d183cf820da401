"""A mass outage is one case for the port; the runbook's "falta de interação" rule."""

from __future__ import annotations

from netops.triage.caselog import CaseLog
from netops.triage.outage import earlier_case

LOS_PORT = {"olt": "olt-lab", "port": "0/1/1", "total": 16, "los": 12, "dying_gasp": 0, "outage": "los",
            "affected": 12, "first_down": "2026-07-08T04:31:02+00:00", "last_down": "2026-07-08T04:31:50+00:00"}
POWER_PORT = {**LOS_PORT, "los": 0, "dying_gasp": 10, "outage": "dying_gasp", "affected": 10}
QUIET_PORT = {**LOS_PORT, "los": 1, "outage": "none", "affected": 0, "first_down": None, "last_down": None}
OFFLINE_LOS = {"onu_state": "offline", "down_cause": "los"}


def test_mass_los_is_one_n3_with_the_group_notice(decide_at):
    decision = decide_at("2026-07-08 10:00", complaint="no_connection", observed={**OFFLINE_LOS, "pon": LOS_PORT})
    assert (decision.rule, decision.level, decision.notify_group) == ("mass-outage-los", "N3", True)
    assert "Falha coletiva na PON 0/1/1 (olt-lab): 12 de 16 ONUs em LOS" in decision.message
    assert "entre 08/07/2026 01:31:02 e 01:31:50" in decision.message  # the ISP's time zone
    assert "os outros 11 clientes afetados entram neste mesmo caso" in decision.message
    assert decision.reasons[0].startswith("PON 0/1/1: 12 of 16 ONUs down with LOS between")
    assert "mass outage (at least 4 ONUs and 50% of the port within 5 minutes)" in decision.reasons[0]


def test_later_customers_of_the_port_are_attached_to_the_first_case(decide_at):
    pon = {**LOS_PORT, "reported_as": "202607080001"}
    decision = decide_at("2026-07-08 10:05", complaint="no_connection", observed={**OFFLINE_LOS, "pon": pon})
    assert (decision.rule, decision.level, decision.action, decision.notify_group) == (
        "mass-outage-reported", None, "attach_to_outage", False)
    assert "vincular este atendimento ao protocolo 202607080001" in decision.message
    assert "this outage was already reported in case 202607080001" in decision.reasons


def test_many_dying_gasps_are_a_power_cut_not_the_fibre(decide_at):
    observed = {"onu_state": "offline", "down_cause": "dying_gasp", "pon": POWER_PORT}
    decision = decide_at("2026-07-08 10:00", complaint="no_connection", observed=observed)
    assert (decision.rule, decision.level, decision.action, decision.notify_group) == (
        "mass-outage-power", "N1", "area_power_cut", True)
    assert "Falta de energia na região da PON 0/1/1" in decision.message and "Não é falha da fibra" in decision.message


def test_a_port_that_is_not_an_outage_is_said_and_the_usual_rule_decides(decide_at):
    decision = decide_at("2026-07-08 10:00", complaint="no_connection", observed={**OFFLINE_LOS, "pon": QUIET_PORT})
    assert decision.rule == "offline-los"
    assert any("not a mass outage" in reason for reason in decision.reasons)


def test_no_interaction_with_los_is_n3_and_the_group(decide_at):
    decision = decide_at("2026-07-08 10:00", complaint="no_connection", observed={**OFFLINE_LOS, "no_interaction": True})
    assert (decision.rule, decision.level, decision.notify_group) == ("no-interaction-offline-los", "N3", True)
    assert "deixou de interagir" in decision.message and "Gerar N3" in decision.message
    decision = decide_at("2026-07-08 10:00", complaint="no_connection",
                         observed={"onu_state": "los", "no_interaction": True})
    assert decision.rule == "no-interaction-los"


def test_no_interaction_otherwise_informs_the_group_and_closes(decide_at):
    for observed in ({"onu_state": "offline", "down_cause": "dying_gasp", "no_interaction": True},
                     {"onu_state": "online", "rx_dbm": -20.0, "no_interaction": True}):
        decision = decide_at("2026-07-08 10:00", complaint="no_connection", observed=observed)
        assert (decision.level, decision.action, decision.notify_group) == (None, "close", True), observed
        assert "Informar o grupo e finalizar o atendimento" in decision.message


def test_an_answering_customer_is_not_closed(decide_at):
    decision = decide_at("2026-07-08 10:00", complaint="no_connection",
                         observed={"onu_state": "offline", "down_cause": "dying_gasp"})
    assert decision.rule == "dying-gasp"


def test_a_bad_port_time_in_a_ticket_is_bad_input(decide_at):
    import pytest

    from netops.errors import InputError

    with pytest.raises(InputError, match="observed.pon.first_down"):
        decide_at("2026-07-08 10:00", complaint="no_connection",
                  observed={**OFFLINE_LOS, "pon": {**LOS_PORT, "first_down": "yesterday"}})


def test_the_first_case_of_an_outage_is_found_in_the_case_log(case_db, isp):
    log = CaseLog(case_db)
    ticket = {"olt": "olt-lab", "observed": {"pon": LOS_PORT}}
    with log.writing() as writer:
        writer.record("diagnose", ticket, {"protocol": "P-1", "rule": "mass-outage-los"})
        writer.record("diagnose", {"olt": "olt-lab", "observed": {"pon": {**LOS_PORT, "port": "0/1/2"}}},
                      {"protocol": "P-2", "rule": "mass-outage-los"})
    assert earlier_case("olt-lab", LOS_PORT, isp, log) == "P-1"
    assert earlier_case("olt-other", {**LOS_PORT, "olt": "olt-other"}, isp, log) is None
    assert earlier_case("olt-lab", QUIET_PORT, isp, log) is None
    later = {**LOS_PORT, "first_down": "2099-01-01T00:00:00+00:00"}  # an outage that began after that case
    assert earlier_case("olt-lab", later, isp, log) is None
