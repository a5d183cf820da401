"""`netops profiles list|show|validate`: the vendor and ISP profiles netops can use."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from netops.cli import labels, render
from netops.cli.render import OutputOption
from netops.errors import ConfigError, InputError, ProfileInvalid
from netops.i18n import L_, N_, _, local, ngettext
from netops.results import Status

NAME = "profiles"
HELP = N_("List, show and validate OLT, router (CPE) and ISP profiles.")

app = typer.Typer(no_args_is_help=True)

class Kind(str, Enum):
    """The kinds of profile (netops.profile_kinds.KINDS)."""

    olt = "olt"
    cpe = "cpe"
    isp = "isp"


KindOption = Annotated[
    Kind | None, typer.Option("--kind", "-k", case_sensitive=False, help=N_("Profile kind: olt, cpe or isp."))
]


def _kinds(kind: Kind | None) -> list[str]:
    from netops.profile_kinds import KINDS

    return list(KINDS) if kind is None else [kind.value]


def _checked(kind: Kind | None) -> list[tuple[dict, ConfigError | None]]:
    """Every installed profile of the kind(s): its row (what `list` and `validate` print as JSON)
    and the error that makes it invalid, if any."""
    from netops.profile_kinds import describe, schema_for
    from netops.profiles import builtin_profiles_dir, iter_profiles

    checked: list[tuple[dict, ConfigError | None]] = []
    builtin = builtin_profiles_dir().resolve()
    for k in _kinds(kind):
        for profile_id, path, loaded in iter_profiles(k, schema_for(k)):
            source = "builtin" if builtin in path.resolve().parents else "user"
            row: dict[str, Any] = {"kind": k, "id": profile_id, "source": source, "path": str(path)}
            if isinstance(loaded, ConfigError):
                row.update(valid=False, description="", error=loaded.line())
                checked.append((row, loaded))
            else:
                row.update(valid=True, description=describe(loaded), error=None)
                checked.append((row, None))
    return checked


def _rows(kind: Kind | None) -> list[dict]:
    return [row for row, _error in _checked(kind)]


def _problems(error: ConfigError) -> list[str]:
    """Each mistake of an invalid profile as one `file: key: message` line, in the technician's
    language; an error that stopped the reading (bad YAML, a missing parent) is the one line."""
    if isinstance(error, ProfileInvalid):
        return [local(problem) for problem in error.problems]
    return [error.one_line()]


@app.command("list")
def list_profiles(kind: KindOption = None, output: OutputOption = render.Output.table) -> None:
    """List every profile (yours first, then the built-in ones)."""
    rows = _rows(kind)
    status = Status.OK if all(r["valid"] for r in rows) else Status.UNKNOWN
    if output is render.Output.json:
        render.emit_json({"profiles": rows})
    else:
        from rich.text import Text

        table = render.FitTable(render.Column(_("kind")), render.Column(_("id")),
                                render.Column(_("source"), keep=20),
                                render.Column(_("covers"), fold=True, min_width=20))
        for row in rows:
            covers = Text(row["description"]) if row["valid"] else \
                Text(_("invalid: {error}", error=row["error"]), style="red")
            table.add_row(row["kind"], row["id"], labels.source(row["source"]), covers)
        table.print()
    render.finish(status)


@app.command()
def show(
    profile_id: Annotated[str, typer.Argument(metavar="ID", help=N_("Profile id."))],
    kind: KindOption = None,
    output: OutputOption = render.Output.table,
) -> None:
    """Show one profile as netops reads it (after validation)."""
    from netops.profile_kinds import schema_for
    from netops.profiles import load_file, profile_files

    matches = [(k, profile_files(k)[profile_id]) for k in _kinds(kind) if profile_id in profile_files(k)]
    if not matches:
        raise ConfigError(L_("no profile named {profile_id!r}", profile_id=profile_id), hint=L_("see `netops profiles list`"))
    if len(matches) > 1:
        raise InputError(
            L_("{profile_id!r} names profiles of several kinds", profile_id=profile_id),
            hint=L_("add --kind ({value})", value=', '.join(k for k, _ in matches)),
        )
    found_kind, path = matches[0]
    profile = load_file(path, schema_for(found_kind))
    data = profile.model_dump(mode="json")
    if output is render.Output.json:
        render.emit_json({"kind": found_kind, "path": str(path), "profile": data})
    else:
        import yaml

        console = render.stdout()
        console.print(_("# {found_kind} profile {profile_id} from {path}", found_kind=found_kind, profile_id=profile_id, path=path), highlight=False)
        console.print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), highlight=False, markup=False)


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="FILE", help=N_("A profile file to check; without it, every installed profile.")),
    ] = None,
    kind: KindOption = None,
    output: OutputOption = render.Output.table,
) -> None:
    """Check profiles against their schema; each error names the file and the key."""
    from netops.profile_kinds import KINDS, schema_for
    from netops.profiles import load_file

    if path is None:
        checked = _checked(kind)
    else:
        file_kind = kind.value if kind else path.resolve().parent.name
        if file_kind not in KINDS:
            raise InputError(
                L_("cannot tell the kind of profile {path}", path=path),
                hint=L_("put it in a folder named after its kind or pass --kind ({KINDS})", KINDS=', '.join(KINDS)),
            )
        row: dict[str, Any] = {"kind": file_kind, "id": path.stem, "path": str(path)}
        error: ConfigError | None = None
        try:
            load_file(path, schema_for(file_kind))
            row.update(valid=True, error=None)
        except ConfigError as exc:
            row.update(valid=False, error=exc.line())
            error = exc
        checked = [(row, error)]
    rows = [row for row, _error in checked]
    status = Status.OK if all(r["valid"] for r in rows) else Status.UNKNOWN
    if output is render.Output.json:
        render.emit_json({"valid": status is Status.OK, "profiles": rows})
    else:
        console = render.stdout()
        for row, error in checked:
            name = f"{row['kind']}/{row['id']}"
            if error is None:
                console.print(Text.assemble((_("ok"), "green"), f" {name}"), highlight=False)
                continue
            problems = _problems(error)
            console.print(Text.assemble((_("invalid"), "red"), " ", ngettext(
                "{name}: {count} error", "{name}: {count} errors", len(problems)).format(name=name, count=len(problems))),
                highlight=False)
            for problem in problems:
                console.print(Text(f"  {problem}"), highlight=False, soft_wrap=True)
    render.finish(status)


@app.command()
def matrix(output: OutputOption = render.Output.table) -> None:
    """The OLT vendor support matrix, generated from the profiles (Markdown, or JSON)."""
    from netops.olt import matrix as support

    if output is render.Output.json:
        render.emit_json({"olts": support.rows()})
    else:
        sys.stdout.write(support.markdown())
