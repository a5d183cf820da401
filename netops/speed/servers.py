"""Parse `--server ID|URL|HOST[:PORT]` for each engine (pure, no network)."""

from __future__ import annotations

from dataclasses import dataclass

from netops.errors import InputError

IPERF3_PORT = 5201
LEGACY_HTTP_PORT = 8080  # the port Ookla's legacy server package listens on


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
        raise InputError(f"bad server {text!r}", hint="expected HOST or HOST:PORT")
    host, port_text = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest and not rest.startswith(":"):
            raise InputError(f"bad server {text!r}", hint="expected [IPv6]:PORT")
        port_text = rest[1:]
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    if not host:
        raise InputError(f"bad server {text!r}: no host")
    if not port_text:
        return HostPort(host, default_port)
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise InputError(f"bad port {port_text!r} in server {text!r}", hint="ports are 1-65535")
    return HostPort(host, int(port_text))


@dataclass(frozen=True)
class SpeedtestTarget:
    """Exactly one of: a directory server id, a server URL, or neither (pick the best)."""

    server_id: int | None = None
    url: str | None = None


def parse_speedtest_server(text: str | None) -> SpeedtestTarget:
    if text is None:
        return SpeedtestTarget()
    text = text.strip()
    if text.isdigit():
        return SpeedtestTarget(server_id=int(text))
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise InputError(f"bad server URL {text!r}", hint="use an http:// or https:// URL")
        url = text
    else:
        address = split_host_port(text, LEGACY_HTTP_PORT)
        url = f"http://{address}/speedtest/upload.php"
    from netops.transport.speed_http import HttpServer

    try:
        HttpServer.from_url(url)
    except ValueError as exc:
        raise InputError(
            f"bad server URL {text!r}: {exc}",
            hint="e.g. http://speedtest.isp.net:8080/speedtest/upload.php",
        ) from exc
    return SpeedtestTarget(url=url)


def parse_iperf3_server(text: str) -> HostPort:
    text = text.strip()
    if "://" in text or text.isdigit():
        raise InputError(f"bad iperf3 server {text!r}", hint="the iperf3 engine needs HOST[:PORT]")
    return split_host_port(text, IPERF3_PORT)
