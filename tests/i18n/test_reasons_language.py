"""A decision's reasons (the "why" rows) in the reader's language, its JSON in English.

The Portuguese is this test's own catalog (CATALOG below, compiled here with Babel), not the
shipped one. Which messages a reason is made of is read from the source by Babel's extractor,
so a reason built as an English f-string (which extraction cannot see) fails here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import string
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_dir

from netops import i18n
from netops.i18n import Message
from netops.isp import load_isp
from netops.triage.engine import decide
from netops.triage.ticket import parse_ticket

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
BAHIA = ZoneInfo("America/Bahia")

# English message -> the Portuguese this test gives it (a tuple: the singular and plural forms).
CATALOG: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "why": "por quê",
    "ONU state: {state}": "estado da ONU: {state}",
    "complaint: {complaint}": "reclamação: {complaint}",
    "account blocked for late payment": "conta bloqueada por atraso no pagamento",
    "ONU Rx {rx:.2f} dBm worse than {limit:.2f}": "Rx da ONU {rx:.2f} dBm pior que {limit:.2f}",
    "OLT-side Rx {rx:.2f} dBm within {limit:.2f}": "Rx na OLT {rx:.2f} dBm dentro de {limit:.2f}",
    "download {measured} of {contracted} Mbps ({ratio:.0%})":
        "download {measured} de {contracted} Mbps ({ratio:.0%})",
    "upload {measured} of {contracted} Mbps ({ratio:.0%})":
        "upload {measured} de {contracted} Mbps ({ratio:.0%})",
    "{speeds}: below {ratio:.0%} of the plan": "{speeds}: abaixo de {ratio:.0%} do plano",
    "outside desk hours for customers with connection; next window {start}":
        "fora do horário do setor para clientes com conexão; próxima janela {start}",
    ("{count} overdue invoice(s), trust release allowed up to {most}",
     "{count} overdue invoice(s), trust release allowed up to {most}"):
        ("{count} fatura em atraso, desbloqueio de confiança permitido até {most}",
         "{count} faturas em atraso, desbloqueio de confiança permitido até {most}"),
    ("last trust release {count} day(s) ago (one every {interval})",
     "last trust release {count} day(s) ago (one every {interval})"):
        ("último desbloqueio de confiança há {count} dia (um a cada {interval})",
         "último desbloqueio de confiança há {count} dias (um a cada {interval})"),
}


@pytest.fixture
def portuguese(speak_portuguese):
    """netops speaking Brazilian Portuguese from CATALOG alone."""
    speak_portuguese(CATALOG)


def _why(view: str) -> list[str]:
    """The lines of the key-value view's "why" row (the bullets, to the next row or the panel)."""
    lines = view.split("╭")[0].splitlines()
    start = next(index for index, line in enumerate(lines) if line.strip().startswith("por quê"))
    rows = [lines[start].strip().removeprefix("por quê").strip()]
    rows += [line.strip() for line in lines[start + 1:] if line.strip().startswith("•")]
    return [row.removeprefix("• ") for row in rows]


def test_a_decisions_reasons_read_in_portuguese_and_its_json_stays_english(cli, portuguese):
    args = ("triage", "--ticket", str(EXAMPLES / "ticket-slow-line.yaml"), "--at", "2026-07-08T19:00")
    result = cli(*args)
    assert result.code == 0, result.err
    assert _why(result.out) == [
        "estado da ONU: online",
        "download 92.40 de 300 Mbps (31%), upload 140.20 de 150 Mbps (93%): abaixo de 80% do plano",
        "fora do horário do setor para clientes com conexão; próxima janela 2026-07-09T08:00-03:00",
    ]
    data = cli(*args, "-o", "json").json()
    assert data["reasons"] == [
        "ONU state: online",
        "download 92.40 of 300 Mbps (31%), upload 140.20 of 150 Mbps (93%): below 80% of the plan",
        "outside desk hours for customers with connection; next window 2026-07-09T08:00-03:00",
    ]


def test_the_signal_readings_each_read_in_portuguese(cli, portuguese):
    result = cli("triage", "--ticket", str(EXAMPLES / "ticket-low-signal.yaml"), "--at", "2026-07-08T19:00")
    assert result.code == 0, result.err
    assert "Rx da ONU -27.45 dBm pior que -26.00; Rx na OLT -24.30 dBm dentro de -27.00" in _why(result.out)


def test_billing_reasons_take_the_portuguese_plural(cli, portuguese):
    args = ("triage", "--ticket", str(EXAMPLES / "ticket-billing-blocked.yaml"), "--at", "2026-07-08T10:00")
    why = _why(cli(*args).out)
    assert why == ["reclamação: no_connection",  # the complaint is an id, shown as it is
                   "conta bloqueada por atraso no pagamento",
                   "2 faturas em atraso, desbloqueio de confiança permitido até 3",
                   "último desbloqueio de confiança há 120 dias (um a cada 30)"]
    assert cli(*args, "-o", "json").json()["reasons"][2:] == [
        "2 overdue invoice(s), trust release allowed up to 3",
        "last trust release 120 day(s) ago (one every 30)",
    ]


def test_one_day_and_one_invoice_take_the_singular(portuguese):
    isp, at = load_isp("netcenter"), dt.datetime(2026, 7, 8, 10, tzinfo=BAHIA)

    def reasons(**account):
        ticket = parse_ticket({"customer": "C", "olt": "olt-lab", "onu": "0/1/1:1", "complaint": "no_connection",
                               "account": {"blocked": True, **account}})
        return decide(ticket, isp, at, "P1").reasons[2:]

    one_invoice = reasons(overdue_invoices=1, last_trust_release="2026-03-07")
    assert one_invoice[0] == "1 overdue invoice(s), trust release allowed up to 3"
    assert i18n.local(one_invoice[0]) == "1 fatura em atraso, desbloqueio de confiança permitido até 3"
    one_day = reasons(overdue_invoices=1, last_trust_release="2026-07-07")
    assert one_day == ["last trust release 1 day(s) ago (one every 30)"]
    assert i18n.local(one_day[0]) == "último desbloqueio de confiança há 1 dia (um a cada 30)"


# -- every reason the engine gives is made of messages the extraction sees ---------------------

OBSERVED = [
    {}, {"onu_state": "los"}, {"onu_state": "offline", "down_cause": "dying_gasp", "power_checked": True},
    {"onu_state": "online", "rx_dbm": -20.0, "olt_rx_dbm": -29.0, "dns": "failing"},
    {"onu_state": "online", "rx_dbm": -20.0, "dns": "failing"},
    {"onu_state": "online", "dns": "ok", "download_mbps": 95, "upload_mbps": 30},
    {"onu_state": "offline", "no_interaction": True},
    {"onu_state": "offline", "down_cause": "los",
     "pon": {"olt": "olt-lab", "port": "0/1/1", "total": 16, "los": 2, "dying_gasp": 1}},
    {"onu_state": "offline", "down_cause": "los",
     "pon": {"olt": "olt-lab", "port": "0/1/1", "total": 16, "los": 9, "dying_gasp": 0, "outage": "los",
             "affected": 9, "first_down": "2026-07-08T09:00:00", "last_down": "2026-07-08T09:03:00"}},
    {"onu_state": "offline", "down_cause": "dying_gasp",
     "pon": {"olt": "olt-lab", "port": "0/1/1", "total": 16, "los": 0, "dying_gasp": 9,
             "outage": "dying_gasp", "affected": 9, "reported_as": "P0"}},
]
ACCOUNTS = [{}, {"blocked": True, "overdue_invoices": 4}, {"blocked": True, "overdue_invoices": 1, "last_trust_release": "2026-07-07"},
            {"overdue_invoices": 2, "last_trust_release": "2026-07-07"}]
COMPLAINTS = ["no_connection", "slow", "intermittent", "router_password"]
INSTANTS = ["2026-07-08 10:00", "2026-07-08 23:00", "2026-09-07 10:00", "2026-12-24 19:00"]


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    """The message ids Babel's extractor finds in netops/triage (keywords as in babel.cfg)."""
    keywords = {"_": None, "N_": None, "L_": None, "nL_": (1, 2), "ngettext": (1, 2)}
    found = extract_from_dir(str(ROOT / "netops" / "triage"), method_map=[("**.py", "python")],
                             keywords=keywords)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def _joined_only(msgid: str) -> bool:
    """A `joined()` list: only its parts' fields and punctuation."""
    return not re.sub(r"\{part\d+\}", "", msgid).strip(" ;,")


def _unseen(text: object, extracted: set[str]) -> list[str]:
    """What in `text` a translator could never see: a plain str, a message nobody extracts."""
    if not isinstance(text, Message):
        return [repr(text)]
    own = [] if _joined_only(text.msgid) or text.msgid in extracted else [text.msgid]
    fields = {name for _, name, _, _ in string.Formatter().parse(text.msgid) if name}
    return own + [unseen for name in fields
                  for unseen in _unseen_field(name, text.params[name], extracted)]


DATA_FIELDS = {"holiday"}  # a public holiday's name is the calendar's (python-holidays), not ours


def _unseen_field(name: str, value: object, extracted: set[str]) -> list[str]:
    if isinstance(value, Message):
        return _unseen(value, extracted)
    if name not in DATA_FIELDS and isinstance(value, str) and re.search(r"[a-z]{2,} [a-z]{2,}", value, re.I):
        return [f"English words as a field: {value!r}"]
    return []


def _profiles() -> list:
    """Netcenter; with 2026-07-08 as an extra holiday; with only its catch-all rule."""
    isp = load_isp("netcenter")
    policy = isp.escalation
    calendar = policy.desk.holidays.model_copy(update={"extra_dates": [dt.date(2026, 7, 8)]})
    holiday = policy.model_copy(update={"desk": policy.desk.model_copy(update={"holidays": calendar})})
    catch_all = policy.model_copy(update={"rules": [rule for rule in policy.rules if not rule.when]})
    return [isp, isp.model_copy(update={"escalation": holiday}), isp.model_copy(update={"escalation": catch_all})]


def test_every_reason_is_a_message_the_extraction_sees(extracted):
    seen, unseen = set(), []
    for isp, observed in itertools.product(_profiles(), OBSERVED):
        for account in ACCOUNTS:
            for complaint in COMPLAINTS:
                ticket = parse_ticket({"customer": "C", "olt": "olt-lab", "onu": "0/1/1:1", "complaint": complaint,
                                       "observed": observed, "account": account, "plan": {"down_mbps": 100, "up_mbps": 50},
                                       "opened_at": "2026-07-06T08:00"})
                for when in INSTANTS:
                    at = dt.datetime.fromisoformat(when).replace(tzinfo=BAHIA)
                    for reason in decide(ticket, isp, at, "P1").reasons:
                        seen.add(str(reason))
                        unseen += _unseen(reason, extracted)
    assert not unseen, sorted(set(unseen))
    reached = ("ONU Rx ", "OLT-side Rx ", "download ", "DNS failing", "power already checked",
               "the customer stopped answering", "account blocked", "overdue invoice(s)", "day(s) ago",
               "not a mass outage", ": mass outage", "already reported in case", "public holiday: ",
               "deadline already past: ", "inside desk hours", "outside desk hours",
               "no specific rule for complaint", "late payment never reduces the speed",
               "public holiday: extra date in the profile")
    assert [words for words in reached if not any(words in text for text in seen)] == []
