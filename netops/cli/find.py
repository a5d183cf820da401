"""`netops find QUERY`: which OLT and ONU is this customer, from a name, a login or a serial."""

from __future__ import annotations

from typing import Annotated

import typer

from netops.cli import render
from netops.cli.optical import HostKeyOption, Via, ViaOption, _reader_options
from netops.cli.render import OutputOption
from netops.i18n import N_, _, local, nL_
from netops.results import Status

NAME = "find"
HELP = N_("Find a customer's ONU on every OLT: by serial, name or description (exit 0 one match, 1 several, 3 none).")
EPILOG = (
    N_("Exit codes: 0 one match, 1 several matches (the search is ambiguous), 3 no match, bad input or configuration. OLTs that do not answer are listed and do not stop the search.")
)

def find(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(metavar="QUERY", help=N_("Serial (HWTC1A2B3C4D or 16 hex digits), or part of a name or description.")),
    ],
    via: ViaOption = Via.snmp,
    refresh: Annotated[
        bool, typer.Option("--refresh", help=N_("Read every OLT now instead of using lists cached moments ago."))
    ] = False,
    accept_unknown_host_key: HostKeyOption = False,
    output: OutputOption = render.Output.table,
) -> None:
    """Search every OLT of the inventory at once (case and accents ignored)."""
    from netops.history.cache import list_cache
    from netops.history.store import record_quietly
    from netops.olt.search import search
    from netops.settings import find_cache_ttl_s, find_concurrency

    inventory = ctx.obj.load_inventory()
    cache = list_cache(find_cache_ttl_s(), refresh)
    result = search(inventory, query, via=via.value, concurrency=find_concurrency(), cache=cache,
                    options=_reader_options(via, accept_unknown_host_key))
    record_quietly(result.fresh, "find")
    for error in result.errors:
        render.warn(_("OLT {olt} not searched: {error}", olt=error['olt'], error=error['error']))
    if output is render.Output.json:
        render.emit_json(result.to_dict())
    elif result.matches:
        from netops.cli.optical_output import matches_table

        console = render.stdout()
        matches_table([m.to_dict() for m in result.matches], render.literal(_("find {query!r}", query=query))).print(console)
        line = (nL_("{count} match; searched {searched} OLTs ({cached} from lists cached moments ago; --refresh reads them again)", "{count} matches; searched {searched} OLTs ({cached} from lists cached moments ago; --refresh reads them again)", len(result.matches), searched=result.searched, cached=result.cached)
                if result.cached else nL_("{count} match; searched {searched} OLTs", "{count} matches; searched {searched} OLTs", len(result.matches), searched=result.searched))
        console.print(render.literal(local(line)), highlight=False)
    if not result.matches:
        message = (_("netops: no ONU matches {query!r}; searched {searched} OLTs ({failed} did not answer)", query=query, searched=result.searched, failed=len(result.errors))
                   if result.errors else _("netops: no ONU matches {query!r}; searched {searched} OLTs", query=query, searched=result.searched))
        render.stderr().print(
            render.literal(message),
            highlight=False, soft_wrap=True,
        )
        render.finish(Status.UNKNOWN)
    render.finish(Status.OK if len(result.matches) == 1 else Status.WARNING)


COMMAND = find
