"""Loading vendor and ISP profiles: YAML files validated against a pydantic schema.

Profiles live in folders by kind (`olt`, `cpe`, `isp`); a profile's id is its file name without
`.yaml`. The user's own folder (`NETOPS_PROFILES_DIR`, else `~/.config/netops/profiles`) is searched
first, so a user can add or override a profile without touching the install; then the profiles
shipped with netops. Every error names the file and the key that is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from netops.errors import ConfigError, ProfileInvalid
from netops.i18n import L_, Message

P = TypeVar("P", bound=BaseModel)

# libyaml's safe loader when PyYAML was built with it: several times faster on big profiles.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_BYTES = 1_000_000  # a profile or an inventory is a few kB; never read /dev/zero to the end


class UniqueKeys:
    """Loader mixin: a key written twice in one mapping is an error naming both lines.

    PyYAML keeps the last value silently, so a pasted block could change a threshold or a port
    without a word. Keys that come in through a merge (`<<: *base`) may be overridden, as YAML
    intends; only keys written out are checked.
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
            try:
                earlier = first_line.get(key)
            except TypeError:  # an unhashable key: the base class says what is wrong with it
                continue
            if earlier is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, L_("duplicate key {key!r} (first on line {earlier})", key=key, earlier=earlier), key_node.start_mark
                )
            first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)  # type: ignore[misc]


class _ProfileLoader(UniqueKeys, _SAFE_LOADER):  # type: ignore[misc, valid-type]
    """Safe YAML without duplicate keys."""

_PACKAGE_DIR = Path(__file__).resolve().parent


class ProfileModel(BaseModel):
    """Base of every profile schema: unknown keys are errors, so typos are caught at load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def builtin_profiles_dir() -> Path:
    """Where the shipped profiles are: inside the wheel, or `profiles/` in a source checkout."""
    packaged = _PACKAGE_DIR / "_profiles"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / "profiles"


def user_profiles_dir() -> Path:
    env = os.environ.get("NETOPS_PROFILES_DIR")
    if env:
        path = Path(env).expanduser()
        if path.exists() and not path.is_dir():  # a missing folder is just "no own profiles"
            raise ConfigError(
                L_("NETOPS_PROFILES_DIR {path} is not a folder", path=path),
                hint=L_("point it at a folder with olt/, cpe/ and isp/ subfolders, or unset it"),
            )
        return path
    from platformdirs import user_config_path

    return user_config_path("netops") / "profiles"


def search_path() -> list[Path]:
    return [user_profiles_dir(), builtin_profiles_dir()]


def profile_files(kind: str) -> dict[str, Path]:
    """Every profile id of one kind and the file that wins for it (user files first)."""
    found: dict[str, Path] = {}
    for root in search_path():
        folder = root / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return dict(sorted(found.items()))


def find_profile(kind: str, profile_id: str) -> Path:
    files = profile_files(kind)
    if profile_id not in files:
        known = ", ".join(files) or L_("none")
        raise ConfigError(
            L_("unknown {kind} profile {profile_id!r}", kind=kind, profile_id=profile_id),
            hint=L_("known {kind} profiles: {known} (see `netops profiles list`)", kind=kind, known=known),
        )
    return files[profile_id]


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning every way it can fail into one ConfigError naming the file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        raise ConfigError(L_("cannot read {path}: {value}", path=path, value=exc.strerror or exc)) from exc
    if len(data) > MAX_YAML_BYTES:
        raise ConfigError(
            L_("{path}: larger than {MAX_YAML_BYTES:,} bytes, too large for a profile or an inventory", path=path, MAX_YAML_BYTES=MAX_YAML_BYTES),
            hint=L_("check that the path names the right file"),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(L_("{path}: not a UTF-8 text file (byte {start})", path=path, start=exc.start)) from exc
    try:
        return yaml.load(text, Loader=_ProfileLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or L_("invalid YAML")
        if mark:
            raise ConfigError(L_("{path}: line {line}: {problem}", path=path, line=mark.line + 1, problem=problem)) from exc
        raise ConfigError(L_("{path}: {problem}", path=path, problem=problem)) from exc
    except RecursionError:
        raise ConfigError(L_("{path}: nested too deeply", path=path)) from None


def schema_problems(path: Path, exc: ValidationError) -> list[str]:
    """Every schema error as `file: key.path: message`, in the schema's order."""
    return [_problem(path, error) for error in exc.errors()]


def _problem(path: Path, error: Any) -> str:
    key = ".".join(str(part) for part in error["loc"]) or L_("(top level)")
    msg = error["msg"]
    cause = (error.get("ctx") or {}).get("error")
    if error["type"] == "value_error" and isinstance(cause, ValueError) and cause.args and isinstance(cause.args[0], Message):
        msg = L_("Value error, {message}", message=cause.args[0])  # our own validator's message, translated
    return L_("{path}: {key}: {msg}", path=path, key=key, msg=msg)


def validate_data(path: Path, data: Any, schema: type[P], *, problems: list[str] | None = None,
                  **context: Any) -> P:
    """`data` as the schema's model; every mistake (`problems` found before, then the schema's)
    in one ProfileInvalid."""
    if not isinstance(data, dict):
        raise ConfigError(L_("{path}: expected a mapping of keys at the top level", path=path))
    found = list(problems or ())
    try:
        validated = schema.model_validate(data, context=context or None)
    except ValidationError as exc:
        found += schema_problems(path, exc)
        raise ProfileInvalid(found) from exc
    if found:
        raise ProfileInvalid(found)
    return validated


# Kinds whose profiles may start from another one (`extends: ID`), and the keys a child keeps
# from its parent: a CPE variant runs the same firmware family's steps; an OLT variant is the
# same vendor's.
EXTENDABLE: dict[str, tuple[str, ...]] = {"cpe": ("family",), "olt": ("vendor",)}


def extended(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The profile `data` read from `path` with its `extends:` parent filled in.

    One level only: the parent is a whole profile of the same kind (found like any profile,
    the user's folder first) that extends nothing itself. The child's top-level keys replace the
    parent's, except the ones its kind keeps (`EXTENDABLE`). Every error names the file and key.
    """
    if "extends" not in data:
        return data
    parent_id = data["extends"]
    kind = path.parent.name
    if kind not in EXTENDABLE:
        # The kinds are named in the sentence itself (EXTENDABLE's keys): an `' and '.join` of
        # them would leave an English "and" in a translated line.
        raise ConfigError(L_("{path}: extends: only cpe and olt profiles extend another (this file is not in an cpe/olt folder)", path=path))
    if not isinstance(parent_id, str) or not parent_id:
        raise ConfigError(L_("{path}: extends: must be the id of another {kind} profile", path=path, kind=kind))
    if parent_id == path.stem:
        raise ConfigError(L_("{path}: extends: a profile cannot extend itself", path=path))
    try:
        parent_path = find_profile(kind, parent_id)
    except ConfigError as exc:
        raise ConfigError(L_("{path}: extends: {message}", path=path, message=exc.message), hint=exc.hint) from None
    parent = read_yaml(parent_path)
    if not isinstance(parent, dict):
        raise ConfigError(L_("{parent_path}: expected a mapping of keys at the top level", parent_path=parent_path))
    if "extends" in parent:
        raise ConfigError(
            L_("{path}: extends: {parent_id} extends {extends!r} itself; a profile extends one that extends nothing (one level)", path=path, parent_id=parent_id, extends=parent['extends']),
            hint=L_("extend {extends!r} directly, or copy what {parent_id} changes", extends=parent['extends'], parent_id=parent_id),
        )
    for key in EXTENDABLE[kind]:
        if key in data and key in parent and data[key] != parent[key]:
            raise ConfigError(L_("{path}: {key}: a profile that extends {parent_id} keeps its {key} ({parent!r}), not {data!r}", path=path, key=key, parent_id=parent_id, parent=parent[key], data=data[key]))
    child = {key: value for key, value in data.items() if key != "extends"}
    merged = {**parent, **child}
    if "id" in parent and "id" not in child:
        merged["id"] = path.stem
    return merged


def load_file(path: Path, schema: type[P]) -> P:
    """Load and validate one profile file (also used by `netops profiles validate PATH`)."""
    data = read_yaml(path)
    problems: list[str] = []
    if isinstance(data, dict) and "id" in data and data["id"] != path.stem:
        problems.append(L_("{path}: id: {id!r} must match the file name {stem!r}", path=path, id=data['id'], stem=path.stem))
    if isinstance(data, dict):
        data = extended(path, data)
    return validate_data(path, data, schema, problems=problems)


def load_profile(kind: str, profile_id: str, schema: type[P]) -> P:
    return load_file(find_profile(kind, profile_id), schema)


def iter_profiles(kind: str, schema: type[P]) -> Iterator[tuple[str, Path, P | ConfigError]]:
    """Every profile of a kind, loaded; a broken one yields its error instead of stopping."""
    for profile_id, path in profile_files(kind).items():
        try:
            yield profile_id, path, load_file(path, schema)
        except ConfigError as exc:
            yield profile_id, path, exc
