"""The router address a technician types: an IP address or a host name, and nothing else.

A port belongs in `--port`, a URL is not an address: both are refused with a line that says
what to type instead, before anything is sent (a half-parsed address would otherwise reach the
HTTP library and come out as an internal error).
"""

from __future__ import annotations

import ipaddress
import re

from netops.errors import InputError
from netops.i18n import L_

_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_HOST_PORT = re.compile(r"^(?P<host>[^:\[\]]+|\[[^\]]*\]):(?P<port>\d*)$")
_SHOWN = 80
_HINTS = {
    "IPv4": L_("each part of an IPv4 address goes from 0 to 255, e.g. 192.168.15.1"),
    "IPv6": L_("write an IPv6 address as fe80::1 or [fe80::1], with the port in --port"),
}


def _shown(text: str) -> str:
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "...")


def router_address(text: str) -> str:
    """`text` as an IP address (normalised) or a host name; InputError otherwise."""
    raw = text.strip()
    if not raw:
        raise InputError(L_("no router address given"), hint=L_("give the address alone, e.g. 192.168.15.1"))
    if "://" in raw or any(ch in raw for ch in "/ ?#@"):
        raise InputError(L_("not a router address: {shown}", shown=_shown(raw)), hint=L_("give the address alone, e.g. 192.168.15.1"))
    host_port = _HOST_PORT.match(raw)
    if host_port:
        host, port = host_port.group("host"), host_port.group("port")
        if not port or len(host) > _SHOWN:
            raise InputError(L_("{shown} is not a router address", shown=_shown(raw)), hint=L_("give the address alone, e.g. 192.168.15.1"))
        raise InputError(L_("{shown} is an address with a port", shown=_shown(raw)), hint=L_("give the port with --port: {host} --port {port}", host=host, port=port))
    if raw.startswith("[") and raw.endswith("]"):
        raw = raw[1:-1]
    if ":" in raw:
        return _checked_ip(raw, text, "IPv6")
    if raw.replace(".", "").isdigit():
        return _checked_ip(raw, text, "IPv4")
    return _host_name(raw, text)


def _checked_ip(raw: str, original: str, family: str) -> str:
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        raise InputError(
            L_("{shown} is not a valid {family} address", shown=_shown(original.strip()), family=family),
            hint=_HINTS[family],
        ) from None
    if address.is_multicast or address.is_unspecified or str(address) == "255.255.255.255":
        raise InputError(L_("{shown} cannot be a router: multicast, broadcast or unspecified address", shown=_shown(original.strip())))
    return str(address)


def _host_name(raw: str, original: str) -> str:
    name = raw[:-1] if raw.endswith(".") else raw
    if not name.isascii() or len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        raise InputError(
            L_("{shown} is not an IP address or host name", shown=_shown(original.strip())),
            hint=L_("give the router's address, e.g. 192.168.15.1"),
        )
    return name.lower()
