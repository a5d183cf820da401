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

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from netops.i18n import L_, joined
from netops.results import CheckResult, Status, worst


class BandState(StrEnum):
    """A band's state after a change; the value is the word JSON and the audit log show."""

    CHANGED = "changed"
    UNVERIFIED = "unverified"
    PENDING = "pending"
    FAILED = "failed"
    NOT_SENT = "not_sent"
    NOT_FOUND = "not_found"
    ABSENT = "absent"


# what a band's state means for the customer's network, when a change stops half-way
PROGRESS = {
    BandState.CHANGED: L_("changed and read back"),
    BandState.UNVERIFIED: L_("written, not read back"),
    BandState.PENDING: L_("sent, not confirmed (it may still be applied)"),
    BandState.FAILED: L_("not changed"),
    BandState.NOT_SENT: L_("not written"),
    BandState.NOT_FOUND: L_("not found"),
    BandState.ABSENT: L_("absent"),
}

BAND_STATUS = {
    BandState.CHANGED: Status.OK,
    BandState.ABSENT: Status.OK,
    BandState.UNVERIFIED: Status.WARNING,
    BandState.PENDING: Status.WARNING,
    BandState.NOT_FOUND: Status.WARNING,
    BandState.FAILED: Status.CRITICAL,
    BandState.NOT_SENT: Status.CRITICAL,
}


@dataclass
class BandOutcome:
    band: str
    status: BandState = BandState.NOT_SENT
    verified: bool | None = None
    ssid: str | None = None
    detail: str = ""
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"band": self.band, "status": str(self.status), "verified": self.verified,
                "ssid": self.ssid, "detail": self.detail, "error": self.error}


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
        present = [b for b in self.bands if b.status is not BandState.ABSENT]
        if not present:
            return Status.CRITICAL
        return worst(BAND_STATUS[b.status] for b in present)

    def progress(self) -> str:
        """Which bands were written and which were not, in words ("2.4 GHz written, ...")."""
        return joined([L_("{band} GHz {state}", band=b.band, state=PROGRESS[b.status]) for b in self.bands])

    def summary(self) -> str:
        parts = [f"{b.band} GHz {b.status}" for b in self.bands]
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON of `wifi reset` and `wifi status` (without the key)."""
        present = [b for b in self.bands if b.status is not BandState.ABSENT]
        return {
            "host": self.host,
            "port": self.port,
            "model": self.model,
            "profile": self.profile,
            "family": self.family,
            "via": self.via,
            "bands": [b.to_dict() for b in self.bands],
            "bands_changed": [b.band for b in self.bands if b.status is BandState.CHANGED],
            "ssids": {b.band: b.ssid for b in present},
            "verified": {b.band: b.verified for b in present},
            "status": self.status.label,
            "summary": self.summary(),
            **self.extra,
        }

    @property
    def result(self) -> CheckResult[ResetOutcome]:
        """The change as one check: each band's state as a measurement, its errors as flags."""
        return CheckResult("wifi", self.status, self.summary(),
                           measurements={f"band_{b.band}": str(b.status) for b in self.bands},
                           flags=sorted({b.error for b in self.bands if b.error}), detail=self)


def read_back(read_keys: list[str], key: str, old_key: str | None, *, wanted_ssid: str | None,
              read_ssid: str | None, hidden: bool = False) -> tuple[BandState, str | None]:
    """The one read-back ladder of the web and ACS paths: the band's state and error code.

    Every place that carries the band's key must show the new one. A wanted SSID that reads back
    as another is a failure whatever the key says; a key the device hides (masked, or empty as
    TR-098 allows) proves nothing; the old key, or another one, is a failure.
    """
    if wanted_ssid is not None and read_ssid not in (None, "", wanted_ssid):
        return BandState.FAILED, "ssid_not_changed"
    if read_keys and all(read == key for read in read_keys):
        return BandState.CHANGED, None
    if hidden:
        return BandState.UNVERIFIED, None
    if old_key and old_key in read_keys:
        return BandState.FAILED, "old_key"
    return BandState.FAILED, "other_key"
