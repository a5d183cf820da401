"""The kinds of profile netops knows, and the schema each is validated against.

Imported lazily (`module:Class`) so listing profiles does not load every capability.
"""

from __future__ import annotations

import importlib

from pydantic import BaseModel

KINDS: dict[str, str] = {
    "olt": "netops.olt.profile:OltProfile",
    "isp": "netops.isp:isp_schema",  # a function: the ISP profile is assembled from its sections
    "cpe": "netops.cpe.profile:CpeProfile",
}


def schema_for(kind: str) -> type[BaseModel]:
    module_name, _, name = KINDS[kind].partition(":")
    found = getattr(importlib.import_module(module_name), name)
    return found if isinstance(found, type) else found()


def describe(profile: BaseModel) -> str:
    """A one-line description of a loaded profile for `netops profiles list`."""
    for attr in ("description", "name", "vendor"):
        value = getattr(profile, attr, None)
        if value:
            models = getattr(profile, "models", None)
            return f"{value} ({', '.join(models)})" if models else str(value)
    return ""
