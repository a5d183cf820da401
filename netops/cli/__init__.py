"""Command-line interface: the only package that imports typer and rich."""

from __future__ import annotations

import sys

from netops.i18n import _


def main() -> None:
    """The `netops` command. Importing the CLI takes a moment (typer, rich, every command group):
    a Ctrl-C then is one line and exit 130 too, as it is once the funnel runs."""
    try:
        from netops.cli.app import run
    except KeyboardInterrupt:
        sys.stderr.write(_("netops: interrupted\n"))
        sys.exit(130)
    sys.exit(run())
