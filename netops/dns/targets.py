"""What the technician types: resolver addresses and test names, checked before any query.

A resolver is `IP`, `IP:PORT`, `[IPv6]:PORT` or a bare IPv6 address (port 53). Names are checked
against the DNS length and label rules, and international names are turned into their ASCII
(`xn--`) form, so a typo becomes a one-line error instead of a strange answer.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from netops.errors import InputError
from netops.i18n import L_

DNS_PORT = 53
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class Resolver:
    """One resolver to check: an IP address and a port."""

    address: str
    port: int = DNS_PORT

    @property
    def is_ipv6(self) -> bool:
        return ":" in self.address

    def __str__(self) -> str:
        if self.port == DNS_PORT:
            return self.address
        return f"[{self.address}]:{self.port}" if self.is_ipv6 else f"{self.address}:{self.port}"


def parse_resolver(text: str) -> Resolver:
    """`IP`, `IP:PORT`, `[IPv6]:PORT`, `[IPv6]` or a bare IPv6 address."""
    raw = text.strip()
    if not raw:
        raise InputError(L_("empty resolver address"), hint=L_("give an IP address such as 170.82.12.3"))
    port_text: str | None = None
    if raw.startswith("["):
        host, sep, rest = raw[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise InputError(
                L_("malformed resolver address {text!r}", text=text),
                hint=L_("write IPv6 with a port as [2001:db8::1]:53"),
            )
        port_text = rest[1:] if rest else None
        if rest and not port_text:
            raise InputError(L_("malformed resolver address {text!r}: missing port after ':'", text=text))
    elif raw.count(":") == 1:
        host, port_text = raw.split(":")
    else:
        host = raw
    address = _parse_ip(host, text)
    if raw.startswith("[") and ":" not in address:
        raise InputError(L_("malformed resolver address {text!r}: brackets are only for IPv6", text=text))
    return Resolver(address, _parse_port(port_text, text) if port_text is not None else DNS_PORT)


def _parse_ip(host: str, original: str) -> str:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        if address.is_multicast or address.is_unspecified or str(address) == "255.255.255.255":
            raise InputError(
                L_("{original!r} cannot be a resolver: multicast, broadcast or unspecified address", original=original),
                hint=L_("give the resolver's own (unicast) IP address"),
            )
        return str(address)
    if host and all(c.isalnum() or c in ".-" for c in host) and not host.replace(".", "").isdigit():
        raise InputError(
            L_("resolver {original!r} is not an IP address", original=original),
            hint=L_("give the resolver's IP address (a name would need DNS to find it)"),
        )
    raise InputError(
        L_("malformed resolver address {original!r}", original=original),
        hint=L_("use IP, IP:PORT or [IPv6]:PORT, e.g. 170.82.12.3 or 127.0.0.1:5300"),
    )


def _parse_port(port_text: str, original: str) -> int:
    if not (port_text.isascii() and port_text.isdigit()):
        raise InputError(
            L_("bad port in resolver address {original!r}: {port_text!r} is not a number", original=original, port_text=port_text)
        )
    port = int(port_text)
    if not 1 <= port <= 65535:
        raise InputError(
            L_("port {port} out of range in {original!r}", port=port, original=original), hint=L_("ports go from 1 to 65535")
        )
    return port


def parse_resolvers(texts: list[str]) -> list[Resolver]:
    """Parse and de-duplicate, keeping the order (the first one is the primary)."""
    return list(dict.fromkeys(parse_resolver(text) for text in texts))


def check_name(text: str) -> str:
    """A valid DNS name in lowercase ASCII, without the trailing dot."""
    name = text.strip()
    name = name[:-1] if name.endswith(".") else name
    if not name:
        raise InputError(L_("{text!r} is not a DNS name", text=text), hint=L_("give a name such as google.com"))
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InputError(L_("{text!r} is not a valid international domain name", text=text)) from exc
    labels = name.split(".")
    bad = next((label for label in labels if not _LABEL.match(label)), None)
    if bad is not None:
        shown = bad if len(bad) <= 20 else bad[:20] + "..."
        raise InputError(
            L_("{short!r} is not a valid DNS name: an empty label (two dots) breaks the rules", short=_short(text)) if not bad
            else L_("{short!r} is not a valid DNS name: the label {shown!r} breaks the rules", short=_short(text), shown=shown),
            hint=L_("labels are 1-63 letters, digits or hyphens, not starting or ending with a hyphen"),
        )
    if len(name) > 253:
        raise InputError(L_("{short!r} is not a valid DNS name: longer than 253 characters", short=_short(text)))
    try:
        ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        raise InputError(L_("{text!r} is an IP address, not a name to resolve", text=text))
    if labels[-1].isdigit():
        raise InputError(L_("{text!r} is not a valid DNS name: the last label is all digits", text=text))
    return name.lower()


def check_names(texts: list[str]) -> list[str]:
    """Check and de-duplicate, keeping the order."""
    return list(dict.fromkeys(check_name(text) for text in texts))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
