"""Wi-Fi keys: generated from `secrets`, validated before anything is sent to a router.

Generated keys avoid characters a customer misreads over the phone (0/O, 1/l/I) and everything
that breaks query strings or router pages (space, quotes, backslash, & + % # = ? /): 12 characters
over a 57-symbol alphabet is about 70 bits, plenty against offline WPA2 guessing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string

from netops.errors import InputError
from netops.i18n import L_, joined

ALPHABET = "".join(
    ch for ch in string.ascii_letters + string.digits if ch not in "0O1lI"
)
DEFAULT_LENGTH = 12
_HEX64 = re.compile(r"^[0-9A-Fa-f]{64}$")


def generate_key(length: int = DEFAULT_LENGTH, forbidden: str = "") -> str:
    alphabet = "".join(ch for ch in ALPHABET if ch not in forbidden)
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _describe(ch: str) -> str:
    return L_("a space") if ch == " " else repr(ch)


def validate_key(key: str, forbidden: str = "", allow_hex64: bool = True) -> None:
    """WPA2 rules (8-63 printable ASCII, or 64 hex digits), then the profile's own refusals.

    Messages never repeat the key; they name the offending character class or position.
    """
    if _HEX64.match(key):
        if not allow_hex64:
            raise InputError(L_("this router does not accept a 64-hex-digit PSK"), hint=L_("use an 8-63 character key"))
        return
    if not 8 <= len(key) <= 63:
        raise InputError(
            L_("the Wi-Fi key has {count} characters; WPA2 needs 8 to 63 (or 64 hex digits)", count=len(key))
        )
    for position, ch in enumerate(key, 1):
        if not 0x20 <= ord(ch) <= 0x7E:
            raise InputError(
                L_("the Wi-Fi key has a non-printable or non-ASCII character at position {position}", position=position),
                hint=L_("use printable ASCII only"),
            )
    bad = sorted({ch for ch in key if ch in forbidden})
    if bad:
        raise InputError(
            L_("the Wi-Fi key contains {value}, which this router's page refuses", value=joined([_describe(ch) for ch in bad], ", ")),
            hint=L_("choose another key or use --generate"),
        )


def validate_ssid(ssid: str) -> None:
    raw = ssid.encode("utf-8")
    if not 1 <= len(raw) <= 32:
        raise InputError(L_("the SSID must be 1 to 32 bytes long (got {count})", count=len(raw)))
    if ssid != ssid.strip() or "  " in ssid:
        raise InputError(L_("the SSID must not start or end with a space or contain two spaces in a row"))
    if any(ch in ssid for ch in "\"'") or any(ord(ch) < 0x20 for ch in ssid):
        raise InputError(L_("the SSID must not contain quotes or control characters"))


def fingerprint(key: str, salt: bytes) -> str:
    """A salted fingerprint: proves which key was set without storing anything that reveals it."""
    digest = hmac.new(salt, key.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"hmac-sha256:{digest[:20]}"
