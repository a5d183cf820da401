"""Prometheus metrics of netops's checks, built in one place for every output that carries them.

`netops optical scan -o prometheus`, the node_exporter textfiles of `--textfile-dir` and the
`netops serve` exporter all take their series from here, so a gauge cannot mean one thing in a
textfile and another in a scrape. The exposition text itself is prometheus_client's.

Per ONU: `netops_onu_rx_dbm`, `_tx_dbm`, `_olt_rx_dbm`, `_temperature_celsius` (only for readings
that were read: an offline or `not_read` ONU has none), `netops_onu_online` (0/1, when the state
was read) and `netops_onu_status` (0 ok, 1 warning, 2 critical, 3 unknown), labelled `olt`,
`pon`, `onu`, `serial`, `name` and `description` (device text, already made inert where it
entered netops). Per PON port: `netops_pon_onus{state}` and `netops_pon_outage{kind}` (0/1, the
ISP's mass-outage rule). Per OLT: `netops_scan_success` (1 when the OLT answered the whole
scan), `netops_scan_incomplete`, `netops_scan_status`, `netops_scan_onus` and
`netops_scan_duration_seconds`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric

from netops.checks.optical import OnuVerdict
from netops.checks.scan_report import OltScanReport, ScanOutcome
from netops.errors import InputError, StorageError
from netops.i18n import L_

if TYPE_CHECKING:
    from netops.dns.check import DnsReport

ONU_LABELS = ["olt", "pon", "onu", "serial", "name", "description"]

READING_GAUGES = [
    ("rx_dbm", "netops_onu_rx_dbm", "Optical power received by the ONU, in dBm."),
    ("tx_dbm", "netops_onu_tx_dbm", "Optical power transmitted by the ONU, in dBm."),
    ("olt_rx_dbm", "netops_onu_olt_rx_dbm", "The ONU's upstream light as received by the OLT, in dBm."),
    ("temperature_c", "netops_onu_temperature_celsius", "ONU optical module temperature."),
]
PON_STATES = ("online", "offline", "los", "dying_gasp")
OUTAGE_KINDS = ("los", "dying_gasp")


def _onu_labels(verdict: OnuVerdict) -> list[str]:
    r = verdict.reading
    return [r.olt, str(r.onu.pon), str(r.onu), str(r.serial) if r.serial else "", r.name or "", r.description or ""]


def _onu_family(name: str, help_text: str, outcomes: Sequence[ScanOutcome], flagged: bool,
                value_of: Callable[[OnuVerdict], float | None]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, help_text, labels=ONU_LABELS)
    for report in _reports(outcomes):
        for verdict in report.shown(flagged):
            value = value_of(verdict)
            if value is not None:
                family.add_metric(_onu_labels(verdict), value)
    return family


def _reports(outcomes: Sequence[ScanOutcome]) -> Iterator[OltScanReport]:
    return (o for o in outcomes if isinstance(o, OltScanReport))


def _reading(name: str) -> Callable[[OnuVerdict], float | None]:
    def value(verdict: OnuVerdict) -> float | None:
        found = getattr(verdict.reading, name)
        return None if found is None else float(found)

    return value


def _online(verdict: OnuVerdict) -> float | None:
    state = verdict.reading.state
    return None if state is None else float(state == "online")


def optical_families(outcomes: Sequence[ScanOutcome], flagged: bool = False) -> list[Metric]:
    """Every optical series of the scanned OLTs (`flagged`: only ONUs with a flag get ONU
    series; the port and OLT series always count every ONU)."""
    families: list[Metric] = [
        _onu_family(name, help_text, outcomes, flagged, _reading(key)) for key, name, help_text in READING_GAUGES
    ]
    families.append(_onu_family("netops_onu_online", "1 when the ONU is online, 0 when offline.",
                                outcomes, flagged, _online))
    families.append(_onu_family("netops_onu_status", "Verdict: 0 ok, 1 warning, 2 critical, 3 unknown.",
                                outcomes, flagged, lambda v: float(v.status)))
    onus = GaugeMetricFamily("netops_pon_onus", "ONUs on the PON port, by state.", labels=["olt", "pon", "state"])
    outage = GaugeMetricFamily("netops_pon_outage", "1 when the port is one mass outage of this kind (ISP rule).",
                               labels=["olt", "pon", "kind"])
    for report in _reports(outcomes):
        for port in report.pons:
            for state in PON_STATES:
                onus.add_metric([report.olt, str(port.pon), state], getattr(port, state))
            for kind in OUTAGE_KINDS:
                active = port.outage is not None and port.outage.kind == kind
                outage.add_metric([report.olt, str(port.pon), kind], float(active))
    families += [onus, outage, *scan_families(outcomes)]
    return families


def scan_families(outcomes: Sequence[ScanOutcome]) -> list[Metric]:
    """Per OLT: did the scan work, was it whole, its worst verdict, how many ONUs, how long."""
    rows: dict[str, tuple[str, Callable[[ScanOutcome], float]]] = {
        "netops_scan_success": ("1 when the OLT answered the whole scan, 0 when it failed or stopped part-way.",
                                lambda o: float(isinstance(o, OltScanReport) and not o.incomplete)),
        "netops_scan_incomplete": ("1 when part of the scan is missing (not_read ONUs, or nothing read at all).",
                                   lambda o: float(o.incomplete)),
        "netops_scan_status": ("Worst verdict of the scan: 0 ok, 1 warning, 2 critical, 3 unknown.",
                               lambda o: float(o.status)),
        "netops_scan_onus": ("ONUs the scan found.",
                             lambda o: float(len(o.verdicts)) if isinstance(o, OltScanReport) else 0.0),
        "netops_scan_duration_seconds": ("How long the OLT took to scan.", lambda o: o.seconds),
    }
    families: list[Metric] = []
    for name, (help_text, value_of) in rows.items():
        family = GaugeMetricFamily(name, help_text, labels=["olt"])
        for outcome in outcomes:
            family.add_metric([outcome.olt], value_of(outcome))
        families.append(family)
    return families


def probe_families(success: bool, seconds: float) -> list[Metric]:
    """The pair every multi-target exporter answers with (blackbox_exporter's names)."""
    return [
        GaugeMetricFamily("netops_probe_success", "1 when the probe read its target completely.", value=float(success)),
        GaugeMetricFamily("netops_probe_duration_seconds", "How long the probe took.", value=seconds),
    ]


def dns_families(report: DnsReport) -> list[Metric]:
    """One resolver's check as gauges: overall and per-check status, latency, loss."""
    status = GaugeMetricFamily("netops_dns_status", "Resolver verdict: 0 ok, 1 warning, 2 critical, 3 unknown.",
                               labels=["resolver"])
    checks = GaugeMetricFamily("netops_dns_check_status", "Verdict of one check of the resolver (0-3).",
                               labels=["resolver", "check"])
    serves = GaugeMetricFamily("netops_dns_serves", "1 when the resolver answers over UDP and resolves test names.",
                               labels=["resolver"])
    latency = GaugeMetricFamily("netops_dns_latency_seconds", "Median UDP answer time.", labels=["resolver"])
    loss = GaugeMetricFamily("netops_dns_loss_ratio", "Share of UDP queries never answered.", labels=["resolver"])
    for resolver in report.resolvers:
        where = str(resolver.resolver)
        status.add_metric([where], float(resolver.status))
        serves.add_metric([where], float(resolver.serves))
        loss.add_metric([where], resolver.loss)
        if resolver.latency:
            latency.add_metric([where], resolver.latency["median"] / 1000)
        for check in resolver.checks:
            checks.add_metric([where, check.name], float(check.status))
    return [status, checks, serves, latency, loss]


class _Families:
    """A collector that hands prometheus_client the families built above."""

    def __init__(self, families: Sequence[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


def render(families: Sequence[Metric]) -> str:
    """The text exposition format (what Prometheus scrapes and node_exporter's textfile
    collector reads)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(families))
    return generate_latest(registry).decode("utf-8")


def to_prometheus(outcomes: Sequence[ScanOutcome], flagged: bool = False) -> str:
    return render(optical_families(outcomes, flagged))


# -- node_exporter textfiles -----------------------------------------------------------------

def textfile_name(olt: str) -> str:
    """`netops_<olt>.prom`, with anything but letters, digits, `-`, `_` and `.` made `_`."""
    return f"netops_{re.sub(r'[^A-Za-z0-9_.-]', '_', olt)}.prom"


def check_textfile_dir(directory: Path, olts: Sequence[str]) -> None:
    """Bad input before any OLT is asked: a folder that is not there or not writable, or two
    OLT names that would write the same file."""
    if not directory.is_dir():
        raise InputError(L_("--textfile-dir {directory} is not a folder", directory=directory),
                         hint=L_("give node_exporter's --collector.textfile.directory"))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise InputError(L_("--textfile-dir {directory} is not writable by this user", directory=directory))
    seen: dict[str, str] = {}
    for olt in olts:
        name = textfile_name(olt)
        if name in seen and seen[name] != olt:
            raise InputError(L_("OLTs {seen!r} and {olt!r} would both write {name}", seen=seen[name], olt=olt, name=name),
                             hint=L_("rename one of them in the inventory"))
        seen[name] = olt


def write_textfiles(directory: Path, outcomes: Sequence[ScanOutcome]) -> list[Path]:
    """One `netops_<olt>.prom` per OLT, each replaced atomically (node_exporter never reads half
    a file). A failed OLT's file says so (`netops_scan_success 0`) instead of keeping stale
    readings. Files are 0600: they name customers."""
    from netops.files import write_atomically

    written = []
    for outcome in outcomes:
        path = directory / textfile_name(outcome.olt)
        try:
            write_atomically(path, to_prometheus([outcome]).encode("utf-8"))
        except OSError as exc:
            raise StorageError(L_("could not write {path}: {value}", path=path, value=exc.strerror or exc)) from exc
        written.append(path)
    return written
