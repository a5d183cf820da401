"""Named computations a profile can use: the hashes and encodings router login pages do in JS.

A hook takes the (already templated) input text and, for `lookup`, the step's table. Adding a
firmware that hashes differently means adding a small function here and naming it in YAML.
"""

from __future__ import annotations

import base64 as _base64
import hashlib
from collections.abc import Callable
from urllib.parse import quote


def md5_hex(text: str, table: dict[str, str]) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def base64(text: str, table: dict[str, str]) -> str:
    return _base64.b64encode(text.encode("utf-8")).decode("ascii")


def xor_1f(text: str, table: dict[str, str]) -> str:
    """Askey EcoNet login obfuscation: every character XOR 0x1F."""
    return "".join(chr(ord(ch) ^ 0x1F) for ch in text)


def percent_lower(text: str, table: dict[str, str]) -> str:
    """Percent-encode every non-alphanumeric character, hex digits in lower case (GPT-2742 JS)."""
    return "".join(ch if ch.isascii() and ch.isalnum() else quote(ch, safe="").lower() for ch in text)


def url_quote(text: str, table: dict[str, str]) -> str:
    """Percent-encode as Python's quote(text, safe=''): what Askey cookie values carry."""
    return quote(text, safe="")


def lookup(text: str, table: dict[str, str]) -> str:
    """Map a page value to what the save request expects; `*` is the fallback entry."""
    if text in table:
        return table[text]
    if "*" in table:
        return table["*"]
    raise KeyError(text)


def band_name(text: str, table: dict[str, str]) -> str:
    """Normalise what a page says about a radio ("2.4GHz", "5 GHz", a table code) to 2.4 or 5."""
    if text in table:
        return table[text]
    cleaned = text.replace(",", ".").replace(" ", "").upper()
    if cleaned.startswith("2.4") or cleaned.startswith("2G"):
        return "2.4"
    if cleaned.startswith("5"):
        return "5"
    return ""


def strip(text: str, table: dict[str, str]) -> str:
    return text.strip()


def local_time(text: str, table: dict[str, str]) -> str:
    """The router's clock-cookies (Askey LoginDate/LoginTime): now, formatted with `text`."""
    from datetime import datetime

    return datetime.now().strftime(text)


HOOKS: dict[str, Callable[[str, dict[str, str]], str]] = {
    "md5_hex": md5_hex,
    "base64": base64,
    "xor_1f": xor_1f,
    "percent_lower": percent_lower,
    "url_quote": url_quote,
    "lookup": lookup,
    "band_name": band_name,
    "strip": strip,
    "local_time": local_time,
}
