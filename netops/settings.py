"""The inventory (which OLTs exist and how to reach them) and how secrets are resolved.

Secrets never live in files: the inventory names an environment variable (or an OS keyring
entry under the service `netops` with the same name), and `resolve_secret` reads it at the last
moment. A missing secret is a clear error naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from netops.errors import ConfigError, SecretMissing
from netops.i18n import L_
from netops.profiles import read_yaml, validate_data


def _as_text(value: object) -> object:
    return str(value) if isinstance(value, int | float) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Port = Annotated[int, Field(ge=1, le=65535)]


class SnmpV2Settings(_Strict):
    version: Annotated[Literal["1", "2c"], BeforeValidator(_as_text)] = "2c"
    port: Port = 161
    community_env: str | None = None


class SnmpV3Settings(_Strict):
    version: Annotated[Literal["3"], BeforeValidator(_as_text)]
    port: Port = 161
    user: str
    auth_protocol: Literal["MD5", "SHA", "SHA224", "SHA256", "SHA384", "SHA512"] | None = None
    auth_key_env: str | None = None
    priv_protocol: Literal["DES", "3DES", "AES", "AES128", "AES192", "AES256"] | None = None
    priv_key_env: str | None = None
    context: str = ""


class SshSettings(_Strict):
    port: Port = 22
    username: str
    password_env: str | None = None
    transport: Literal["ssh", "telnet"] = "ssh"
    known_hosts: str | None = None  # an extra known_hosts file checked before ~/.ssh/known_hosts


class OltEntry(_Strict):
    host: str
    profile: str
    snmp: Annotated[SnmpV2Settings | SnmpV3Settings, Field(union_mode="left_to_right")] | None = None
    ssh: SshSettings | None = None


def _ixc_url(value: str) -> str:
    """`<url>/webservice/v1/<table>` is built from this; credentials never ride in the URL."""
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(L_("{value!r} is not an http(s) URL such as https://ixc.example.net", value=value))
    if "@" in parts.netloc or parts.query:
        raise ValueError(L_("the URL must not carry a user, password or token (use token_env)"))
    path = parts.path.rstrip("/")
    path = path.removesuffix("/webservice/v1")  # the netops part is added by netops
    return f"{parts.scheme}://{parts.netloc}{path}"


def _text_keys(value: object) -> object:
    """YAML reads `3: olt-centro` with an int key; IXC ids are text."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value


class IxcSettings(_Strict):
    """The ISP's IXC Provedor: where its webservice is and how its ids map to netops names."""

    url: Annotated[str, AfterValidator(_ixc_url)]
    token_env: str = "NETOPS_IXC_TOKEN"  # IXC's "user_id:hash" token: environment or keyring
    olts: Annotated[dict[str, str], BeforeValidator(_text_keys)] = Field(default_factory=dict)
    subjects: Annotated[dict[str, str], BeforeValidator(_text_keys)] = Field(default_factory=dict)
    timeout_s: float = Field(10.0, gt=0, le=120)
    retries: int = Field(2, ge=0, le=5)  # for reads only; a note is posted once
    verify_tls: bool = True  # false for an IXC behind a self-signed certificate


class Inventory(_Strict):
    olts: dict[str, OltEntry] = Field(default_factory=dict)
    ixc: IxcSettings | None = None
    path: Path | None = Field(default=None, exclude=True)

    def olt(self, name: str) -> OltEntry:
        if name not in self.olts:
            known = ", ".join(sorted(self.olts)) or L_("none")
            raise ConfigError(
                L_("unknown OLT {name!r} in {path}", name=name, path=self.path), hint=L_("known OLTs: {known}", known=known)
            )
        return self.olts[name]


def default_inventory_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("netops") / "inventory.yaml"


def resolve_inventory_path(explicit: str | Path | None) -> Path:
    """--inventory PATH, else NETOPS_INVENTORY, else ~/.config/netops/inventory.yaml."""
    chosen = explicit or os.environ.get("NETOPS_INVENTORY")
    if chosen:
        return Path(chosen).expanduser()
    return default_inventory_path()


def load_inventory(explicit: str | Path | None = None, missing_hint: str | None = None) -> Inventory:
    """The inventory at `explicit` (or the default place); `missing_hint` is what to try when
    there is none (the CLI says "start the lab first" for `--inventory lab`)."""
    path = resolve_inventory_path(explicit)
    if path.exists() and not path.is_file():  # a folder, /dev/zero, a FIFO...
        raise ConfigError(L_("inventory {path} is not a regular file", path=path),
                          hint=L_("pass --inventory PATH naming the inventory YAML file"))
    if not path.is_file():
        hint = missing_hint or L_("pass --inventory PATH or set NETOPS_INVENTORY (see docs/inventory.md)")
        raise ConfigError(L_("inventory not found: {path}", path=path), hint=hint)
    data = read_yaml(path)
    inventory = validate_data(path, data, Inventory)
    return inventory.model_copy(update={"path": path})


def resolve_secret(env_name: str, what: str) -> str:
    """Read a secret from the environment variable `env_name`, else the OS keyring."""
    value = os.environ.get(env_name)
    if value:
        return value
    try:
        import keyring

        value = keyring.get_password("netops", env_name)
    except Exception:  # no keyring backend on this machine: fall through to the error
        value = None
    if value:
        return value
    raise SecretMissing(
        L_("{what}: environment variable {env_name} is not set", what=what, env_name=env_name),
        hint=L_("export {env_name}=... (or store it in the OS keyring under service 'netops')", env_name=env_name),
    )


# -- local data: history and the find cache --------------------------------------------------
# Environment variables, so scripts and monitoring set them once; a bad value is one error line.

DATA_DIR_ENV = "NETOPS_DATA_DIR"
HISTORY_DAYS_ENV = "NETOPS_HISTORY_DAYS"
FIND_CACHE_TTL_ENV = "NETOPS_FIND_CACHE_TTL"
FIND_CONCURRENCY_ENV = "NETOPS_FIND_CONCURRENCY"


def data_dir() -> Path:
    """`NETOPS_DATA_DIR`, else the user data directory (`~/.local/share/netops` on Linux)."""
    chosen = os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return default_data_dir()


def default_data_dir() -> Path:
    """netops's own data folder (made private); a folder named by NETOPS_DATA_DIR is left as is."""
    from platformdirs import user_data_path

    return user_data_path("netops")


def _number_env(name: str, default: float, low: float, high: float, what: str, whole: bool = False) -> float:
    text = os.environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = float(int(text)) if whole else float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # NaN fails too
        raise ConfigError(L_("{name}={text!r} is not {what} from {low:g} to {high:g}", name=name, text=text[:40], what=what, low=low, high=high))
    return value


def history_retention_days() -> int:
    """Days of readings kept in the history (default 90; 0 keeps none: history off)."""
    return int(_number_env(HISTORY_DAYS_ENV, 90, 0, 3650, L_("a whole number of days"), whole=True))


def find_cache_ttl_s() -> float:
    """Seconds an OLT's ONU list stays fresh for `netops find` (default 300; 0: no cache)."""
    return _number_env(FIND_CACHE_TTL_ENV, 300, 0, 86400, L_("a number of seconds"))


def find_concurrency() -> int:
    """OLTs `netops find` asks at once (each OLT then under its profile's own limit)."""
    return int(_number_env(FIND_CONCURRENCY_ENV, 8, 1, 64, L_("a whole number of OLTs"), whole=True))
