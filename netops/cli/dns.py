"""`netops dns check`: are the ISP's resolvers healthy, and if not, what exactly is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from netops.cli import render
from netops.cli.render import OutputOption
from netops.i18n import L_, N_, _

if TYPE_CHECKING:
    from netops.dns.check import DnsReport

NAME = "dns"
HELP = N_("Check DNS resolvers: reachability, latency, answers, hijacking, EDNS, DNSSEC.")

app = typer.Typer(no_args_is_help=True)


@app.command(
    epilog=N_("Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also bad input or configuration).")
)
def check(
    ctx: typer.Context,
    resolvers: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="RESOLVER",
            help=N_("IP, IP:PORT or [IPv6]:PORT. Default: the ISP profile's resolvers, primary first."),
            show_default=False,
        ),
    ] = None,
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name",
            metavar="NAME",
            help=N_("Name to resolve (repeatable). Default: the ISP profile's list."),
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            "-c",
            metavar="N",
            help=N_("Queries timed per resolver. Default: the ISP profile's (5)."),
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="S",
            help=N_("Seconds to wait for each answer. Default: the ISP profile's (2)."),
            show_default=False,
        ),
    ] = None,
    output: OutputOption = render.Output.table,
) -> None:
    """Check each resolver over UDP and TCP 53: response time and loss, NOERROR / NXDOMAIN /
    SERVFAIL / REFUSED, NXDOMAIN hijacking, recursion, EDNS and DNSSEC validation; then compare
    the resolvers' answers. One dead resolver of two is a WARNING; none answering is CRITICAL.
    """
    from netops.dns.check import check_resolvers, make_plan
    from netops.errors import ConfigError

    profile = ctx.obj.isp_profile
    if profile.dns is None:
        raise ConfigError(
            L_("the ISP profile {id!r} has no dns section", id=profile.id),
            hint=L_("add one (see docs/dns.md) or choose another profile with --isp"),
        )
    plan = make_plan(profile.dns, resolvers, names, count, timeout)
    with render.progress_bar(_("Checking resolvers"), total=len(plan.resolvers)) as advance:
        report = check_resolvers(plan, on_done=lambda _: advance())
    if output is render.Output.json:
        render.emit_json(report.to_dict())
    else:
        _table(report)
    render.finish(report.status)


def _table(report: DnsReport) -> None:
    console = render.stdout()
    table = render.FitTable(render.Column(_("resolver")), render.Column(_("check")),
                            render.Column(_("status")), render.Column(_("result"), fold=True))
    for resolver in report.resolvers:
        for index, result in enumerate(resolver.checks):
            table.add_row(
                str(resolver.resolver) if index == 0 else "",
                result.name,
                render.status_text(result.status),
                result.summary,
                end_section=index == len(resolver.checks) - 1,
            )
    table.print(console)
    console.print(
        render.status_text(report.consistency.status),
        _("consistency:"),
        report.consistency.summary,
        highlight=False,
    )
    console.print(render.status_text(report.status), report.summary, highlight=False)
