"""netops speaking Brazilian Portuguese from a test's own catalog, not the shipped one (the
shipped catalogs are regenerated and translated on their own schedule)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from netops import i18n

PT_BR_PLURALS = "nplurals=2; plural=(n > 1);"


@pytest.fixture
def speak_portuguese(tmp_path, monkeypatch) -> Iterator[Callable[[Catalog | dict[Any, Any]], None]]:
    """`speak_portuguese(catalog)`: compile `catalog` (Babel, or a dict of English -> Portuguese,
    a (singular, plural) pair for a plural) and make it netops's pt_BR for this test; afterwards
    netops forgets it."""

    def install(catalog: Catalog | dict[Any, Any]) -> None:
        if isinstance(catalog, dict):
            catalog = catalog_of(catalog)
        # The shipped catalog's plural rule (gettext's usual one for pt_BR: one form for 0 and 1,
        # one for the rest), not Babel's CLDR default with three forms.
        catalog.mime_headers = [(name, PT_BR_PLURALS if name == "Plural-Forms" else value)
                                for name, value in catalog.mime_headers]
        folder = tmp_path / "locale" / "pt_BR" / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"{i18n.DOMAIN}.mo").open("wb") as mo:
            write_mo(mo, catalog)
        monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
        monkeypatch.setenv("NETOPS_LANG", "pt_BR")
        forget_catalogs()

    yield install
    monkeypatch.undo()
    forget_catalogs()


def catalog_of(messages: dict[Any, Any]) -> Catalog:
    catalog = Catalog(locale="pt_BR", domain=i18n.DOMAIN)
    for english, portuguese in messages.items():
        catalog.add(english, portuguese)
    return catalog


def forget_catalogs() -> None:
    """Catalogs are loaded once per language: a test's own must not outlive it."""
    i18n.catalog.cache_clear()
    i18n._cleaned_catalog.cache_clear()
