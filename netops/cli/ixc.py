"""`netops ixc ticket|diagnose`: tickets from the ISP's IXC Provedor, diagnosed and noted back."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from netops.cli import labels, render
from netops.cli.triage import AtOption, DecisionOutput, DecisionOutputOption, emit
from netops.i18n import L_, N_, _, local

NAME = "ixc"
HELP = N_("Read a ticket from IXC Provedor, diagnose it, and post the decision back as a note.")
EPILOG = (
    N_("Exit codes: 0 the ticket was read (ticket) or decided (diagnose), 3 bad input, configuration, an IXC refusal, IXC unreachable, or a note that could not be posted.")
)

app = typer.Typer(no_args_is_help=True)

TicketId = Annotated[str, typer.Argument(metavar="TICKET", help=N_("The IXC ticket (atendimento) ID."),
                                         show_default=False)]


def _open(ctx: typer.Context) -> tuple[Any, Any, Any]:
    """The inventory, its `ixc:` section and the IXC client."""
    from netops.errors import ConfigError
    from netops.tickets.ixc import open_ixc

    inventory = ctx.obj.load_inventory()
    if inventory.ixc is None:
        raise ConfigError(L_("{path} has no ixc section", path=inventory.path),
                          hint=L_("add ixc: url, token_env, olts and subjects (see docs/ixc.md)"))
    return inventory, inventory.ixc, open_ixc(inventory.ixc)


@app.command()
def ticket(ctx: typer.Context, ticket_id: TicketId,
           output: render.OutputOption = render.Output.table) -> None:
    """Show the ticket, its customer, login and newest fibre record as netops reads them,
    and what would keep `netops ixc diagnose` from running on it."""
    from netops.tickets.workflow import inspect_ticket

    inventory, settings, system = _open(ctx)
    try:
        found = inspect_ticket(system, ticket_id, settings, inventory)
    finally:
        system.close()
    if output is render.Output.json:
        render.emit_json(found)
    else:
        _print_ticket(found)


@app.command(epilog=EPILOG)
def diagnose(
    ctx: typer.Context,
    ticket_id: TicketId,
    post: Annotated[bool, typer.Option(
        "--post", help=N_("Post the decision as a private note on the ticket (once)."))] = False,
    complaint: Annotated[str | None, typer.Option(
        "--complaint", metavar="COMPLAINT", help=N_("Use this complaint instead of the one mapped from the subject."),
        show_default=False)] = None,
    at: AtOption = None,
    skip_speed: Annotated[bool, typer.Option("--skip-speed", help=N_("Do not run the speed test."))]
    = False,
    resolver: Annotated[list[str] | None, typer.Option(
        "--resolver", help=N_("Check this resolver instead of the profile's (repeat)."),
        show_default=False)] = None,
    speed_server: Annotated[str | None, typer.Option(
        "--speed-server", metavar="URL", help=N_("Speed test server URL (default: the profile's)."),
        show_default=False)] = None,
    output: DecisionOutputOption = DecisionOutput.table,
) -> None:
    """Read the IXC ticket, find the customer's ONU from its fibre record, run the checks of
    `netops diagnose`, and decide. Without --post nothing is written to IXC and the note that
    would be posted is shown; with --post it is posted once as a private note. Closing or
    transferring the ticket stays the technician's act.
    """
    from netops.cli.diagnose import diagnose_options
    from netops.errors import NetopsError
    from netops.tickets.workflow import diagnose_ticket
    from netops.tickets.workflow import post as post_note
    from netops.triage.service import instant

    isp = ctx.obj.isp_profile
    when = instant(at, isp)
    options = diagnose_options(ctx.obj.inventory, resolver, speed_server, skip_speed)
    console = render.stderr()
    inventory, settings, system = _open(ctx)
    failure: NetopsError | None = None
    try:
        done = diagnose_ticket(system, ticket_id, settings, inventory, isp, when, options,
                               complaint=complaint,
                               notify=lambda text: console.print(f"… {local(text)}", style="dim",
                                                                 markup=False, highlight=False))
        if post:
            try:
                post_note(system, done)
            except NetopsError as exc:  # shown with the decision below, then raised to the funnel
                failure = exc
    finally:
        system.close()
    _emit(done, output, failure)
    if failure is not None:
        raise failure


def _emit(done: Any, output: DecisionOutput, failure: Any) -> None:
    summary = done.summary()
    if failure is not None:
        summary["error"] = failure.line()
        summary["written"] = "unknown" if failure.code == "write_unknown" else "no"
    if output is DecisionOutput.json:
        render.emit_json({**done.decision.to_dict(), "ixc": summary})
        return
    emit(done.decision, output)
    if output in (DecisionOutput.markdown, DecisionOutput.text):
        return
    console = render.stdout()
    from rich.text import Text

    where = summary["onu"]
    if where:
        console.print(Text(_("ONU: {how}", how=where["how"])), style="dim")
    for note in summary["notes"]:
        console.print(Text(_("note: {note}", note=note)), style="dim")
    if done.posted and done.message_id:
        title = _("posted on IXC ticket {ticket} as private note {ident}", ticket=done.ticket.id,
                  ident=done.message_id)
    elif done.posted:
        title = _("posted on IXC ticket {ticket} as a private note (IXC gave no message id)",
                  ticket=done.ticket.id)
    elif failure is not None and summary["written"] == "unknown":
        title = _("NOT posted on IXC ticket {ticket}: not known whether it was written", ticket=done.ticket.id)
    elif failure is not None:
        title = _("NOT posted on IXC ticket {ticket}: not written", ticket=done.ticket.id)
    else:
        title = _("would post on IXC ticket {ticket} (private note; --post to post)", ticket=done.ticket.id)
    body = "\n".join(f"{k}: {v}" for k, v in done.note.items() if k != "mensagem")
    render.pasteable(console, title, _("{body}\nmensagem:\n{mensagem}", body=body, mensagem=done.note['mensagem']))


def _print_ticket(found: dict[str, Any]) -> None:
    from rich.text import Text

    console = render.stdout()
    data = found["ticket"]
    rows: list[tuple[str, Any]] = [
        (_("ticket"), data["id"]), (_("protocol"), data["protocol"]), (_("opened"), data["opened_at"]),
        (_("status"), data["status"]), (_("subject"), data["subject_id"]),
        (_("complaint"), labels.complaint(found["complaint"])), (_("title"), data["title"]), (_("text"), data["text"]),
        (_("customer"), _("{name} (id {id})", name=data["customer"]["name"], id=data["customer"]["id"])),
    ]
    login = data["login"]
    if login:
        online = labels.state({True: "online", False: "offline", None: "unknown"}[login["online"]])
        rows.append((_("login"), _("{login} (id {id}, {state})", login=login["login"], id=login["id"],
                                   state=online)))
    else:
        rows.append((_("login"), None))
    fibre = data["fibre"]
    if fibre:
        rows += [
            (_("fibre record"), _("id {id} ({count} on this login)", id=fibre["id"], count=data["fibre_rows"])),
            (_("IXC OLT"), fibre["olt_id"]), ("ponid", fibre["pon"]),
            ("onu_numero", fibre["onu_number"]), (_("serial (mac)"), fibre["serial"]),
            (_("model"), fibre["model"]),
            (_("IXC's last Rx/Tx"), _("{rx} / {tx} dBm at {when} (not used to decide)",
                                      rx=fibre["rx_dbm"] or "—", tx=fibre["tx_dbm"] or "—",
                                      when=fibre["measured_at"] or "—")),
            (_("last down cause"), fibre["last_down_cause"]),
        ]
    else:
        rows.append((_("fibre record"), None))
    onu = found["onu"]
    rows.append((_("netops reads"), _("{onu} on {olt}", onu=onu["onu"], olt=onu["olt"]) if onu else None))
    table = render.key_value_table()
    for key, value in rows:
        table.add_row(key, "—" if value in (None, "") else str(value))
    table.print(console)
    for note in data["notes"] + ([onu["how"]] if onu else []):
        console.print(Text(_("note: {note}", note=note)), style="dim")
    for problem in found["problems"]:
        render.stderr().print(Text(_("problem: {problem}", problem=problem)), style="yellow")
