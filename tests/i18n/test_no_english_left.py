"""A translated message is translated all through: the pieces the code fills in (a DNS spread, a
speed verdict's parts, a setting's kind of number, an OLT index field, an IXC action) are messages
too, so a Portuguese line carries no English fragment, while its `str` (what JSON shows) stays the
English it always was.

The Portuguese comes from tests/data/i18n/pt_BR.po (written for this test, see its header),
compiled here with Babel, not from the shipped catalog: the shipped one is regenerated and
translated on its own schedule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from netops import i18n
from netops.dns.verdicts import latency_check, names_check, udp_check
from netops.errors import ConfigError, DeviceTimeout, InputError, NetopsError
from netops.i18n import local
from netops.models import PonRef
from netops.olt.indexes import SCHEMES
from netops.settings import history_retention_days
from netops.speed.policy import Plan, SpeedPolicy, judge
from netops.tickets.ixc import IxcClient
from netops.transport.dns import Reply

SOURCE = Path(__file__).resolve().parents[1] / "data" / "i18n" / "pt_BR.po"
# Words of the English fragments these messages used to be built from.
ENGLISH = re.compile(r"\b(median|min|max|lost|resolved|will not answer|not measured|down|up|"
                     r"of plan|plan|whole number|days|slot|out of range|listing|no message|"
                     r"No cases|yet)\b")


@pytest.fixture
def portuguese(speak_portuguese):
    """netops speaking Brazilian Portuguese from this test's own catalog."""
    with SOURCE.open("rb") as po:
        speak_portuguese(read_po(po, locale="pt_BR"))


def _reply(rcode: str, elapsed_ms: float, records: tuple[str, ...] = ("192.0.2.10",)) -> Reply:
    return Reply(rcode=rcode, flags=frozenset({"QR", "RD", "RA"}), records=records,
                 answer_count=len(records), edns=0, payload=1232, ede=(), elapsed_ms=elapsed_ms,
                 transport="udp")


def _error_of(call) -> NetopsError:  # type: ignore[no-untyped-def]
    with pytest.raises(NetopsError) as raised:
        call()
    return raised.value


def _cases():  # type: ignore[no-untyped-def]
    """(the message, its English as JSON shows it, its Portuguese)."""
    slow = latency_check([_reply("NOERROR", 150.0), _reply("NOERROR", 250.0)], warning_ms=100)
    yield (slow.summary,
           "slow: median 200.0 ms (min 150.0, max 250.0), above 100 ms — pages will open slowly",
           "lento: mediana de 200.0 ms (mínima 150.0, máxima 250.0), acima de 100 ms — as páginas vão abrir devagar")
    silent = [DeviceTimeout("192.0.2.53:53: no answer")] * 3
    dead = udp_check(silent, DeviceTimeout("192.0.2.53:53: no answer"), timeout=2.0)
    yield (dead.summary, "no answer over UDP in 2.0 s (3 of 3 lost)",
           "sem resposta por UDP em 2.0 s (3 de 3 perdidas)")
    names = names_check({"example.com": _reply("NOERROR", 5.0),
                         "example.org": _reply("REFUSED", 5.0, ())}, timeout=2.0)
    yield (names.summary, "example.org: REFUSED (the resolver will not answer this address) (1 of 2 resolved)",
           "example.org: REFUSED (o resolvedor se recusa a responder a este endereço) (1 de 2 resolvidos)")
    speed = judge(92.0, None, Plan("100MB", 100.0, 50.0), SpeedPolicy())
    yield (speed.summary, "down 92.0 Mbit/s, up not measured: down 92% of plan (plan 100MB: 100/50 Mbit/s)",
           "download 92.0 Mbit/s, upload não medido: download a 92% do plano (plano 100MB: 100/50 Mbit/s)")
    days = _error_of(history_retention_days)
    assert isinstance(days, ConfigError)
    yield (days.message, "NETOPS_HISTORY_DAYS='two' is not a whole number of days from 0 to 3650",
           "NETOPS_HISTORY_DAYS='two' não é um número inteiro de dias de 0 a 3650")
    index = _error_of(lambda: SCHEMES["zte_1012"].encode_port(PonRef(1, 300, 1)))
    assert isinstance(index, InputError)
    yield (index.message, "PON port 1/300/1: slot 300 is out of range for this OLT",
           "porta PON 1/300/1: placa 300 está fora do intervalo desta OLT")
    refused = IxcClient(api=None, token_env="NETOPS_IXC_TOKEN")._refused(  # type: ignore[arg-type]
        {"type": "error"}, i18n.L_("the listing of {table}", table="su_ticket"), "su_ticket")
    yield (refused.message, "IXC refused the listing of su_ticket: no message",
           "o IXC recusou a listagem de su_ticket: sem mensagem")


def test_a_translated_message_has_no_english_fragment(portuguese, monkeypatch):
    monkeypatch.setenv("NETOPS_HISTORY_DAYS", "two")
    for message, english, portuguese_text in _cases():
        assert str(message) == english  # JSON and logs: the English of before, to the letter
        shown = local(message)
        assert shown == portuguese_text
        assert not ENGLISH.search(shown), shown


def test_the_english_words_would_be_seen(portuguese, monkeypatch):
    """The check above can fail: a line with an English piece left in it is caught."""
    monkeypatch.setenv("NETOPS_HISTORY_DAYS", "two")
    half = i18n.L_("{name}={text!r} is not {what} from {low:g} to {high:g}", name="X", text="two",
                   what="a whole number of days", low=0, high=3650)  # the old, unmarked fragment
    assert local(half) == "X='two' não é a whole number of days de 0 a 3650"
    assert ENGLISH.search(local(half))


def test_cases_list_says_there_are_none_yet_in_portuguese(portuguese, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NETOPS_DATA_DIR", str(tmp_path / "data"))
    result = cli("cases", "list")
    assert result.code == 0 and result.out == ""
    assert result.err.startswith("Nenhum caso ainda em ") and not ENGLISH.search(result.err), result.err
