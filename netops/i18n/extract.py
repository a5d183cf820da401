"""The Babel extraction method for netops's sources (babel.cfg names it; never run by netops).

Babel's own Python extractor finds the marked strings (`_`, `N_`, `L_`, `nL_`, `ngettext`).
Typer shows a command's docstring as its help, and a docstring cannot be marked, so the
docstrings of functions decorated as commands (`@app.command(...)`, `@app.callback(...)`) are
extracted too, cleaned as typer cleans them (`inspect.cleandoc`): the catalog holds exactly the
text the help shows.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

KEYWORDS = {"_": None, "N_": None, "L_": None, "nL_": (1, 2), "ngettext": (1, 2)}
COMMAND_DECORATORS = ("command", "callback")


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[Any]:
    """Babel's Python messages of the file, then its command docstrings."""
    from babel.messages.extract import extract_python  # only at extraction time

    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]  # Babel's own option type
    fileobj.seek(0)
    yield from command_docstrings(fileobj.read().decode(str(options.get("encoding", "utf-8"))))


def command_docstrings(source: str) -> Iterator[tuple[int, str, str, list[str]]]:
    """(line, '', docstring, []) for every function typer reads a help text from."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not any(_is_command_decorator(decorator) for decorator in node.decorator_list):
            continue
        doc = ast.get_docstring(node, clean=True)
        if doc:
            yield node.body[0].lineno, "", doc, []


def _is_command_decorator(node: ast.expr) -> bool:
    call = node.func if isinstance(node, ast.Call) else node
    return isinstance(call, ast.Attribute) and call.attr in COMMAND_DECORATORS
