"""Read HTML forms the way a browser would submit them (inputs, checked radios, selected options).

Router pages keep the current settings in their forms; a save must resend them all, so the
runner needs each form's fields exactly as the page's own submit button would send them.
One departure: a checked radio without a value reads as its position in the group ("0" for the
first), because that is what the router pages' own scripts send (e.g. Mitrastar's HideSSID).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

_SKIPPED_TYPES = {"submit", "button", "image", "reset", "file"}


@dataclass
class Form:
    name: str = ""
    id: str = ""
    action: str = ""
    method: str = "GET"
    fields: dict[str, str] = field(default_factory=dict)

    def matches(self, ref: str) -> bool:
        return ref in (self.name, self.id) or ref in self.fields


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.loose = Form(name="(page)")
        self._current: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option_value: str | None = None
        self._textarea: str | None = None
        self._pending_selected = False
        self._radio_count: dict[tuple[int, str], int] = {}
        self._text: list[str] = []

    @property
    def _target(self) -> Form:
        return self._current or self.loose

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "form":
            self._current = Form(
                name=a.get("name", ""), id=a.get("id", ""), action=a.get("action", ""),
                method=(a.get("method") or "GET").upper(),
            )
            self.forms.append(self._current)
        elif tag == "input":
            name = a.get("name") or a.get("id")
            kind = a.get("type", "text").lower()
            if not name or kind in _SKIPPED_TYPES:
                return
            if kind == "radio":
                position = self._radio_count.get((id(self._target), name), 0)
                self._radio_count[(id(self._target), name)] = position + 1
                if "checked" in a:
                    # a group without values: its position, which is what the pages' scripts read
                    self._target.fields[name] = a["value"] if "value" in a else str(position)
                return
            if kind == "checkbox":
                if "checked" in a:
                    self._target.fields[name] = a.get("value", "on")
                return
            self._target.fields[name] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name") or a.get("id")
            self._select_first = None
            self._select_chosen = False
        elif tag == "option" and self._select:
            self._option_value = a.get("value")
            self._text = []
            self._pending_selected = "selected" in a
            self._select_chosen = self._select_chosen or self._pending_selected
        elif tag == "textarea":
            self._textarea = a.get("name") or a.get("id")
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select:
            value = self._option_value if self._option_value is not None else "".join(self._text).strip()
            if self._select_first is None:
                self._select_first = value
            if self._pending_selected:
                self._target.fields[self._select] = value
            self._option_value = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._target.fields[self._select] = self._select_first
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._target.fields[self._textarea] = "".join(self._text)
            self._textarea = None
        elif tag == "form":
            self._current = None


@lru_cache(maxsize=8)
def parse_forms(html: str) -> tuple[list[Form], Form]:
    """Every form on the page, plus the fields found outside any form.

    Cached: a read flow asks the same page (real ones are 50 kB) for a dozen fields. Callers
    must not change the forms they get.
    """
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms, parser.loose


def find_field(html: str, names: list[str]) -> str | None:
    """The value of the first of `names` found in any form (or outside one)."""
    forms, loose = parse_forms(html)
    for name in names:
        for form in [*forms, loose]:
            if name in form.fields:
                return form.fields[name]
    return None


def find_form(html: str, ref: str) -> Form | None:
    forms, _ = parse_forms(html)
    for form in forms:
        if form.matches(ref):
            return form
    return None
