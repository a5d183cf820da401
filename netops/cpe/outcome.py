"""What a Wi-Fi reset did, per band, and the one rule that turns that into a status.

Band states:
- changed: sent, and the key read back afterwards from that band's own page or parameter is
  the new one (verified).
- unverified: sent and accepted, but the router/ACS does not show keys (masked or empty read),
  or the read-back could not tell the bands apart.
- pending: the router dropped the connection, the ACS queued the task, or a Ctrl-C came while
  the save was on its way; not confirmed yet.
- failed: refused, errored, the read-back still shows the old (or another) key, or the band's
  page is missing on a model the profile knows has that radio.
- not_sent: not attempted because an earlier step left the router unreachable (or Ctrl-C).
- not_found: the band's page is missing and the profile does not know whether the model has
  that radio: somebody has to look.
- absent: the model has no such radio, as its profile (or the ACS data model) says; only when
  all bands were asked for.

Status: OK when every present band is `changed`; CRITICAL when any band failed or was not sent;
otherwise WARNING (pending, unverified or not_found: someone has to confirm with the customer).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from netops.results import Status

# what a band's state means for the customer's network, when a change stops half-way
PROGRESS = {
    "changed": "changed and read back",
    "unverified": "written, not read back",
    "pending": "sent, not confirmed (it may still be applied)",
    "failed": "not changed",
    "not_sent": "not written",
    "not_found": "not found",
    "absent": "absent",
}

BAND_STATUS = {
    "changed": Status.OK,
    "absent": Status.OK,
    "unverified": Status.WARNING,
    "pending": Status.WARNING,
    "not_found": Status.WARNING,
    "failed": Status.CRITICAL,
    "not_sent": Status.CRITICAL,
}


@dataclass
class BandOutcome:
    band: str
    status: str = "not_sent"
    verified: bool | None = None
    ssid: str | None = None
    detail: str = ""
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ResetOutcome:
    host: str
    model: str
    profile: str | None
    family: str
    via: str
    port: int | None = None
    bands: list[BandOutcome] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    interrupted: bool = False

    @property
    def status(self) -> Status:
        from netops.results import worst

        present = [b for b in self.bands if b.status != "absent"]
        if not present:
            return Status.CRITICAL
        return worst(BAND_STATUS[b.status] for b in present)

    def progress(self) -> str:
        """Which bands were written and which were not, in words ("2.4 GHz written, ...")."""
        return "; ".join(f"{b.band} GHz {PROGRESS[b.status]}" for b in self.bands)

    def summary(self) -> str:
        parts = [f"{b.band} GHz {b.status}" for b in self.bands]
        return ", ".join(parts)
