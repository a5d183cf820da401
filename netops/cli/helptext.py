"""Help in the technician's language.

Help texts are English constants in the code (marked `N_()`, or command docstrings, which the
extraction reads too). Typer builds the click commands anew for every invocation; before it
parses, `translate(command)` puts each help text of the tree in the chosen language, so the
language is the one of this run even when several runs share one process. The help formatter
translates the few words click and typer write themselves (headings, the usage prefix, the help
option, the `[default: ...]` notes), and ends each command's help with its examples
(netops.cli.examples): the commands exactly as they are typed, never wrapped or translated, each
under its comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import typer

from netops.i18n import N_, _, help_text

# Words of the help page that click and typer write themselves, in English.
USAGE_PREFIX = N_("Usage: ")
HEADINGS = (N_("Arguments"), N_("Options"), N_("Commands"))
EXAMPLES_HEADING = N_("Examples")
FRAMEWORK_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
NOTE_WORDS = {"default: ": N_("default: "), "env var: ": N_("env var: "), "required": N_("required")}
_NOTES = re.compile(r"^(?P<text>.*?)(?P<gap>\s*)\[(?P<notes>[^\[\]]*)\]$", re.DOTALL)


def translate(command: Any) -> None:
    """The help texts of `command` and of its parameters, in the chosen language (in place)."""
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if isinstance(text, str):
            setattr(command, attribute, help_text(text))
    for param in getattr(command, "params", ()):
        if isinstance(getattr(param, "help", None), str):
            param.help = help_text(param.help)


def _notes(help_column: str) -> str:
    """`Output format.  [default: table]` with the note's words translated."""
    found = _NOTES.match(help_column)
    if found is None:
        return help_text(help_column) or help_column
    notes = []
    for note in found["notes"].split("; "):
        for english, marked in NOTE_WORDS.items():
            if note.startswith(english):
                note = _(marked) + note[len(english):]
                break
        notes.append(note)
    return f"{help_text(found['text']) or ''}{found['gap']}[{'; '.join(notes)}]"


_ClickHelpFormatter: Any = typer.Context.formatter_class  # click's, as typer ships it


class TranslatedHelp(_ClickHelpFormatter):
    """Click's help formatter, writing its own words in the chosen language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _(USAGE_PREFIX) if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _notes(text)) for term, text in rows], col_max, col_spacing)


def write_examples(formatter: Any, command_path: str) -> None:
    """The "Examples" section of `netops optical scan`'s help (none for a group)."""
    from netops.cli.examples import for_command

    examples = for_command(command_path.partition(" ")[2])
    if not examples:
        return
    with formatter.section(EXAMPLES_HEADING):  # the formatter translates the heading
        indent = " " * formatter.current_indent
        for index, example in enumerate(examples):
            if index:
                formatter.write("\n")
            formatter.write(f"{indent}# {_(example.comment)}\n{indent}{example.command}\n")
