"""The words a table shows for the ids netops reports (flags, ONU states and down causes, Wi-Fi
band states, ACS task states, trend directions, ticket complaints, profile sources), in the
reader's language.

JSON, CSV and Prometheus keep the ids (`rx_low`, `dying_gasp`): scripts match on them. A person
reads the label. An id with no label here (a vendor's own down-cause word, say) is shown as it
came: it is data, not a message.
"""

from __future__ import annotations

from collections.abc import Iterable

from netops.i18n import N_, _

FLAGS = {
    "rx_low": N_("Rx low"),
    "olt_rx_low": N_("OLT Rx low"),
    "rx_high": N_("Rx high"),
    "rx_near_low": N_("Rx near low"),
    "olt_rx_near_low": N_("OLT Rx near low"),
    "rx_near_high": N_("Rx near high"),
    "offline": N_("offline"),
    "los": N_("LOS"),
    "dying_gasp": N_("dying gasp"),
    "no_reading": N_("no reading"),
    "not_read": N_("not read"),
    "inconsistent": N_("inconsistent"),
    "mass_outage_los": N_("mass outage (LOS)"),
    "mass_outage_dying_gasp": N_("mass outage (power)"),
}

STATES = {
    "online": N_("online"),
    "offline": N_("offline"),
    "unknown": N_("unknown"),
}

# Down causes as the OLT profiles name them (profiles/olt/*.yaml `down_cause`): the GPON alarm
# names technicians know (ITU-T G.984.3: LOSi, LOFi...), the rest in words.
CAUSES = {
    "los": N_("LOS"),
    "dying_gasp": N_("dying gasp"),
    "losi": "LOSi",
    "losi_lobi": "LOSi/LOBi",
    "lofi": "LOFi",
    "sfi": "SFi",
    "loai": "LOAi",
    "loami": "LOAMi",
    "loki": "LOKi",
    "unknown": N_("unknown"),
    "auth_fail": N_("authentication failed"),
    "deactive_fail": N_("deactivation failed"),
    "deactive_success": N_("deactivated"),
    "deactived_ring": N_("deactivated (ring)"),
    "reset": N_("reset"),
    "re_register": N_("registered again"),
    "popup_fail": N_("pop-up failed"),
    "reboot": N_("rebooted"),
    "shutdown": N_("shut down"),
}

TASKS = {  # an ACS task's state (netops.cpe.acs_status)
    "queued": N_("queued"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
    "faulted": N_("faulted"),
}

TRENDS = {
    "worse": N_("worse"),
    "better": N_("better"),
    "stable": N_("stable"),
}

COMPLAINTS = {  # a ticket's complaint (netops.triage.ticket.Complaint)
    "no_connection": N_("no connection"),
    "slow": N_("slow"),
    "intermittent": N_("intermittent"),
    "wifi_key": N_("Wi-Fi key"),
    "router_password": N_("router password"),
    "router_reset": N_("router reset"),
    "address_change": N_("address change"),
    "cancellation": N_("cancellation"),
    "suspension": N_("suspension"),
    "fixed_ip": N_("fixed IP"),
    "new_contract": N_("new contract"),
    "point_change": N_("point change"),
    "other": N_("other"),
}

SOURCES = {  # where a profile comes from (`netops profiles list`)
    "builtin": N_("built-in"),
    "user": N_("user"),
}

YES_NO = {True: N_("yes"), False: N_("no")}

BANDS = {
    "changed": N_("changed"),
    "unverified": N_("unverified"),
    "pending": N_("pending"),
    "failed": N_("failed"),
    "not_sent": N_("not sent"),
    "not_found": N_("not found"),
    "absent": N_("absent"),
}


def _label(words: dict[str, str], value: object) -> str:
    text = "" if value is None else str(value)
    return _(words[text]) if text in words else text  # an alarm name (`LOSi`) is its own translation


def flag(value: object) -> str:
    return _label(FLAGS, value)


def flags(values: Iterable[object], separator: str = ", ") -> str:
    return separator.join(flag(value) for value in values)


def state(value: object, cause: object = None) -> str:
    """`offline (LOS)`: the state, and the down cause when there is one."""
    shown = _label(STATES, value or "unknown")
    return _("{state} ({cause})", state=shown, cause=_label(CAUSES, cause)) if cause else shown


def cause(value: object) -> str:
    return _label(CAUSES, value)


def task(value: object) -> str:
    return _label(TASKS, value)


def trend(value: object) -> str:
    return _label(TRENDS, value)


def band(value: object) -> str:
    return _label(BANDS, value)


def complaint(value: object) -> str:
    return _label(COMPLAINTS, value)


def source(value: object) -> str:
    return _label(SOURCES, value)


def yes_no(value: object) -> str:
    """`yes`/`no` for a true/false answer, `—` when there is none."""
    return _(YES_NO[bool(value)]) if value is not None else "—"
