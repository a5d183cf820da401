"""Captured router pages for the lab's routers: found, stripped of their header, filled in.

Where a real unit's page was captured publicly (tests/data/cpe/<profile-id>/, each file naming
its source), the lab serves that page itself rather than one of its own making: only the form
values change (the SSID, the key, the token, which radio or option is checked), exactly where a
router's own server would put its current settings. In a source checkout the pages are read from
tests/data/cpe; an installed wheel carries them as netops/_captures/cpe.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_HEADER = re.compile(r"\A<!--\s*netops test data:.*?-->\n", re.S)
_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


def captures_dir() -> Path:
    packaged = _PACKAGE_DIR / "_captures" / "cpe"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / "tests" / "data" / "cpe"


@cache
def captured(profile_id: str, name: str) -> str:
    """The captured page as the router sent it (our provenance header removed)."""
    text = (captures_dir() / profile_id / name).read_text(encoding="utf-8")
    return _HEADER.sub("", text, count=1)


def _attributes(tag: str) -> dict[str, str]:
    return {k.lower(): v.strip("'\"") for k, v in _ATTRIBUTE.findall(tag)}


def _without(tag: str, attribute: str) -> str:
    tag = re.sub(rf"""\s{attribute}\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", "", tag, flags=re.I)
    return re.sub(rf"\s{attribute}(?=[\s/>])", "", tag, flags=re.I)


def _with(tag: str, addition: str) -> str:
    end = "/>" if tag.endswith("/>") else ">"
    return tag[: -len(end)].rstrip() + f" {addition}" + (" />" if end == "/>" else ">")


def set_value(page: str, name: str, value: str) -> str:
    """Every input called `name` shows `value` (escaped as the page would)."""

    def replace(match: re.Match[str]) -> str:
        tag = match.group(0)
        if _attributes(tag).get("name") != name:
            return tag
        return _with(_without(tag, "value"), f'value="{html.escape(value, quote=True)}"')

    return _INPUT.sub(replace, page)


def check_radio(page: str, name: str, *, value: str | None = None, position: int | None = None) -> str:
    """Check the radio of group `name` with this value (or at this position), uncheck the others."""
    seen = -1

    def replace(match: re.Match[str]) -> str:
        nonlocal seen
        tag = match.group(0)
        attributes = _attributes(tag)
        if attributes.get("name") != name or attributes.get("type", "").lower() != "radio":
            return tag
        seen += 1
        tag = _without(tag, "checked")
        chosen = attributes.get("value") == value if value is not None else seen == position
        return _with(tag, "checked") if chosen else tag

    return _INPUT.sub(replace, page)


def select_option(page: str, name: str, value: str, label: str = "") -> str:
    """Select `value` in the select called `name`; a value the page lacks is added, selected."""
    pattern = re.compile(rf"""(<select\b[^>]*\bname\s*=\s*["']?{re.escape(name)}["']?[^>]*>)(.*?)(</select>)""", re.S | re.I)
    match = pattern.search(page)
    if match is None:
        return page
    options = re.sub(r"\sselected(?=[\s>])", "", match.group(2), flags=re.I)
    option = re.compile(rf"""(<option\b[^>]*\bvalue\s*=\s*["']?{re.escape(value)}["']?)(?=[\s>])""", re.I)
    if option.search(options):
        options = option.sub(r"\1 selected", options, count=1)
    else:  # a mode this capture does not list (another firmware would)
        shown = html.escape(label or value)
        options = f'<option value="{html.escape(value, quote=True)}" selected>{shown}</option>' + options
    return page[: match.start(2)] + options + page[match.end(2):]
