"""The `netops` command: global options, command groups, and the one error funnel.

Every command group lives in its own module and is mounted here. Heavy libraries (pysnmp,
netmiko, paramiko, httpx, speedtest) are imported inside commands, never at module level, so
`netops --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netops import __version__
from netops.cli import cases, demo, diagnose, dns, find, lab, optical, profiles, speed, triage, wifi
from netops.cli.context import AppContext
from netops.errors import NetopsError
from netops.results import Status

EXIT_CODES_HELP = (
    "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN "
    "(also bad input, bad configuration and unreachable devices)."
)

app = typer.Typer(
    name="netops",
    help="Support tool for GPON/FTTH technicians: optical levels, DNS, speed, Wi-Fi keys, escalation.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# One module per command group; each defines NAME, HELP and a typer `app`.
COMMAND_GROUPS = (optical, profiles, lab, demo, triage, diagnose, cases, speed, dns, wifi)

for module in COMMAND_GROUPS:
    epilog = getattr(module, "EPILOG", EXIT_CODES_HELP)  # a group with other exit codes says so
    app.add_typer(module.app, name=module.NAME, help=module.HELP, epilog=epilog)

# A single command taking a positional argument (a group would read it as a subcommand's name).
app.command(name=find.NAME, help=find.HELP, epilog=find.EPILOG)(find.find)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"netops {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    ctx: typer.Context,
    inventory: Annotated[
        str | None,
        typer.Option(
            "--inventory",
            "-i",
            help="Inventory YAML (or 'lab' for the running lab). Default: $NETOPS_INVENTORY, "
            "else ~/.config/netops/inventory.yaml.",
            show_default=False,
        ),
    ] = None,
    isp: Annotated[
        str,
        typer.Option("--isp", envvar="NETOPS_ISP", help="ISP policy profile id."),
    ] = "netcenter",
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks and debug logs on stderr.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Support tool for GPON/FTTH technicians."""
    ctx.obj = AppContext(inventory=inventory, isp=isp, debug=debug)
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)


def _debug_requested(argv: list[str]) -> bool:
    return "--debug" in argv


def _fail(message: str) -> int:
    sys.stderr.write(f"netops: error: {message}\n")
    return int(Status.UNKNOWN)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every failure ends here as one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = _debug_requested(args)
    try:
        result = app(args=args, prog_name="netops", standalone_mode=False)
    except NetopsError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        return _fail(exc.one_line())
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("netops: interrupted\n")
        return 130
    except typer.TyperException as exc:  # usage errors: bad option, missing argument...
        message = exc.format_message()
        if type(exc).__name__ == "NoArgsIsHelpError":  # `netops` or a group alone: show its help
            sys.stdout.write(message.rstrip() + "\n")
            return 0
        if not message.strip():
            return int(Status.UNKNOWN)
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            message += f" (see `{ctx.command_path} --help`)"
        return _fail(message)
    except Exception as exc:  # a bug: say so in one line, full traceback only with --debug
        if debug:
            import traceback

            traceback.print_exc()
        first = str(exc).splitlines()[0] if str(exc) else ""
        return _fail(
            f"internal error {type(exc).__name__}: {first} (run with --debug for details)"
        )
    return int(result) if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run())
