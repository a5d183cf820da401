"""Resolver addresses and test names as typed by a technician."""

from __future__ import annotations

import pytest

from netops.dns.targets import Resolver, check_name, parse_resolver, parse_resolvers
from netops.errors import InputError


@pytest.mark.parametrize(
    ("text", "address", "port"),
    [
        ("170.82.12.3", "170.82.12.3", 53),
        ("127.0.0.1:5300", "127.0.0.1", 5300),
        ("[::1]:5300", "::1", 5300),
        ("[2001:db8::1]", "2001:db8::1", 53),
        ("2001:DB8::1", "2001:db8::1", 53),
        (" 10.0.0.1:65535 ", "10.0.0.1", 65535),
    ],
)
def test_resolver_addresses(text, address, port):
    assert parse_resolver(text) == Resolver(address, port)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty resolver address"),
        ("1.2.3.4:0", "port 0 out of range"),
        ("1.2.3.4:65536", "port 65536 out of range"),
        ("1.2.3.4:dns", "is not a number"),
        ("1.2.3.4:", "is not a number"),
        ("1.2.3", "malformed resolver address"),
        ("300.1.1.1", "malformed resolver address"),
        ("[::1]x", "malformed resolver address"),
        ("[1.2.3.4]:53", "brackets are only for IPv6"),
        ("dns.google", "is not an IP address"),
        ("[::1]:", "missing port"),
        ("1.2.3.4:\u00b2", "is not a number"),  # superscript two: isdigit() but not a port
        ("1.2.3.4:\u0663", "is not a number"),  # Arabic-Indic three
        ("0.0.0.0", "cannot be a resolver"),
        ("[::]:53", "cannot be a resolver"),
        ("224.0.0.251", "cannot be a resolver"),
        ("ff02::fb", "cannot be a resolver"),
        ("255.255.255.255", "cannot be a resolver"),
    ],
)
def test_bad_resolver_addresses(text, message):
    with pytest.raises(InputError, match=message):
        parse_resolver(text)


def test_resolvers_keep_order_and_drop_duplicates():
    assert [str(r) for r in parse_resolvers(["170.82.12.4", "170.82.12.3", "170.82.12.4:53"])] == [
        "170.82.12.4",
        "170.82.12.3",
    ]
    assert str(Resolver("::1", 5300)) == "[::1]:5300"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Google.COM.", "google.com"),
        ("_dmarc.example.com", "_dmarc.example.com"),
        ("ação.com.br", "xn--ao-siap.com.br"),
    ],
)
def test_names(text, name):
    assert check_name(text) == name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a DNS name"),
        (".", "is not a DNS name"),
        ("a..b", "empty label"),
        ("-bad.com", "the label '-bad'"),
        ("bad-.com", "the label 'bad-'"),
        ("sp ace.com", "the label 'sp ace'"),
        ("x" * 64 + ".com", "breaks the rules"),
        (".".join(["abcdefghi"] * 26), "longer than 253"),
        ("1.2.3.4", "is an IP address"),
        ("host.123", "last label is all digits"),
    ],
)
def test_bad_names(text, message):
    with pytest.raises(InputError, match=message):
        check_name(text)
