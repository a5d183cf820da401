"""Text that came from a device or a ticket, made safe to show.

An ONU description, a router's SSID, a page's error text or a customer's name is data typed by
somebody else. Printed as it is, an escape sequence in it can clear the technician's screen, move
the cursor or retitle the terminal, and a bidirectional override can make text read differently
from what it is. `plain()` is applied once, where such text enters netops (parsers, readers,
ticket loading), so everything downstream (tables, CSV, JSON, ticket text) holds inert text.
Console markup is a separate matter: renderers must print such text literally, never as markup.
"""

from __future__ import annotations

import re
import unicodedata

# ANSI/ECMA-48 sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte escapes,
# and their 8-bit forms (CSI U+009B, OSC U+009D).
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]"
)

# Unicode format characters that reorder or hide text (bidi embeddings, overrides and isolates).
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _visible(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def plain(text: str, *, multiline: bool = False) -> str:
    """`text` with escape sequences removed and other control characters made visible (`\\x07`).

    Tabs become a space. Line breaks are kept only with `multiline=True` (a page's message, a
    ticket's free text); in one-line fields (a description, an SSID) they are shown as `\\n`.
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char == "\t":
            out.append(" ")
        elif char == "\n" and multiline:
            out.append(char)
        elif char == "\r" and multiline:
            continue
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in _BIDI_CONTROLS:
            out.append(_visible(char))
        else:
            out.append(char)
    return "".join(out)


def plain_or_none(text: str | None, *, multiline: bool = False) -> str | None:
    """`plain()` for optional fields: None stays None."""
    return None if text is None else plain(text, multiline=multiline)


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form for searching: `JOÃO Conceição` -> `joao conceicao`."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
