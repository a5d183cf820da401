"""Messages in the technician's language: English, Brazilian Portuguese or Spanish.

Every text a person reads (help, table headers, summaries, state and flag names in tables,
errors, hints, progress) is written in English in the code, marked with `_()` (translated now)
or `N_()` (marked for extraction, translated where it is shown), and looked up in the gettext
catalogs under `netops/locale/<lang>/LC_MESSAGES/netops.mo`. JSON keys and values are never
translated: scripts depend on them. Ticket text is not here either: it comes from the ISP profile,
in the ISP's language.

The language is chosen once, at first use, from `NETOPS_LANG`, else the POSIX locale variables
(`LC_ALL`, `LC_MESSAGES`, `LANG`, in that order, as gettext does): `pt_BR.UTF-8`, `pt-BR` or `pt`
give Brazilian Portuguese, any `es*` Spanish, anything else (or `C`/`POSIX`) English.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

DOMAIN = "netops"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
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


def _(message: str) -> str:
    """`message` (English, as written in the code) in the chosen language."""
    return catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the chosen language."""
    return catalog(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it here (it is translated when shown)."""
    return message
