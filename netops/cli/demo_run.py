"""`netops demo`: the whole job end to end against the lab, in a throw-away lab directory.

It lives with the commands because it starts the lab: only `cli/` may use the lab.

The lab is started on free ports in a temporary directory (so a lab the user already runs is left
alone), each demo ticket is diagnosed against it and decided, and the lab is stopped by PID. The
decisions go to a case log inside that directory, not the user's. A demo ticket given as `ixc: ID`
is read from the lab's IXC stand-in and its decision is posted back there as a note.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from netops.errors import ConfigError
from netops.i18n import L_, N_, _
from netops.triage.caselog import CaseLog
from netops.triage.diagnose import DiagnoseOptions, diagnose
from netops.triage.engine import Decision
from netops.triage.service import triage
from netops.triage.ticket import parse_ticket

TICKETS = Path(__file__).with_name("demo_tickets.yaml")
# Each demo case's title (English: JSON shows it as it is; a table translates it).
TITLES = {
    "fibre_cut": N_("Fibre cut (LOS)"),
    "low_signal": N_("Low signal"),
    "dns_failure": N_("DNS failure (the resolver drops UDP 53)"),
    "slow_line": N_("Slow line (60 Mbit/s on a 100 Mbit/s plan)"),
    "wifi_key": N_("Forgotten Wi-Fi key"),
    "cancellation": N_("Cancellation"),
    "ixc_1001": N_("IXC ticket 1001 (no connection; the ONU found from the IXC fibre record)"),
    "ixc_1003": N_("IXC ticket 1003 (ONU swapped; IXC keeps the old record too)"),
}


@dataclass
class DemoCase:
    title: str
    decision: Decision
    ixc: dict[str, Any] | None = None  # for a ticket read from the lab's IXC: what was posted


def run(
    isp: Any,
    at: dt.datetime,
    notify: Callable[[str], None] = lambda _: None,
    keep: Path | None = None,
) -> list[DemoCase]:
    """Start the lab, diagnose every demo ticket against it, stop the lab."""
    from netops.lab import manager
    from netops.settings import load_inventory

    directory = keep or Path(tempfile.mkdtemp(prefix="netops-demo-"))
    notify(_("starting the lab in {directory}", directory=directory))
    try:
        lab = manager.servers(manager.up(directory, fixed_ports=False))
        where: dict[str, Any] = {"healthy": [lab.resolver] if lab.resolver else None,
                 "udp_dropped": [lab.resolver_udp_dropped] if lab.resolver_udp_dropped else None,
                 "speed": lab.speed, "slow_line": lab.speed_slow_line}
        if not where["healthy"] or not where["udp_dropped"]:
            raise ConfigError(L_("the lab has no DNS resolver service"), hint=L_("see `netops lab up`"))
        inventory = load_inventory(str(directory / "inventory.yaml"))
        log = CaseLog(directory / "cases.sqlite3")
        cases = []
        for item in yaml.safe_load(TICKETS.read_text(encoding="utf-8")):
            notify(_(TITLES[item["case"]]))
            options = DiagnoseOptions(
                skip_speed=item.get("skip_speed", False),
                resolvers=where[item.get("dns", "healthy")],
                speed_server=where[item.get("speed", "speed")],
                speed_duration_s=2.0,
                speed_warmup_s=0.5,
            )
            if "ixc" in item:
                cases.append(_ixc_case(item, inventory, isp, at, options, log, notify))
                continue
            found = diagnose(parse_ticket(item["ticket"]), isp, lambda: inventory, options, notify)
            decision = triage(found.ticket, isp, at, log=log, command="demo",
                              checks=[check.to_dict() for check in found.checks])
            cases.append(DemoCase(TITLES[item["case"]], decision))
        return cases
    finally:
        notify(_("stopping the lab"))
        manager.down(directory)
        if keep is None:
            shutil.rmtree(directory, ignore_errors=True)


def _ixc_case(item: dict[str, Any], inventory: Any, isp: Any, at: dt.datetime,
              options: DiagnoseOptions, log: CaseLog, notify: Callable[[str], None]) -> DemoCase:
    """A ticket read from the lab's IXC stand-in, diagnosed, and its note posted back there."""
    from netops.lab.ixc_server import lab_token
    from netops.tickets.ixc import connect
    from netops.tickets.workflow import diagnose_ticket, post

    if inventory.ixc is None:
        raise ConfigError(L_("the lab has no IXC stand-in"), hint=L_("see `netops lab up`"))
    system = connect(inventory.ixc, lab_token())
    try:
        done = diagnose_ticket(system, str(item["ixc"]), inventory.ixc, inventory, isp, at,
                               options, notify=notify, log=log)
        post(system, done)
    finally:
        system.close()
    notify(_("posted note {message_id} on the lab IXC's ticket {ticket}", message_id=done.message_id, ticket=done.ticket.id))
    return DemoCase(TITLES[item["case"]], done.decision, done.summary())
