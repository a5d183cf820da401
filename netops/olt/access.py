"""From an inventory entry to an open reader: profile, credentials, session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from netops.errors import ConfigError
from netops.i18n import L_
from netops.olt.profile import OltProfile
from netops.olt.reading import OltReader
from netops.profiles import load_profile
from netops.settings import OltEntry, SnmpV3Settings, resolve_secret


def load_olt_profile(entry: OltEntry, olt_name: str) -> OltProfile:
    try:
        return load_profile("olt", entry.profile, OltProfile)
    except ConfigError as exc:
        raise ConfigError(L_("OLT {olt_name}: {message}", olt_name=olt_name, message=exc.message), hint=exc.hint) from exc


def snmp_credentials(entry: OltEntry, olt_name: str) -> Any:  # a transport.snmp.SnmpCredentials
    from netops.transport.snmp import SnmpCredentials

    snmp = entry.snmp
    if snmp is None:
        raise ConfigError(
            L_("OLT {olt_name} has no snmp block in the inventory", olt_name=olt_name),
            hint=L_("add `snmp: {version: 2c, community_env: ...}` or use --via cli"),
        )
    what = L_("SNMP credentials of OLT {olt_name}", olt_name=olt_name)
    if isinstance(snmp, SnmpV3Settings):
        if snmp.auth_protocol and not snmp.auth_key_env:
            raise ConfigError(L_("OLT {olt_name}: snmp.auth_key_env is required with auth_protocol", olt_name=olt_name))
        if snmp.priv_protocol and not snmp.priv_key_env:
            raise ConfigError(L_("OLT {olt_name}: snmp.priv_key_env is required with priv_protocol", olt_name=olt_name))
        return SnmpCredentials(
            version="3",
            user=snmp.user,
            auth_protocol=snmp.auth_protocol,
            auth_key=resolve_secret(snmp.auth_key_env, what) if snmp.auth_key_env else None,
            priv_protocol=snmp.priv_protocol,
            priv_key=resolve_secret(snmp.priv_key_env, what) if snmp.priv_key_env else None,
            context=snmp.context,
        )
    community = resolve_secret(snmp.community_env, what) if snmp.community_env else "public"
    return SnmpCredentials(version=snmp.version, community=community)


@asynccontextmanager
async def open_snmp_reader(
    olt_name: str, entry: OltEntry, profile: OltProfile, deadline: float | None = None
) -> AsyncIterator[OltReader]:
    """`deadline` (the event loop's time): requests still unanswered then fail, so a scan ends
    by it with what was read and the rest `not_read` (netops serve, under a scrape timeout)."""
    from netops.olt.snmp_reader import SnmpOltReader
    from netops.transport.snmp import SnmpSession, SnmpTarget

    if profile.snmp is None:
        raise ConfigError(
            L_("OLT {olt_name}: profile {id} does not support SNMP", olt_name=olt_name, id=profile.id), hint=L_("use --via cli")
        )
    credentials = snmp_credentials(entry, olt_name)
    target = SnmpTarget(
        host=entry.host,
        port=entry.snmp.port if entry.snmp else 161,
        timeout=profile.snmp.timeout_s,
        retries=profile.snmp.retries,
        name=f"OLT {olt_name}",
    )
    async with SnmpSession(target, credentials, deadline) as session:
        yield SnmpOltReader(olt_name, profile, session)
