"""Messages in the technician's language: English, Brazilian Portuguese or Spanish.

Every text a person reads (help, table headers, summaries, state and flag names in tables,
errors, hints, progress) is written in English in the code and looked up in the gettext catalogs
under `netops/locale/<lang>/LC_MESSAGES/netops.mo`. Four markers, all seen by the extraction
(`pybabel extract`, see babel.cfg and docs/translating.md):

- `_("...", name=value)` translates now: for text the CLI prints at once.
- `N_("...")` only marks: for constants defined at import time (help, column names, labels);
  whoever shows the text translates it then (`_()` on the constant, or the help formatter).
- `L_("... {name} ...", name=value)` is a `Message`: a `str` whose value is the English text
  (what `str()`, JSON, logs and the exporters see), with `.local()` giving the text in the
  chosen language. Domain code builds errors, hints and summaries with it, so that stderr and
  tables speak the technician's language while JSON stays English.
- `nL_(singular, plural, count, ...)` is the same with a plural.

Placeholders are `str.format` fields, filled after translation; a value that is itself a
`Message` is shown in the same language. Device and ticket text is only ever a value, never a
message or a format string. JSON keys and values are never translated: scripts depend on them.
Ticket text is not here either: it comes from the ISP profile, in the ISP's language.

The language is read from `NETOPS_LANG`, else the POSIX locale variables (`LC_ALL`,
`LC_MESSAGES`, `LANG`, in that order, as gettext does) each time a message is shown:
`pt_BR.UTF-8`, `pt-BR` or `pt` give Brazilian Portuguese, any `es*` Spanish, anything else (or
`C`/`POSIX`) English. A catalog is loaded once per language (a compiled `.mo`: cheap; Babel is
never imported at run time).
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path
from typing import Any

DOMAIN = "netops"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("en", "pt_BR", "es")
LANGUAGE_ENV = "NETOPS_LANG"


def normalise(tag: str | None) -> str | None:
    """A locale or language tag as one of LANGUAGES; None when it names none of them."""
    if not tag:
        return None
    base = tag.split(".")[0].split("@")[0].replace("-", "_").strip()
    lowered = base.lower()
    if lowered in ("", "c", "posix"):
        return "en"
    if lowered.startswith("pt"):
        return "pt_BR"
    if lowered.startswith("es"):
        return "es"
    if lowered.startswith("en"):
        return "en"
    return None


def chosen_language(environ: dict[str, str] | None = None) -> str:
    """`NETOPS_LANG`, else the first of LC_ALL, LC_MESSAGES, LANG that is set; English otherwise."""
    env = os.environ if environ is None else environ
    for name in (LANGUAGE_ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return normalise(value) or "en"
    return "en"


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (English is the code's own text)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True)


def language() -> str:
    return chosen_language()


def _(message: str, **params: Any) -> str:
    """`message` (English, as written in the code) in the chosen language, its `{fields}`
    filled from `params` after translation (a `Message` value in the same language)."""
    translated = catalog(language()).gettext(message)
    return _fill(translated, params, local) if params else translated


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the chosen language."""
    return catalog(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it here (it is translated when shown)."""
    return message


class Message(str):
    """English text that can show itself in the chosen language.

    The `str` value is the English message with its fields filled in: what JSON, logs, `repr`
    and comparisons see, so a `Message` goes wherever a `str` goes. `local()` translates the
    message id first and fills the fields after, each field that is a `Message` in the same
    language. A translation whose fields do not match falls back to English rather than fail.
    """

    msgid: str
    plural: str | None
    number: int | None  # what chooses the plural form
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: dict[str, Any] | None = None, *,
                plural: str | None = None, number: int | None = None) -> Message:
        params = dict(params or {})
        english = msgid if plural is None or number == 1 else plural
        self = super().__new__(cls, _fill(english, params, str))
        self.msgid, self.plural, self.number, self.params = msgid, plural, number, params
        return self

    def local(self) -> str:
        """The message in the chosen language."""
        translations = catalog(language())
        if self.plural is None:
            template = translations.gettext(self.msgid)
        else:
            template = translations.ngettext(self.msgid, self.plural, self.number or 0)
        try:
            return _fill(template, self.params, local)
        except (KeyError, IndexError, ValueError, AttributeError):  # a broken translation
            return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.msgid, self.params, self.plural, self.number))


def _restore(msgid: str, params: dict[str, Any], plural: str | None, number: int | None) -> Message:
    return Message(msgid, params, plural=plural, number=number)


def _fill(template: str, params: dict[str, Any], show: Any) -> str:
    if not params:
        return template
    return template.format(**{name: show(value) if isinstance(value, Message) else value
                              for name, value in params.items()})


def L_(msgid: str, **params: Any) -> Message:
    """A message shown in the language of whoever reads it: English in JSON, translated on a
    terminal. `L_("no ONU {onu} on {olt}", onu=onu, olt=name)`: never an f-string."""
    return Message(msgid, params)


def nL_(singular: str, plural: str, count: int, **params: Any) -> Message:
    """`L_` with a plural form chosen by `count` (available to the message as `{count}`)."""
    params.setdefault("count", count)
    return Message(singular, params, plural=plural, number=count)


def joined(parts: list[Any], separator: str = "; ") -> Message:
    """Texts in a row with punctuation between them (a list of problems, of names), each one
    shown in the reader's language. The separator is no word: `' and '.join` would leave English
    in a translated line, so a list that needs words is a message of its own."""
    names = [f"part{index}" for index in range(len(parts))]
    template = separator.replace("{", "{{").replace("}", "}}").join("{" + name + "}" for name in names)
    return Message(template, dict(zip(names, parts)))


def local(text: object) -> str:
    """What a person reads: a `Message` in the chosen language, any other text as it is
    (device and ticket text is data and is never looked up), None as ''."""
    if text is None:
        return ""
    if isinstance(text, Message):
        return text.local()
    return str(text)


def help_text(text: str | None) -> str | None:
    """A help text as typer shows it (docstrings and help strings cleaned of their indentation,
    see `inspect.cleandoc`) in the chosen language; English when there is no translation."""
    if not text:
        return text
    translations = catalog(language())
    found = translations.gettext(text)
    if found != text:
        return found
    return _cleaned_catalog(language()).get(text, text)


@cache
def _cleaned_catalog(language: str) -> dict[str, str]:
    import inspect

    messages = getattr(catalog(language), "_catalog", {})
    return {inspect.cleandoc(msgid): inspect.cleandoc(text) for msgid, text in messages.items()
            if isinstance(msgid, str) and msgid and text}
