"""The `netops` command: global options, command groups, and the one error funnel.

Every command group lives in its own module and is mounted here. Heavy libraries (pysnmp,
netmiko, paramiko, httpx, speedtest) are imported inside commands, never at module level, so
`netops --help` stays fast.
"""

from __future__ import annotations

import sys
from types import ModuleType

import typer

from netops import __version__
from netops.cli import (
    argv,
    cases,
    demo,
    diagnose,
    dns,
    find,
    helptext,
    ixc,
    lab,
    optical,
    profiles,
    render,
    serve,
    speed,
    triage,
    wifi,
)
from netops.cli.argv import GlobalValues
from netops.cli.context import AppContext
from netops.cli.streams import GuardedStdout
from netops.errors import NetopsError, StorageError
from netops.i18n import N_, _
from netops.results import Status

EXIT_CODES_HELP = N_(
    "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN "
    "(also bad input, bad configuration and unreachable devices)."
)

class _NetopsGroup(typer.core.TyperGroup):
    """The top-level command: its help lists the global options, which netops reads itself
    (netops.cli.argv) before or after the command."""

    def format_options(self, ctx, formatter):  # type: ignore[no-untyped-def]
        rows = [(", ".join(o.names) + (f" {o.metavar}" if o.metavar else ""), o.help + o.notes)
                for o in argv.GLOBAL_OPTIONS]
        with formatter.section(N_("Global options (before or after the command)")):  # the formatter translates
            formatter.write_dl(rows)
        super().format_options(ctx, formatter)


app = typer.Typer(
    name="netops",
    cls=_NetopsGroup,
    help=N_("Support tool for GPON/FTTH technicians: optical levels, DNS, speed, Wi-Fi keys, escalation."),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# One module per command group; each defines NAME, HELP and a typer `app`.
COMMAND_GROUPS: tuple[ModuleType, ...] = (optical, profiles, lab, cases, speed, dns, wifi)
COMMAND_GROUPS += (ixc,)  # tickets from the ISP's IXC Provedor

for module in COMMAND_GROUPS:
    epilog = getattr(module, "EPILOG", EXIT_CODES_HELP)  # a group with other exit codes says so
    app.add_typer(module.app, name=module.NAME, help=module.HELP, epilog=epilog)

# Commands without subcommands: each module defines NAME, HELP, EPILOG and COMMAND (a group would
# read a positional argument as a subcommand's name, and show `COMMAND [ARGS]...` in its usage).
for module in (triage, diagnose, demo, find, serve):
    app.command(name=module.NAME, help=module.HELP, epilog=module.EPILOG)(module.COMMAND)


@app.callback()
def root() -> None:
    """Support tool for GPON/FTTH technicians."""


def _fail(message: str) -> int:
    sys.stderr.write(_("netops: error: {message}").format(message=render.hint_commands(message)) + "\n")
    return int(Status.UNKNOWN)


INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class _Invocation(typer.Context):
    """Typer's context, noting on an interrupt which command it stopped.

    The innermost context sees the interrupt first, while the command's parsed arguments are
    still at hand; the funnel reads the note after every context has closed.
    """

    formatter_class = helptext.TranslatedHelp

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        typers_own = [p for p in self.command.params if p.name in ("install_completion", "show_completion")]
        _plain_flags([*typers_own, self.command.get_help_option(self)])

    def get_help(self) -> str:
        """The command's help as click writes it, ending with the command's examples."""
        formatter = self.make_formatter()
        self.command.format_help(self, formatter)
        helptext.write_examples(formatter, self.command_path)
        return formatter.getvalue().rstrip("\n")

    def __exit__(self, exc_type, exc_value, tb):  # type: ignore[no-untyped-def]
        interrupted = isinstance(exc_value, KeyboardInterrupt | typer.Abort)
        if interrupted and not hasattr(exc_value, "netops_during"):
            exc_value.netops_during = _describe(self)  # type: ignore[union-attr]
        return super().__exit__(exc_type, exc_value, tb)


def _plain_flags(params: list) -> None:
    """Typer's own flags (--help, --install-completion...) default to None, and typer converts a
    None through a validation library it loads for it, on every command level, help included
    (a third of `--help`'s time). False means the same, not given, and a flag's False needs no
    conversion."""
    for param in params:
        if param is not None and param.default is None:
            param.default = False


def _describe(ctx: typer.Context) -> str:
    """`optical scan of lab-huawei`: the command and the arguments it was given."""
    from netops.text import plain

    words = ctx.command_path.split()[1:]
    given = [
        " ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        for param in ctx.command.params
        if param.param_type_name == "argument"
        and (value := ctx.params.get(param.name)) not in (None, (), [])
    ]
    text = " ".join(words)
    if given:
        text = _("{command} of {arguments}").format(command=text, arguments=" ".join(given))
    text = plain(text)
    return text if len(text) <= 80 else text[:77] + "..."


def _use_invocation_contexts(command: typer.core.TyperGroup | typer.core.TyperCommand) -> None:
    command.context_class = _Invocation
    helptext.translate(command)
    for sub in getattr(command, "commands", {}).values():
        _use_invocation_contexts(sub)


def _invoke(command: typer.core.TyperGroup, given: GlobalValues, args: list[str]) -> int:
    """Parse and run one command; its exit code (typer.Exit carries it)."""
    if given.version:
        sys.stdout.write(_("netops {version}").format(version=__version__) + "\n")
        return 0
    if given.debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    obj = AppContext(inventory=given.inventory, isp=given.chosen_isp(), debug=given.debug)
    try:
        with command.make_context("netops", args, obj=obj) as ctx:
            result = command.invoke(ctx)
    except typer.Exit as exc:
        result = exc.exit_code
    sys.stdout.flush()  # a full disk shows here, while the funnel still listens
    return int(result) if isinstance(result, int) else 0


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every failure ends here as one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    stdout = GuardedStdout(sys.stdout)
    sys.stdout = stdout  # type: ignore[assignment]
    try:
        return _funnel(args)
    finally:
        sys.stdout = stdout.stream
        stdout.settle()


def _funnel(args: list[str]) -> int:
    command = typer.main.get_command(app)
    _use_invocation_contexts(command)  # type: ignore[arg-type]  # typer builds a TyperGroup
    command._main_shell_completion({}, "netops")  # `_NETOPS_COMPLETE=...`: answer and exit
    debug = "--debug" in args  # the one global option that matters before the command line is read
    try:
        given, rest = argv.split(command, args)
        debug = given.debug
        render.hint_options = given.hint_options()
        return _invoke(command, given, rest)  # type: ignore[arg-type]
    except NetopsError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        return _fail(exc.one_line())
    except (typer.Abort, KeyboardInterrupt) as exc:
        during = getattr(exc, "netops_during", None)
        sys.stderr.write((_("netops: interrupted during {command}").format(command=during) if during
                          else _("netops: interrupted")) + "\n")
        return INTERRUPTED
    except typer.TyperException as exc:  # usage errors: bad option, missing argument...
        message = exc.format_message()
        if type(exc).__name__ == "NoArgsIsHelpError":  # `netops` or a group alone: show its help
            try:
                sys.stdout.write(message.rstrip() + "\n")
                sys.stdout.flush()
            except StorageError as failed:
                return _fail(failed.one_line())
            return 0
        if not message.strip():
            return int(Status.UNKNOWN)
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            message += _(" (see `{command} --help`)").format(command=ctx.command_path)
        return _fail(message)
    except Exception as exc:  # a bug: say so in one line, full traceback only with --debug
        if debug:
            import traceback

            traceback.print_exc()
        first = str(exc).splitlines()[0] if str(exc) else ""
        return _fail(_("internal error {kind}: {first} (run with --debug for details)").format(
            kind=type(exc).__name__, first=first))
