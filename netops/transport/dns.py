"""DNS queries over dnspython, with every dnspython error translated once.

One function sends one question to one resolver over UDP or TCP and returns a plain `Reply`.
The clock (monotonic `perf_counter`) runs around the send-and-receive only: the message is built
and the UDP socket opened before it starts, as dnsping does, so the time is the resolver's, not
ours. Over TCP the handshake is timed too: a client waits for it.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

from netops.errors import DeviceTimeout, DeviceUnreachable, InputError, ProtocolError
from netops.i18n import L_

EDNS_PAYLOAD = 1232  # the DNS flag day 2020 value


@dataclass(frozen=True)
class Reply:
    """What a resolver answered, in plain types."""

    rcode: str  # NOERROR, NXDOMAIN, SERVFAIL, REFUSED, FORMERR, BADVERS...
    flags: frozenset[str]  # QR AA TC RD RA AD CD
    records: tuple[str, ...]  # answer data of the asked type, sorted ("192.0.2.10")
    answer_count: int  # every record in the answer section (CNAMEs included)
    edns: int  # EDNS version of the reply, -1 when it carried no OPT record
    payload: int  # UDP size the resolver advertised (0 without EDNS)
    ede: tuple[str, ...]  # extended DNS errors, "6 DNSSEC Bogus: text"
    elapsed_ms: float
    transport: str  # "udp" or "tcp"

    @property
    def truncated(self) -> bool:
        return "TC" in self.flags


def query(
    address: str,
    port: int,
    name: str,
    rdtype: str = "A",
    *,
    tcp: bool = False,
    timeout: float = 2.0,
    edns: bool = False,
    dnssec: bool = False,
    checking_disabled: bool = False,
) -> Reply:
    """Ask one question once; raise DeviceTimeout, DeviceUnreachable or ProtocolError."""
    import dns.exception
    import dns.flags
    import dns.message
    import dns.query

    try:
        message = dns.message.make_query(
            name,
            rdtype,
            use_edns=0 if edns or dnssec else False,
            want_dnssec=dnssec,
            payload=EDNS_PAYLOAD,
        )
    except dns.exception.DNSException as exc:
        raise InputError(L_("cannot ask for {name!r} {rdtype}: {exc}", name=name, rdtype=rdtype, exc=exc)) from exc
    if checking_disabled:
        message.flags |= dns.flags.CD
    proto = "TCP" if tcp else "UDP"
    where = f"{address}:{port}" if ":" not in address else f"[{address}]:{port}"
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = None
    try:
        if tcp:
            started = time.perf_counter()
            response = dns.query.tcp(message, address, timeout=timeout, port=port)
        else:
            sock = socket.socket(family, socket.SOCK_DGRAM)
            sock.setblocking(False)
            started = time.perf_counter()
            response = dns.query.udp(message, address, timeout=timeout, port=port, sock=sock)
        elapsed = (time.perf_counter() - started) * 1000.0
    except (dns.exception.Timeout, TimeoutError) as exc:
        raise DeviceTimeout(L_("{where}: no answer over {proto} in {timeout:.1f} s", where=where, proto=proto, timeout=timeout)) from exc
    except ConnectionRefusedError as exc:
        raise DeviceUnreachable(L_("{where}: {proto} connection refused", where=where, proto=proto)) from exc
    except EOFError as exc:
        raise ProtocolError(
            L_("{where}: the resolver closed the {proto} connection without answering", where=where, proto=proto)
        ) from exc
    except OSError as exc:
        raise DeviceUnreachable(L_("{where}: {proto} failed: {value}", where=where, proto=proto, value=exc.strerror or exc)) from exc
    except dns.exception.DNSException as exc:
        raise ProtocolError(L_("{where}: unreadable answer over {proto}: {exc}", where=where, proto=proto, exc=exc)) from exc
    finally:
        if sock is not None:
            sock.close()
    return _reply(response, rdtype, elapsed, "tcp" if tcp else "udp")


def _reply(response, rdtype: str, elapsed_ms: float, transport: str) -> Reply:  # type: ignore[no-untyped-def]
    import dns.flags
    import dns.rcode
    import dns.rdatatype

    wanted = dns.rdatatype.from_text(rdtype)
    records = sorted(
        rdata.to_text() for rrset in response.answer if rrset.rdtype == wanted for rdata in rrset
    )
    ede = tuple(
        f"{option.code} {_ede_name(option.code)}{': ' + option.text if option.text else ''}"
        for option in response.extended_errors()
    )
    return Reply(
        rcode=dns.rcode.to_text(response.rcode()),
        flags=frozenset(dns.flags.to_text(response.flags).split()),
        records=tuple(records),
        answer_count=sum(len(rrset) for rrset in response.answer),
        edns=response.edns,
        payload=response.payload if response.edns >= 0 else 0,
        ede=ede,
        elapsed_ms=elapsed_ms,
        transport=transport,
    )


def _ede_name(code: int) -> str:
    import dns.edns

    try:
        return dns.edns.EDECode(code).name.replace("_", " ").title().replace("Dnssec", "DNSSEC")
    except ValueError:
        return "code"
