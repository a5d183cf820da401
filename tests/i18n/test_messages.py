"""The language choice and the lazy messages: English where scripts read, translated where people do."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from netops.errors import InputError
from netops.i18n import L_, Message, _, chosen_language, local, ngettext, nL_, normalise
from netops.results import CheckResult, Status, result_from_error


@pytest.mark.parametrize(("environ", "expected"), [
    ({"NETOPS_LANG": "pt_BR", "LANG": "es_MX.UTF-8"}, "pt_BR"),  # NETOPS_LANG first
    ({"LC_ALL": "es_EC.UTF-8", "LC_MESSAGES": "pt_BR.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
    ({"LC_MESSAGES": "pt_BR.UTF-8", "LANG": "es_MX.UTF-8"}, "pt_BR"),
    ({"LANG": "es_MX.UTF-8"}, "es"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),  # a language netops does not speak
    ({}, "en"),
])
def test_language_comes_from_the_environment(environ, expected):
    assert chosen_language(environ) == expected


@pytest.mark.parametrize(("tag", "expected"), [
    ("pt-BR", "pt_BR"), ("pt", "pt_BR"), ("pt_BR.UTF-8@euro", "pt_BR"), ("es_419", "es"),
    ("POSIX", "en"), ("fr_FR", None), ("", None),
])
def test_tags_are_normalised(tag, expected):
    assert normalise(tag) == expected


def test_a_message_is_english_text_and_translates_when_shown(monkeypatch):
    monkeypatch.setenv("NETOPS_LANG", "pt_BR")
    message = L_("netops: warning: {message}", message="x")
    assert isinstance(message, str) and message == "netops: warning: x"
    assert json.dumps({"m": message}) == '{"m": "netops: warning: x"}'
    assert local(message) == "netops: aviso: x"
    monkeypatch.setenv("NETOPS_LANG", "es")
    assert local(message) == "netops: advertencia: x"


def test_fields_are_filled_after_translation_and_nested_messages_follow(monkeypatch):
    monkeypatch.setenv("NETOPS_LANG", "es")
    inner = L_("required")
    outer = L_("netops: error: {message}", message=inner)
    assert str(outer) == "netops: error: required"
    assert outer.local() == "netops: error: obligatorio"


def test_device_text_is_never_looked_up(monkeypatch):
    """A value that happens to be a message id stays as the device wrote it."""
    monkeypatch.setenv("NETOPS_LANG", "pt_BR")
    assert local("required") == "required"
    assert L_("{message}", message="Options").local() == "Options"
    braces = L_("netops: warning: {message}", message="{olt} {0}")  # never a format string
    assert braces.local() == "netops: aviso: {olt} {0}"


def test_plurals(monkeypatch):
    monkeypatch.setenv("NETOPS_LANG", "pt_BR")
    one, many = nL_("{count} ONU", "{count} ONUs", 1), nL_("{count} ONU", "{count} ONUs", 3)
    assert (str(one), str(many)) == ("1 ONU", "3 ONUs")
    assert ngettext("{count} ONU", "{count} ONUs", 3) == "{count} ONUs"  # not in the catalog: English


def test_messages_survive_copy_and_pickle(monkeypatch):
    monkeypatch.setenv("NETOPS_LANG", "pt_BR")
    message = L_("netops: warning: {message}", message=L_("required"))
    for clone in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert isinstance(clone, Message) and clone == message
        assert clone.local() == "netops: aviso: obrigatório"


def test_errors_speak_the_language_on_stderr_and_english_in_json(monkeypatch):
    monkeypatch.setenv("NETOPS_LANG", "pt_BR")
    error = InputError(L_("netops: interrupted"), hint=L_("required"))
    assert error.one_line() == "netops: interrompido — obrigatório"
    assert str(error) == "netops: interrupted"
    assert str(error.line()) == "netops: interrupted — required"
    result = result_from_error("optical", error)
    assert result.to_dict()["summary"] == "netops: interrupted"
    assert json.loads(json.dumps(result.to_dict())) == {
        "name": "optical", "status": "unknown", "summary": "netops: interrupted",
        "error": "bad_input", "hint": "required"}
    assert local(result.summary) == "netops: interrompido"


def test_plain_errors_stay_as_written(monkeypatch):
    monkeypatch.setenv("NETOPS_LANG", "es")
    assert InputError("bad\n  thing", hint="try  again").one_line() == "bad thing — try again"


def test_eager_translation(monkeypatch):
    monkeypatch.setenv("NETOPS_LANG", "es")
    assert _("Options") == "Opciones"
    monkeypatch.setenv("NETOPS_LANG", "en")
    assert _("Options") == "Options"
    assert CheckResult("x", Status.OK, L_("required")).summary == "required"
