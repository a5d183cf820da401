"""Parse `--server ID|URL|HOST[:PORT]` for each engine (pure, no network)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from netops.errors import InputError
from netops.i18n import L_

IPERF3_PORT = 5201
LEGACY_HTTP_PORT = 8080  # the port Ookla's legacy server package listens on
_PORT = re.compile(r"^[0-9]{1,5}$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class HostPort:
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def split_host_port(text: str, default_port: int) -> HostPort:
    """`host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address."""
    text = text.strip()
    if not text or "/" in text or " " in text:
        raise InputError(L_("bad server {text!r}", text=text), hint=L_("expected HOST or HOST:PORT"))
    host, port_text = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest and not rest.startswith(":"):
            raise InputError(L_("bad server {text!r}", text=text), hint=L_("expected [IPv6]:PORT"))
        port_text = rest[1:]
        if not _is_ipv6(host):
            raise InputError(L_("bad server {text!r}: brackets are only for IPv6 addresses", text=text))
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    if not host:
        raise InputError(L_("bad server {text!r}: no host", text=text))
    check_host(host, text)
    if not port_text:
        return HostPort(host, default_port)
    if not _PORT.match(port_text) or not 0 < int(port_text) < 65536:
        raise InputError(L_("bad port {port_text!r} in server {text!r}", port_text=port_text, text=text), hint=L_("ports are 1-65535"))
    return HostPort(host, int(port_text))


def check_host(host: str, original: str) -> None:
    """An IP address or a host name by the DNS label rules, so a typo never becomes a lookup."""
    if ":" in host:
        if not _is_ipv6(host):
            raise InputError(
                L_("bad server {original!r}: {host!r} is not an IPv6 address", original=original, host=host),
                hint=L_("write IPv6 with a port as [2001:db8::1]:PORT"),
            )
        return
    try:
        labels = host.rstrip(".").encode("idna").decode("ascii").split(".")
    except UnicodeError:
        labels = [""]
    if not all(_LABEL.match(label) for label in labels) or (
        labels[-1].isdigit() and not _is_ip(host)
    ):
        raise InputError(
            L_("bad server {original!r}: {host!r} is neither an IP address nor a host name", original=original, host=host),
            hint=L_("expected HOST or HOST:PORT, e.g. speedtest.isp.net:8080"),
        )


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_ipv6(text: str) -> bool:
    return ":" in text and _is_ip(text)


@dataclass(frozen=True)
class SpeedtestTarget:
    """Exactly one of: a directory server id, a server URL, or neither (pick the best)."""

    server_id: int | None = None
    url: str | None = None


def parse_speedtest_server(text: str | None) -> SpeedtestTarget:
    if text is None:
        return SpeedtestTarget()
    text = text.strip()
    if text.isascii() and text.isdigit():
        return SpeedtestTarget(server_id=int(text))
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise InputError(L_("bad server URL {text!r}", text=text), hint=L_("use an http:// or https:// URL"))
        url = text
    else:
        address = split_host_port(text, LEGACY_HTTP_PORT)
        url = f"http://{address}/speedtest/upload.php"
    from netops.transport.speed_http import HttpServer

    try:
        host = HttpServer.from_url(url).host
    except ValueError as exc:
        raise InputError(
            L_("bad server URL {text!r}: {exc}", text=text, exc=exc.args[0] if exc.args else exc),
            hint=L_("e.g. http://speedtest.isp.net:8080/speedtest/upload.php"),
        ) from exc
    check_host(host, text)
    return SpeedtestTarget(url=url)


def parse_iperf3_server(text: str) -> HostPort:
    text = text.strip()
    if "://" in text or text.isdigit():
        raise InputError(L_("bad iperf3 server {text!r}", text=text), hint=L_("the iperf3 engine needs HOST[:PORT]"))
    return split_host_port(text, IPERF3_PORT)
