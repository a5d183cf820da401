"""`netops wifi reset`: change a customer's Wi-Fi key on the router or through the ACS."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from netops.cli import labels, render
from netops.cli.render import OutputOption
from netops.errors import InputError, SecretMissing
from netops.i18n import L_, N_, _
from netops.results import Status

NAME = "wifi"
HELP = N_("Change the Wi-Fi key on Askey and Mitrastar routers (web UI or TR-069 ACS), and follow ACS changes.")

app = typer.Typer(no_args_is_help=True)


class Via(str, Enum):
    """How the key reaches the router."""

    web = "web"
    acs = "acs"

RESET_HELP = N_("""Set a new Wi-Fi key (and optionally SSID), verify it by reading it back, and show it.

HOST is the router address (--via web) or its serial number as the ACS knows it (--via acs).
The router password comes from NETOPS_CPE_PASSWORD, the OS keyring (service 'netops', same
name) or a prompt; never from the command line. Default: a generated 12-character key, the
same on every band. Per band: changed (read back), unverified, pending (router restarting or
ACS task queued), failed, not_sent, not_found (page missing, model's radios unknown), absent.
A model known to have a band never ends changed with that band untouched. Exit 0 when every
band was read back with the new key, 1 when something is pending, unverified or not found, 2
when a band failed or was not sent, 3 when nothing could be done; Ctrl-C says which bands were
written. With --via acs the ACS's model is used (a different --model is refused), --timeout is
also how long the device has to open its session, and the ACS's answer is awaited until that
session ends (--wait caps it); a pending change is followed with `netops wifi status`. Every
attempt is appended to the audit log (user data directory, audit/wifi.jsonl) with a salted
fingerprint of the key, never the key itself; a log that cannot be written is a warning.
""")


def _password(env_name: str) -> str:
    from netops.settings import resolve_secret

    try:
        return resolve_secret(env_name, L_("router password"))
    except SecretMissing as exc:
        if not sys.stdin.isatty():
            raise SecretMissing(
                L_("router password: {env_name} is not set and there is no terminal to ask", env_name=env_name),
                hint=L_("export {env_name}=... or store it in the OS keyring under service 'netops'", env_name=env_name),
            ) from exc
        return typer.prompt(_("Router password"), hide_input=True)


@app.command("reset", help=RESET_HELP)
def reset(
    ctx: typer.Context,
    host: Annotated[str, typer.Argument(metavar="HOST", help=N_("Router address, or the CPE serial number with --via acs."))],
    model: Annotated[
        str | None,
        typer.Option(
            "--model", "-m", metavar="MODEL",
            help=N_("Model as on the label, e.g. RTF3505VW, GPT-2741GNAC. With --via acs the ACS's own is used "
            "and a different --model is refused."),
        ),
    ] = None,
    band: Annotated[str, typer.Option("--band", "-b", metavar="2.4|5|all", help=N_("2.4, 5 or all."))] = "all",
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar="KEY|-",
            help=N_("The new key (8-63 printable ASCII or 64 hex); '-' reads it from stdin, out of the "
            "process list. Default: generate one."),
        ),
    ] = None,
    generate: Annotated[bool, typer.Option("--generate", help=N_("Generate a new key (the default)."))] = False,
    ssid: Annotated[str | None, typer.Option("--ssid", metavar="SSID", help=N_("Also set this SSID."))] = None,
    user: Annotated[str | None, typer.Option("--user", "-u", metavar="USER", help=N_("Router user (default: ISP profile)."))] = None,
    port: Annotated[
        int | None, typer.Option("--port", "-p", metavar="PORT", min=1, max=65535, help=N_("Router web port (default: ISP profile's ports, in order)."))
    ] = None,
    via: Annotated[
        Via, typer.Option("--via", case_sensitive=False,
                          help=N_("web (the router's own pages) or acs (GenieACS NBI at NETOPS_ACS_URL)."))
    ] = Via.web,
    serial: Annotated[
        str | None, typer.Option("--serial", metavar="SERIAL", help=N_("With --via acs: the CPE serial number (default: HOST)."))
    ] = None,
    wait: Annotated[
        float | None,
        typer.Option("--wait", metavar="S", min=0, max=600, help=N_("Seconds to wait for a router restarting after the save (default: profile); "
                     "with --via acs, for the ACS's answer (default: as long as GenieACS may hold it).")),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", metavar="S", min=0.5, max=120, help=N_("Seconds per HTTP request."))] = 8.0,
    output: OutputOption = render.Output.table,
) -> None:
    from netops.cpe import reset as core
    from netops.cpe.request import build_request

    if key == "-":  # out of the process list: read from stdin
        key = sys.stdin.readline().rstrip("\r\n")
        if not key:
            raise InputError(L_("--key -: no key on standard input"))
    policy = ctx.obj.isp_profile.cpe
    request, profile = build_request(
        host, policy, model=model, band=band, key=key, generate=generate, ssid=ssid, user=user,
        port=port, via=via.value, serial=serial, wait=wait, timeout=timeout,
    )
    if request.via == "web":
        request.password = _password(policy.password_env)
    new_key = request.key
    err, note, warn = _stderr_lines()

    def show_key() -> None:
        # once logged in (or the device found) and before the key is sent, so it is never lost
        err.print(_("New Wi-Fi key: "), end="", highlight=False)
        render.unbroken(err, new_key, style="bold")

    try:
        outcome = core.reset(request, profile, note, show_key, warn)
    except core.ResetInterrupted as stop:
        # what the customer's networks are left with; the CLI's funnel says "interrupted"
        err.print(_("netops: Wi-Fi change interrupted: {progress}", progress=stop.outcome.progress()), highlight=False,
                  soft_wrap=True, markup=False)
        raise
    data = {**outcome.to_dict(), "key": new_key}
    if output is render.Output.json:
        render.emit_json(data)
    else:
        _table(data, outcome.status)
    render.finish(outcome.status)


STATUS_HELP = N_("Look up a Wi-Fi change made through the ACS: pending, done, refused, or cancelled.\n\nTARGET is the task id a pending `wifi reset --via acs` reported, or the CPE's serial number (its\nlast change in this installation's audit log). A task the ACS still holds is pending (or failed,\nwith the device's fault); a task it no longer holds ran, and the key is read back through the ACS\nand compared with the audit record's fingerprint of the key that was set (the key itself is never\nstored). --cancel removes a task still queued. Exit 0 every band changed and read back, 1 pending\nor unverified, 2 failed or cancelled, 3 nothing could be looked up.\n")


@app.command("status", help=STATUS_HELP)
def status(
    target: Annotated[str, typer.Argument(metavar="TARGET", help=N_("Task id, or the CPE serial number as the ACS knows it."))],
    cancel: Annotated[bool, typer.Option("--cancel", help=N_("Remove the task from the ACS if it has not run yet."))] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="S", min=0.5, max=120, help=N_("Seconds per ACS request, and for the device to open its session."))
    ] = 8.0,
    output: OutputOption = render.Output.table,
) -> None:
    from netops.cpe.acs_status import change_status

    _, note, warn = _stderr_lines()
    found = change_status(target, timeout, note, cancel, warn)
    data = {**found.outcome.to_dict(), "task": found.task}
    if output is render.Output.json:
        render.emit_json(data)
    else:
        _table(data, found.outcome.status)
    render.finish(found.outcome.status)


def _stderr_lines():  # type: ignore[no-untyped-def]
    """stderr, and how progress notes and warnings go there: always as text, never markup."""
    err = render.stderr()

    def note(text: str) -> None:
        err.print(text, style="dim", highlight=False, soft_wrap=True, markup=False)

    def warn(text: str) -> None:
        err.print(_("netops: warning: {text}", text=text), highlight=False, soft_wrap=True, markup=False)

    return err, note, warn


def _table(data: dict, status: Status) -> None:
    from rich.text import Text

    console = render.stdout()
    where = f"{data['host']}:{data['port']}" if data.get("port") else data["host"]
    console.print(_("{where}  {model}  ({family}, via {via})", where=where, model=data['model'], family=data['family'], via=data['via']), highlight=False, markup=False)
    if data.get("task"):
        task = data["task"]
        console.print(Text(_("ACS task {task}: {state} ({reason})", task=task.get("id") or "-",
                             state=labels.task(task.get("state")), reason=task.get("reason", ""))))
    table = render.FitTable(render.Column(_("band")), render.Column("SSID"),
                            render.Column(_("result")), render.Column(_("verified"), keep=50),
                            render.Column(_("detail"), fold=True, min_width=16))
    for band in data["bands"]:
        # SSIDs and page messages are text, never console markup
        table.add_row(_("{band} GHz", band=band["band"]), Text(band["ssid"] or ""), labels.band(band["status"]),
                      labels.yes_no(band["verified"]), Text(band["detail"]))
    table.print(console)
    if "key" in data:
        console.print(_("New key: "), end="")
        render.unbroken(console, data["key"], style="bold")
    console.print(_("Status: "), render.status_text(status))
