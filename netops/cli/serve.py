"""`netops serve`: the exporter Prometheus and Zabbix poll (see netops.exporter.server)."""

from __future__ import annotations

from typing import Annotated

import typer

from netops.cli import render
from netops.cli.optical import Via, ViaOption
from netops.i18n import N_
from netops.results import Status

NAME = "serve"
HELP = N_("Serve /probe?target=OLT&module=optical (and module=dns) for Prometheus and Zabbix, until stopped.")
EPILOG = (
    N_("Endpoints: /probe?target=<OLT>&module=optical[&format=zabbix], /probe?target=IP[:PORT]&module=dns, /metrics. Binds to loopback unless --listen says otherwise. SIGHUP reloads the inventory. Exit codes: 0 stopped (Ctrl-C or SIGTERM), 3 bad configuration or address in use.")
)


def serve(
    ctx: typer.Context,
    listen: Annotated[
        str, typer.Option("--listen", metavar="HOST:PORT", envvar="NETOPS_LISTEN",
                          help=N_("Address to serve on (:PORT means every interface)."))
    ] = "127.0.0.1:9860",
    via: ViaOption = Via.snmp,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, envvar="NETOPS_OLT_CONCURRENCY",
                          help=N_("OLTs scanned at once (each OLT under its profile's own limit)."))
    ] = 8,
    default_timeout: Annotated[
        float, typer.Option("--default-timeout", min=1, max=300, metavar="S",
                            help=N_("Seconds a probe may take when the scraper sends no X-Prometheus-Scrape-Timeout-Seconds."))
    ] = 30.0,
    timeout_offset: Annotated[
        float, typer.Option("--timeout-offset", min=0, max=10, metavar="S",
                            help=N_("Stop reading this long before the scraper's timeout (time to judge and answer)."))
    ] = 1.0,
) -> None:
    """Run the exporter in the foreground (for systemd, a container or a terminal)."""
    from netops.exporter.server import Exporter, ServeSettings, parse_listen
    from netops.exporter.server import serve as run

    parse_listen(listen)  # a bad address is bad input before anything starts
    inventory = ctx.obj.load_inventory()
    settings = ServeSettings(via=via.value, concurrency=concurrency, default_timeout_s=default_timeout,
                             timeout_offset_s=timeout_offset)
    run(Exporter(inventory, ctx.obj.isp_profile, settings), listen, reload=ctx.obj.load_inventory)
    render.finish(Status.OK)


COMMAND = serve
