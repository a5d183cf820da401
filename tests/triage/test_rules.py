"""One row per runbook rule: the facts in, the decision out (on a Wednesday at 10:00)."""

from __future__ import annotations

import pytest

WEDNESDAY_10 = "2026-07-08 10:00"
ONLINE_OK = {"onu_state": "online", "rx_dbm": -20.0, "olt_rx_dbm": -22.0, "dns": "ok"}
PLAN = {"down_mbps": 100, "up_mbps": 50}

CASES = [
    # id, ticket fields, expected level, route, action, subject, priority, notify
    ("los", {"complaint": "no_connection", "observed": {"onu_state": "los"}},
     "N3", None, None, "Sem Conexão", 1, True),
    ("offline-los", {"complaint": "no_connection",
                     "observed": {"onu_state": "offline", "down_cause": "los"}},
     "N3", None, None, "Sem Conexão", 1, True),
    ("dying-gasp", {"complaint": "no_connection",
                    "observed": {"onu_state": "offline", "down_cause": "dying_gasp"}},
     "N1", None, "power_check", None, 1, False),
    ("dying-gasp-power-checked",
     {"complaint": "no_connection",
      "observed": {"onu_state": "offline", "down_cause": "dying_gasp", "power_checked": True}},
     "N3", None, None, "Sem Conexão", 1, False),
    ("offline", {"complaint": "no_connection",
                 "observed": {"onu_state": "offline", "down_cause": "other"}},
     "N3", None, None, "Sem Conexão", 1, False),
    ("offline", {"complaint": "intermittent", "observed": {"onu_state": "offline"}},
     "N3", None, None, "Sem Conexão", 1, False),
    ("low-signal", {"complaint": "slow", "observed": {**ONLINE_OK, "rx_dbm": -26.01}},
     "N2", None, None, "Suporte N2", 2, False),
    ("low-signal", {"complaint": "intermittent",
                    "observed": {**ONLINE_OK, "olt_rx_dbm": -27.5}},
     "N2", None, None, "Suporte N2", 2, False),
    ("all-fine", {"complaint": "slow", "observed": {**ONLINE_OK, "rx_dbm": -26.0,
                                                    "olt_rx_dbm": -27.0}},
     "N1", None, "customer_guidance", None, 2, False),
    ("dns-failing", {"complaint": "no_connection", "observed": {**ONLINE_OK, "dns": "failing"}},
     "N2", None, None, "Suporte N2", 2, False),
    ("slow-line", {"complaint": "slow", "plan": PLAN,
                   "observed": {**ONLINE_OK, "download_mbps": 79.9, "upload_mbps": 49}},
     "N2", None, None, "Suporte N2", 2, False),
    ("slow-line", {"complaint": "slow", "plan": PLAN,
                   "observed": {**ONLINE_OK, "download_mbps": 95, "upload_mbps": 30}},
     "N2", None, None, "Suporte N2", 2, False),
    ("all-fine", {"complaint": "slow", "plan": PLAN,
                  "observed": {**ONLINE_OK, "download_mbps": 80, "upload_mbps": 40}},
     "N1", None, "customer_guidance", None, 2, False),
    ("unverified-no-connection", {"complaint": "no_connection"},
     "N3", None, None, "Sem Conexão", 1, False),
    ("unverified-degraded", {"complaint": "slow"}, "N2", None, None, "Suporte N2", 2, False),
    # Billing comes before the fibre.
    ("billing-trust-release",
     {"complaint": "no_connection", "account": {"blocked": True, "overdue_invoices": 3},
      "observed": {"onu_state": "los"}},
     "N1", None, "trust_release", None, 3, False),
    ("billing-too-many-overdue",
     {"complaint": "no_connection", "account": {"blocked": True, "overdue_invoices": 4}},
     None, "Financeiro", None, None, 3, False),
    ("billing-trust-release-used",
     {"complaint": "no_connection",
      "account": {"blocked": True, "overdue_invoices": 1, "last_trust_release": "2026-06-09"}},
     None, "Financeiro", None, None, 3, False),
    ("billing-trust-release",
     {"complaint": "no_connection",
      "account": {"blocked": True, "overdue_invoices": 1, "last_trust_release": "2026-06-08"}},
     "N1", None, "trust_release", None, 3, False),
    # Speed is never reduced for late payment: a slow line is a technical case.
    ("slow-line", {"complaint": "slow", "plan": PLAN,
                   "account": {"blocked": True, "overdue_invoices": 5},
                   "observed": {**ONLINE_OK, "download_mbps": 10}},
     "N2", None, None, "Suporte N2", 2, False),
    # Requests that are not faults are routed.
    ("address-change", {"complaint": "address_change"},
     None, "Comercial (ShowRoom)", None, None, 3, False),
    ("cancellation", {"complaint": "cancellation"}, None, "Ouvidoria", None, None, 3, False),
    ("suspension", {"complaint": "suspension"}, None, "Ouvidoria", None, None, 3, False),
    ("fixed-ip", {"complaint": "fixed_ip"}, None, "Contratar PJ", None, None, 3, False),
    ("new-contract", {"complaint": "new_contract"},
     None, "Contratar (Canal Digital)", "collect_contract_data", None, 3, False),
    ("point-change", {"complaint": "point_change"},
     None, "Comercial (ShowRoom)", None, None, 3, False),
    ("router-reset", {"complaint": "router_reset"}, None, None, "bring_to_shop", None, 3, False),
    ("router-password-comodato", {"complaint": "router_password"},
     None, None, "password_restricted", None, 3, False),
    ("router-password-own", {"complaint": "router_password", "equipment": "own"},
     "N2", None, None, "Suporte N2", 3, False),
    ("wifi-key", {"complaint": "wifi_key"}, "N1", None, "wifi_reset", None, 3, False),
    ("other", {"complaint": "other"}, "N1", None, None, None, 3, False),
]


@pytest.mark.parametrize(
    "rule, fields, level, route, action, subject, priority, notify",
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_rule(decide_at, rule, fields, level, route, action, subject, priority, notify):
    decision = decide_at(WEDNESDAY_10, **fields)
    assert decision.rule == rule
    assert (decision.level, decision.route, decision.action) == (level, route, action)
    assert decision.subject == subject
    assert decision.priority == priority
    assert decision.notify_group is notify
    if subject:
        assert decision.sector == "Suporte N2"
    assert decision.reasons, "every decision names the facts that decided"
    assert decision.protocol == "P1"


def test_routes_and_desk_cases_transfer_now_inside_hours(decide_at):
    assert decide_at(WEDNESDAY_10, complaint="cancellation").transfer_now
    assert decide_at(WEDNESDAY_10, complaint="slow", observed={**ONLINE_OK, "rx_dbm": -30}).transfer_now
    assert not decide_at(WEDNESDAY_10, complaint="wifi_key").transfer_now
    assert not decide_at(WEDNESDAY_10, complaint="router_reset").transfer_now


def test_reasons_name_the_deciding_facts(decide_at):
    low = decide_at(WEDNESDAY_10, complaint="slow", observed={**ONLINE_OK, "rx_dbm": -27.5})
    assert "ONU Rx -27.50 dBm worse than -26.00" in low.reasons[1]
    slow = decide_at(WEDNESDAY_10, complaint="slow", plan=PLAN,
                     observed={**ONLINE_OK, "download_mbps": 30})
    assert any("download 30 of 100 Mbps (30%): below 80% of the plan" in r for r in slow.reasons)
    billing = decide_at(WEDNESDAY_10, complaint="no_connection",
                        account={"blocked": True, "overdue_invoices": 4})
    assert any("4 overdue invoice(s)" in r for r in billing.reasons)


def test_new_contract_message_collects_data(decide_at):
    message = decide_at(WEDNESDAY_10, complaint="new_contract").message
    for line in ("Nome Completo:", "CPF:", "Cidade:"):
        assert line in message


def test_wifi_key_message_points_to_the_command(decide_at):
    assert "netops wifi reset" in decide_at(WEDNESDAY_10, complaint="wifi_key").message


def test_evidence_in_portuguese(decide_at):
    message = decide_at(WEDNESDAY_10, complaint="no_connection",
                        observed={"onu_state": "offline", "down_cause": "dying_gasp"}).message
    assert "Causa da última queda: falta de energia (dying gasp)" in message
    assert "Energia já verificada: não" in message


@pytest.mark.parametrize("plan", ["300M", "300m", {"down_mbps": 300, "up_mbps": 150}])
def test_plan_by_name_from_the_profile_or_by_speeds(decide_at, plan):
    slow = decide_at(WEDNESDAY_10, complaint="slow", plan=plan,
                     observed={**ONLINE_OK, "download_mbps": 239.9, "upload_mbps": 150})
    assert slow.rule == "slow-line"
    fine = decide_at(WEDNESDAY_10, complaint="slow", plan=plan,
                     observed={**ONLINE_OK, "download_mbps": 240, "upload_mbps": 120})
    assert fine.rule == "all-fine"
    assert "Plano: " in fine.message and "300/150 Mbps" in fine.message


def test_late_payment_does_not_explain_a_slow_line(decide_at):
    decision = decide_at(WEDNESDAY_10, complaint="slow", plan=PLAN,
                         account={"blocked": True, "overdue_invoices": 5},
                         observed={**ONLINE_OK, "download_mbps": 10})
    assert decision.rule == "slow-line"
    assert "late payment never reduces the speed: a technical case" in decision.reasons
