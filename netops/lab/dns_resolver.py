"""The lab resolver: a small recursive-resolver look-alike on loopback, over UDP and TCP.

It answers its own list of well-known names (`LAB_NAMES`, not read from any ISP profile) with
documentation addresses (192.0.2.0/24, 2001:db8::/32), NXDOMAIN for everything else, sets RA,
speaks EDNS (BADVERS for versions above 0) and plays a validating resolver: AD for registro.br,
SERVFAIL with EDE 6 for dnssec-failed.org unless the query sets CD. So `netops dns check` works
offline for ISPs that test with those names.

Each listener can also misbehave the way real networks do, which a real resolver will not:
`silent` (a black hole: no UDP answer, TCP accepted but never answered), `udp-silent` (a firewall
dropping UDP 53), `truncate` (every UDP answer has TC set), `slow`
(answers after a delay), `refused`, `servfail`, `no-edns` (an old server that ignores EDNS)
and `no-recursion` (RA off). The second lab listener drops UDP.

Run as `python -m netops.lab.dns_resolver CONFIG.json`; tests use `LabResolver` in-process.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netops.lab.state import LabContext, ServiceInfo, wait_until

NAME = "dns"
PORT = 5300
FAULTY_PORT = 5301
FAULTS = ("silent", "udp-silent", "truncate", "slow", "refused", "servfail", "no-edns", "no-recursion")


@dataclass
class Listener:
    host: str
    port: int
    fault: str | None = None
    delay_s: float = 0.0


@dataclass
class Zone:
    """Answers the resolver knows: {name: {type: [data]}} plus the DNSSEC play-acting."""

    records: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    secure: set[str] = field(default_factory=set)
    bogus: set[str] = field(default_factory=set)

    @classmethod
    def for_names(
        cls, names: list[str], secure: str | None = None, bogus: str | None = None
    ) -> Zone:
        zone = cls()
        for index, name in enumerate([*names, secure, bogus]):
            if name:
                zone.records[_key(name)] = {
                    "A": [f"192.0.2.{10 + index}"],
                    "AAAA": [f"2001:db8::{10 + index:x}"],
                }
        zone.secure = {_key(secure)} if secure else set()
        zone.bogus = {_key(bogus)} if bogus else set()
        return zone


def _key(name: str) -> str:
    return name.lower().rstrip(".") + "."


def answer(wire: bytes, zone: Zone, fault: str | None, tcp: bool) -> bytes | None:
    """The wire answer to one query (None: stay silent)."""
    import dns.edns
    import dns.exception
    import dns.flags
    import dns.message
    import dns.opcode
    import dns.rcode
    import dns.rdatatype
    import dns.rrset

    try:
        query = dns.message.from_wire(wire)
    except dns.message.BadEDNS:
        return None
    except dns.exception.DNSException:
        return _formerr(wire)
    response = dns.message.make_response(query, recursion_available=fault != "no-recursion")
    if fault == "no-edns":
        response.use_edns(False)
    elif query.edns >= 0:
        response.use_edns(0, payload=1232)
    if query.edns > 0 and fault != "no-edns":
        response.set_rcode(dns.rcode.BADVERS)
    elif query.opcode() != dns.opcode.QUERY or len(query.question) != 1:
        response.set_rcode(dns.rcode.NOTIMP)
    elif fault == "refused":
        response.set_rcode(dns.rcode.REFUSED)
    elif fault == "servfail":
        response.set_rcode(dns.rcode.SERVFAIL)
    else:
        _resolve(query, response, zone, edns=fault != "no-edns")
    if fault == "truncate" and not tcp:
        response.flags |= dns.flags.TC
        response.answer.clear()
        response.authority.clear()
    limit = 65535 if tcp else (max(512, query.payload) if query.edns >= 0 else 512)
    try:
        return response.to_wire(max_size=limit)
    except dns.exception.TooBig:
        response.flags |= dns.flags.TC
        response.answer.clear()
        return response.to_wire()


def _resolve(query, response, zone: Zone, edns: bool) -> None:  # type: ignore[no-untyped-def]
    import dns.edns
    import dns.flags
    import dns.rcode
    import dns.rdatatype
    import dns.rrset

    question = query.question[0]
    name = question.name.to_text().lower()
    rdtype = dns.rdatatype.to_text(question.rdtype)
    if name in zone.bogus and not query.flags & dns.flags.CD:
        response.set_rcode(dns.rcode.SERVFAIL)
        if query.edns >= 0 and edns:
            response.use_edns(
                0,
                payload=1232,
                options=[
                    dns.edns.EDEOption(dns.edns.EDECode.DNSSEC_BOGUS, "signature crypto failed")
                ],
            )
        return
    data = zone.records.get(name)
    if data is None:
        response.set_rcode(dns.rcode.NXDOMAIN)
        return
    if rdtype in data:
        response.answer.append(
            dns.rrset.from_text_list(question.name, 300, "IN", rdtype, data[rdtype])
        )
    wants_ad = query.ednsflags & dns.flags.DO or query.flags & dns.flags.AD
    if name in zone.secure and wants_ad and not query.flags & dns.flags.CD:
        response.flags |= dns.flags.AD


def _formerr(wire: bytes) -> bytes | None:
    if len(wire) < 12:
        return None
    flags = (wire[2] | 0x80) << 8 | (wire[3] & 0x70) | 1  # QR set, RCODE FORMERR
    return wire[:2] + flags.to_bytes(2, "big") + bytes(8)


class LabResolver:
    """Listeners served from threads; `start()` then `stop()` (tests), or `serve_forever()`."""

    def __init__(self, zone: Zone, listeners: list[Listener]) -> None:
        self.zone = zone
        self.listeners = listeners
        self._servers: list[socketserver.BaseServer] = []
        self.queries = 0

    def start(self) -> LabResolver:
        for listener in self.listeners:
            for server in (self._udp(listener), self._tcp(listener)):
                self._servers.append(server)
                threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def serve_forever(self) -> None:
        self.start()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def _reply(self, wire: bytes, listener: Listener, tcp: bool) -> bytes | None:
        self.queries += 1
        if listener.fault == "silent" or (listener.fault == "udp-silent" and not tcp):
            return None
        if listener.fault == "slow":
            time.sleep(listener.delay_s)
        return answer(wire, self.zone, listener.fault, tcp)

    def _udp(self, listener: Listener) -> socketserver.BaseServer:
        resolver = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                data, sock = self.request
                reply = resolver._reply(data, listener, tcp=False)
                if reply is not None:
                    sock.sendto(reply, self.client_address)

        return _server(socketserver.ThreadingUDPServer, listener, Handler)

    def _tcp(self, listener: Listener) -> socketserver.BaseServer:
        resolver = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 10

            def handle(self) -> None:
                while True:
                    try:
                        size = self.rfile.read(2)
                        if len(size) < 2:
                            return
                        wire = self.rfile.read(int.from_bytes(size, "big"))
                    except OSError:
                        return
                    reply = resolver._reply(wire, listener, tcp=True)
                    if reply is None:
                        with contextlib.suppress(OSError):  # a black hole: hold on until the client leaves
                            self.rfile.read()
                        return
                    self.wfile.write(len(reply).to_bytes(2, "big") + reply)

        return _server(socketserver.ThreadingTCPServer, listener, Handler)


def _server(kind: type, listener: Listener, handler: type) -> socketserver.BaseServer:
    family = socket.AF_INET6 if ":" in listener.host else socket.AF_INET

    class Server(kind):  # type: ignore[misc, valid-type]
        address_family = family
        # TCP may reuse a port in TIME_WAIT; UDP must not share a port another process holds.
        allow_reuse_address = kind is socketserver.ThreadingTCPServer
        daemon_threads = True

    return Server((listener.host, listener.port), handler)


# The lab's own small Internet, independent of any ISP profile: names ISPs commonly test with
# (the Netcenter runbook's among them), one zone signed in the real world (registro.br) and the
# well-known deliberately broken one (dnssec-failed.org). Anything else is NXDOMAIN, as a random
# label must be for the resolver-hijack probe.
LAB_NAMES = [
    "google.com", "www.google.com", "registro.br", "gov.br", "www.gov.br", "cloudflare.com",
    "example.com", "www.example.com", "wikipedia.org", "es.wikipedia.org", "gob.mx", "gob.ar",
    "youtube.com", "facebook.com", "whatsapp.com", "netflix.com", "speedtest.net",
]
LAB_SECURE = "registro.br"
LAB_BOGUS = "dnssec-failed.org"


def start(ctx: LabContext) -> ServiceInfo:
    """Two listeners: a healthy resolver and one behind a firewall that drops UDP 53."""
    zone = Zone.for_names([name for name in LAB_NAMES if name != LAB_SECURE], LAB_SECURE, LAB_BOGUS)
    good = Listener(ctx.host, ctx.port(PORT, "udp+tcp"))  # DNS answers over UDP and TCP
    faulty = Listener(ctx.host, ctx.port(FAULTY_PORT, "udp+tcp"), fault="udp-silent")
    config = ctx.directory / "dns_resolver.json"
    write_config(config, zone, [good, faulty])
    pid = ctx.spawn(NAME, [ctx.python(), "-m", "netops.lab.dns_resolver", str(config)])
    wait_until(lambda: _answers(good), 10, "lab resolver", pid)
    primary, secondary = _show(good), _show(faulty)
    return ServiceInfo(
        name=NAME,
        pids=[pid],
        endpoints={"resolver": primary, "resolver (UDP dropped)": secondary},
        usage=[
            f"netops dns check {primary}",
            f"netops dns check {primary} {secondary}    # the second drops UDP 53",
        ],
    )


def _show(listener: Listener) -> str:
    host = f"[{listener.host}]" if ":" in listener.host else listener.host
    return f"{host}:{listener.port}"


def _answers(listener: Listener) -> bool:
    with socket.socket(
        socket.AF_INET6 if ":" in listener.host else socket.AF_INET, socket.SOCK_DGRAM
    ) as sock:
        sock.settimeout(0.3)
        query = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01"  # ". A"
        try:
            sock.sendto(query, (listener.host, listener.port))
            return sock.recv(512)[:2] == b"\x12\x34"
        except OSError:
            return False


def write_config(path: Path, zone: Zone, listeners: list[Listener]) -> None:
    data = {
        "listeners": [vars(listener) for listener in listeners],
        "records": zone.records,
        "secure": sorted(zone.secure),
        "bogus": sorted(zone.bogus),
    }
    path.write_text(json.dumps(data, indent=2))


def read_config(path: Path) -> LabResolver:
    data: dict[str, Any] = json.loads(path.read_text())
    zone = Zone(data["records"], set(data["secure"]), set(data["bogus"]))
    return LabResolver(zone, [Listener(**item) for item in data["listeners"]])


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit("usage: python -m netops.lab.dns_resolver CONFIG.json")
    read_config(Path(argv[0])).serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
