"""Every message the code marks is translated, in every language, and the compiled catalogs are
the ones netops loads.

The messages are extracted from the sources here, with Babel's API and the same configuration
`pybabel extract` uses (babel.cfg, netops.i18n.extract), so a string marked in the code and
forgotten in a catalog fails this test, whether or not anyone ran the extraction.
"""

from __future__ import annotations

import configparser
import gettext
import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from netops.i18n import DOMAIN, LANGUAGES, LOCALE_DIR
from netops.i18n.extract import KEYWORDS
from netops.i18n.extract import extract as netops_extract

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [language for language in LANGUAGES if language != "en"]


@cache
def extracted() -> dict[str | tuple[str, str], str]:
    """msgid (a (singular, plural) pair for plurals) -> the first place it is marked."""
    config = configparser.ConfigParser()
    config.read(ROOT / "babel.cfg", encoding="utf-8")
    methods = [(section.split(":", 1)[1].strip(), netops_extract) for section in config.sections()
               if section.startswith("netops_python:")]
    assert methods, "babel.cfg maps no files to netops.i18n.extract"
    assert dict(config.items("extractors"))["netops_python"] == "netops.i18n.extract:extract"
    found: dict[str | tuple[str, str], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / "netops", method_map=methods, keywords=KEYWORDS):
        if isinstance(message, tuple):
            message = (message[0], message[1])
        if message and message[0] if isinstance(message, tuple) else message:
            found.setdefault(message, f"netops/{filename}:{lineno}")
    return found


@cache
def catalog(language: str):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as po:
        return read_po(po, locale=language)


def fields(text: str) -> list[str]:
    """The `{name:spec}` fields and `%` conversions of a message, sorted."""
    found = [f"{{{name}:{spec}}}" for _, name, spec, _ in string.Formatter().parse(text) if name is not None]
    found += re.findall(r"%(?:\(\w+\))?[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]", text)
    return sorted(found)


def test_messages_are_extracted():
    messages = extracted()
    assert "Usage: " in messages  # a marked constant
    assert "Optical levels and state of one customer's ONU." in messages  # a command's docstring
    assert len(messages) > 40


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    po = catalog(language)
    problems = []
    for msgid, where in extracted().items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = po.get(key)
        if entry is None:
            problems.append(f"{where}: not in the catalog: {msgid!r}")
            continue
        if entry.fuzzy:
            problems.append(f"{where}: fuzzy: {msgid!r}")
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(forms):
            problems.append(f"{where}: untranslated: {msgid!r}")
            continue
        if isinstance(msgid, tuple):
            allowed = set(fields(msgid[0])) | set(fields(msgid[1]))
            if entry.id != msgid or any(not set(fields(form)) <= allowed for form in forms) \
                    or fields(forms[-1]) != fields(msgid[1]):
                problems.append(f"{where}: plural fields differ: {msgid!r} -> {forms!r}")
        elif fields(forms[0]) != fields(msgid):
            problems.append(f"{where}: fields differ: {msgid!r} -> {forms[0]!r}")
    assert not problems, f"{language}: {len(problems)} messages (sh scripts/translations.sh update):\n" + "\n".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_has_no_stale_messages(language):
    """A message the code no longer marks goes from the catalog too (`update --ignore-obsolete`)."""
    keys = {m[0] if isinstance(m, tuple) else m for m in extracted()}
    stale = [entry.id for entry in catalog(language) if entry.id and
             (entry.id[0] if isinstance(entry.id, tuple) else entry.id) not in keys]
    assert not stale, f"{language}: in the catalog, marked nowhere: {stale}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalog_matches_the_po(language):
    """The committed .mo (what netops loads) holds exactly the .po's translations."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    po = catalog(language)
    for entry in po:
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):
            for n, form in ((1, entry.string[0]), (5, entry.string[-1])):
                assert compiled.ngettext(entry.id[0], entry.id[1], n) == form, \
                    f"{language}: .mo is older than .po for {entry.id!r} (sh scripts/translations.sh compile)"
        else:
            assert compiled.gettext(entry.id) == entry.string, \
                f"{language}: .mo is older than .po for {entry.id!r} (sh scripts/translations.sh compile)"
    assert len(compiled._catalog) - 1 == sum(  # minus the header
        len(e.string) if isinstance(e.id, tuple) else 1 for e in po if e.id), f"{language}: .mo has extra messages"


def test_plural_forms_are_the_usual_ones():
    assert catalog("pt_BR").plural_forms == "nplurals=2; plural=(n > 1);"
    assert catalog("es").plural_forms == "nplurals=2; plural=(n != 1);"


def test_the_field_check_sees_a_dropped_field():
    """The comparison above must fail on a translation that lost a value, or it proves nothing."""
    assert fields("no ONU {onu} on {olt}") != fields("nenhuma ONU em {olt}")
    assert fields("{rx:.2f} dBm") != fields("{rx} dBm")
    assert fields("%s of %d") != fields("%s")
