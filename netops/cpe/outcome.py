"""What a Wi-Fi reset did, per band, and the one rule that turns that into a status.

Band states:
- changed: sent, and the key read back afterwards is the new one (verified).
- unverified: sent and accepted, but the router/ACS does not show keys (masked or empty read).
- pending: the router dropped the connection or the ACS queued the task; not confirmed yet.
- failed: refused, errored, or the read-back still shows the old (or another) key.
- not_sent: not attempted because an earlier step left the router unreachable.
- absent: the router has no such radio (only when all bands were asked for).

Status: OK when every present band is `changed`; CRITICAL when any band failed or was not sent;
otherwise WARNING (pending or unverified: someone has to confirm with the customer).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from netops.results import Status

BAND_STATUS = {
    "changed": Status.OK,
    "absent": Status.OK,
    "unverified": Status.WARNING,
    "pending": Status.WARNING,
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
    profile: str
    family: str
    via: str
    port: int | None = None
    bands: list[BandOutcome] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> Status:
        from netops.results import worst

        present = [b for b in self.bands if b.status != "absent"]
        if not present:
            return Status.CRITICAL
        return worst(BAND_STATUS[b.status] for b in present)

    def summary(self) -> str:
        parts = [f"{b.band} GHz {b.status}" for b in self.bands]
        return ", ".join(parts)
