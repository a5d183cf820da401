"""`netops demo`: start the lab, diagnose example tickets against it, show each decision, stop."""

from __future__ import annotations

import sys

import typer

from netops.cli import render
from netops.cli.triage import (
    AtOption,
    DecisionOutput,
    DecisionOutputOption,
    markdown,
    plain_text,
    print_decision,
)
from netops.i18n import N_, _, local

NAME = "demo"
HELP = N_("Run the whole job against the built-in lab: diagnose example tickets and decide.")
EPILOG = N_("Exit codes: 0 every example was decided, 3 the lab could not be started.")

def demo(
    ctx: typer.Context,
    at: AtOption = None,
    output: DecisionOutputOption = DecisionOutput.table,
) -> None:
    """Start a private lab on free ports, diagnose example tickets (LOS, low signal, DNS
    failure, slow line, Wi-Fi key, cancellation, and tickets read from the lab's IXC and noted
    back on it), print each decision, and stop the lab.

    Nothing leaves loopback; decisions go to a case log inside the temporary lab directory.
    Exit codes: 0 every ticket was decided, 3 the lab could not start.
    """
    from netops.cli import demo_run
    from netops.triage.service import instant

    isp = ctx.obj.isp_profile
    console = render.stderr()
    cases = demo_run.run(
        isp, instant(at, isp), notify=lambda t: console.print(render.literal(f"… {local(t)}"), style="dim")
    )
    if output is DecisionOutput.json:
        shown = []
        for case in cases:
            shown.append({"title": case.title, **case.decision.to_dict()})
            if case.ixc:
                shown[-1]["ixc"] = case.ixc
        render.emit_json({"cases": shown})
        return
    for index, case in enumerate(cases):
        if output is DecisionOutput.markdown:
            typer.echo(markdown(case.decision, title=_(case.title)))
        elif output is DecisionOutput.text:  # each ticket text as it is, a blank line between
            if index:
                sys.stdout.write("\n")
            plain_text(case.decision.message)
        else:
            render.heading(render.stdout(), _(case.title))
            print_decision(case.decision)
            if case.ixc:
                render.stdout().print(_("posted on IXC ticket {ticket} as note {message_id}",
                                        ticket=case.ixc["ticket"], message_id=case.ixc["message_id"]), markup=False)


COMMAND = demo
