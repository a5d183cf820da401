"""`netops serve`: a multi-target exporter in the pattern of snmp_exporter and blackbox_exporter.

    GET /probe?target=<inventory OLT>&module=optical[&format=zabbix]
    GET /probe?target=IP[:PORT]&module=dns
    GET /metrics          the exporter's own metrics

The monitoring system holds the schedule: every probe reads its target then (nothing is cached,
so a value is never older than the scrape that shows it). Targets are inventory names or resolver
addresses; credentials come from the inventory and the environment, never from the URL.

Politeness and time: probes of one OLT that arrive while its scan is under way share that scan
(one OLT is never walked twice at once), at most `concurrency` OLTs are scanned at a time, and a
probe answers within Prometheus's `X-Prometheus-Scrape-Timeout-Seconds` less `timeout_offset`:
the SNMP session stops waiting then and the scan is reported with what was read
(`netops_probe_success 0`, `netops_scan_incomplete 1`, the unread ONUs `not_read` without values).

Built on prometheus_client (exposition, the /metrics app) and the standard library's WSGI
server; all device I/O runs on one asyncio loop in a background thread.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    make_wsgi_app,
)

from netops.checks.scan_report import (
    OltScanReport,
    ScanFailure,
    ScanOutcome,
    judge_scan,
)
from netops.errors import ConfigError, DeviceTimeout, InputError, NetopsError
from netops.exporter import metrics, zabbix
from netops.i18n import L_
from netops.olt.fleet import OltPool
from netops.olt.reading import OltReader, ScanResult
from netops.settings import Inventory

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from netops.dns.check import DnsReport
    from netops.isp import IspProfile

T = TypeVar("T")
MODULES = ("optical", "dns")
FORMATS = ("prometheus", "zabbix")
TEXT = "text/plain; charset=utf-8"
EXPOSITION = "text/plain; version=0.0.4; charset=utf-8"
TIMEOUT_HEADER = "HTTP_X_PROMETHEUS_SCRAPE_TIMEOUT_SECONDS"


@dataclass(frozen=True)
class ServeSettings:
    via: str = "snmp"
    concurrency: int = 8  # OLTs scanned at once; each OLT under its profile's own limit
    default_timeout_s: float = 30.0  # for probes without Prometheus's timeout header
    max_timeout_s: float = 300.0
    timeout_offset_s: float = 1.0  # reading stops this long before the scraper gives up


@dataclass(frozen=True)
class Answer:
    status: str
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: str, line: str) -> Answer:
        return cls(status, TEXT, (line + "\n").encode("utf-8"))


class BadProbe(Exception):
    """A probe the exporter cannot run as asked: answered 4xx, the exporter goes on serving."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def _shown(text: str) -> str:
    """A caller's text echoed in one line: quoted, control characters escaped, ~80 at most."""
    return repr(text if len(text) <= 80 else text[:77] + "...")


class Exporter:
    """Answers probes; one instance per `netops serve` process."""

    def __init__(self, inventory: Inventory, isp: IspProfile, settings: ServeSettings | None = None) -> None:
        self.inventory = inventory
        self.isp = isp
        self.settings = settings or ServeSettings()
        disable_created_metrics()  # type: ignore[no-untyped-call]  # no `_created` twin per counter
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        self.probes = Counter("netops_exporter_probes", "Probes answered, by module and result.",
                              ["module", "result"], registry=self.registry)
        self.scans = Counter("netops_exporter_scans", "Scans started (probes of a target under way join them).",
                             ["module"], registry=self.registry)
        self.joined = Counter("netops_exporter_scans_joined", "Probes answered by a scan already under way.",
                              ["module"], registry=self.registry)
        self.in_progress = Gauge("netops_exporter_scans_in_progress", "Scans running now.", ["module"],
                                 registry=self.registry)
        self._metrics_app = make_wsgi_app(self.registry)
        self._inflight: dict[tuple[str, str], asyncio.Future[Any]] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="netops-probes", daemon=True)
        self._thread.start()
        self._pool = self._call(self._make_pool())

    async def _make_pool(self) -> OltPool:
        from netops.olt.service import open_reader

        return OltPool(lambda olt: open_reader(self.inventory, olt, self.settings.via), self.settings.concurrency)

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run on the probes' loop and wait (its own deadline bounds every probe)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    # -- HTTP -------------------------------------------------------------------------------

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        if path == "/metrics":
            return self._metrics_app(environ, start_response)  # type: ignore[no-any-return]
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            answer = Answer.text("405 Method Not Allowed", "netops serve answers GET only")
        elif path == "/probe":
            answer = self.probe(parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True),
                                environ.get(TIMEOUT_HEADER))
        elif path == "/":
            answer = Answer.text("200 OK", INDEX)
        else:
            answer = Answer.text("404 Not Found", f"no page {_shown(path)} here: see / for the endpoints")
        start_response(answer.status, [("Content-Type", answer.content_type),
                                       ("Content-Length", str(len(answer.body)))])
        return [answer.body]

    def probe(self, query: dict[str, list[str]], timeout_header: str | None = None) -> Answer:
        """One probe, from its query parameters and Prometheus's timeout header."""
        started = time.monotonic()
        module = "?"
        try:
            module = _one(query, "module", "optical") or "optical"
            if module not in MODULES:
                raise BadProbe("400 Bad Request", f"unknown module {_shown(module)}: use {' or '.join(MODULES)}")
            output = _one(query, "format", "prometheus") or "prometheus"
            if output not in FORMATS:
                raise BadProbe("400 Bad Request", f"unknown format {_shown(output)}: use {' or '.join(FORMATS)}")
            target = _one(query, "target", None)
            seconds = self._time_allowed(timeout_header)
            answer = (self._optical(target, seconds, started, output) if module == "optical"
                      else self._dns(target, seconds, started, output))
        except BadProbe as exc:
            self.probes.labels(module if module in MODULES else "unknown", "bad_request").inc()
            return Answer.text(exc.status, str(exc))
        return answer

    def _time_allowed(self, header: str | None) -> float:
        """Seconds this probe may read for: the scraper's timeout (else the default) less the
        offset, which is left for judging the readings and writing the answer."""
        allowed = self.settings.default_timeout_s
        if header:
            try:
                allowed = float(header)
            except ValueError:
                raise BadProbe("400 Bad Request", f"X-Prometheus-Scrape-Timeout-Seconds {_shown(header)} "
                                                  "is not a number of seconds") from None
        allowed = min(allowed, self.settings.max_timeout_s) - self.settings.timeout_offset_s
        return max(allowed, 0.1)

    # -- module optical ---------------------------------------------------------------------

    def _optical(self, target: str | None, seconds: float, started: float, output: str) -> Answer:
        if target is None:
            raise BadProbe("400 Bad Request", "missing target: /probe?module=optical&target=<OLT name from the inventory>")
        if target not in self.inventory.olts:
            raise BadProbe("404 Not Found", f"unknown target {_shown(target)}: no OLT of that name in the inventory")
        outcome = self._call(self._shared(("optical", target), seconds, lambda deadline: self._scan(target, deadline)))
        if outcome is None:  # this probe's time ran out while another probe's scan was still going
            outcome = ScanFailure(target, DeviceTimeout(L_("OLT {target}: the scan under way did not finish in time", target=target)))
        elapsed = time.monotonic() - started
        complete = isinstance(outcome, OltScanReport) and not outcome.incomplete
        self.probes.labels("optical", "success" if complete else "failure").inc()
        if isinstance(outcome, ScanFailure):
            _log(f"probe of OLT {target} failed: {outcome.error.one_line()}")
        elif outcome.incomplete:
            _log(f"probe of OLT {target} incomplete: {outcome.answered} of {outcome.expected} rows read in time")
        if output == "zabbix":
            body = json.dumps(zabbix.document(outcome, elapsed), ensure_ascii=False).encode("utf-8")
            return Answer("200 OK", "application/json", body)
        families = [*metrics.probe_families(complete, elapsed), *metrics.optical_families([outcome])]
        return Answer("200 OK", EXPOSITION, metrics.render(families).encode("utf-8"))

    async def _scan(self, olt: str, deadline: float) -> ScanOutcome:
        """Scan one OLT by `deadline` (loop time). Over SNMP the session itself stops then and the
        scan keeps what was read; on other paths a scan still running is cut whole."""
        from netops.olt.service import open_reader

        loop = asyncio.get_running_loop()
        begun = loop.time()
        inventory, via = self.inventory, self.settings.via
        options = {"deadline": deadline} if via == "snmp" else {}

        async def work(reader: OltReader) -> ScanResult:
            return await reader.scan()

        backstop = deadline + self.settings.timeout_offset_s / 2 - loop.time()
        try:
            result = await asyncio.wait_for(
                self._pool.read(olt, work, lambda name: open_reader(inventory, name, via, options)), backstop)
        except TimeoutError:
            return ScanFailure(olt, DeviceTimeout(L_("OLT {olt}: the scan did not finish within the scrape timeout", olt=olt)),
                               loop.time() - begun)
        except NetopsError as exc:
            return ScanFailure(olt, exc, loop.time() - begun)
        return judge_scan(olt, result, self.isp.optical, loop.time() - begun)

    # -- module dns -------------------------------------------------------------------------

    def _dns(self, target: str | None, seconds: float, started: float, output: str) -> Answer:
        from netops.dns.check import check_resolvers, make_plan

        if output != "prometheus":
            raise BadProbe("400 Bad Request", "format=zabbix is for module=optical")
        if target is None:
            raise BadProbe("400 Bad Request", "missing target: /probe?module=dns&target=IP[:PORT]")
        if self.isp.dns is None:
            raise BadProbe("400 Bad Request", f"the ISP profile {self.isp.id!r} has no dns section")
        try:
            plan = make_plan(self.isp.dns, [target])
        except InputError as exc:
            raise BadProbe("400 Bad Request", f"bad target {_shown(target)}: {exc.line()}") from None

        async def check(deadline: float) -> DnsReport:
            return await asyncio.to_thread(check_resolvers, plan)

        report: DnsReport | None = self._call(self._shared(("dns", str(plan.resolvers[0])), seconds, check))
        elapsed = time.monotonic() - started
        success = report is not None and report.resolvers[0].serves
        self.probes.labels("dns", "success" if success else "failure").inc()
        families = metrics.probe_families(success, elapsed)
        if report is not None:
            families += metrics.dns_families(report)
        return Answer("200 OK", EXPOSITION, metrics.render(families).encode("utf-8"))

    # -- one scan per target at a time ------------------------------------------------------

    async def _shared(self, key: tuple[str, str], seconds: float,
                      start: Callable[[float], Awaitable[T]]) -> T | None:
        """The result of `start(deadline)` for `key`, joining the run already under way for the
        same key; None when this probe's own time runs out first (the run goes on for the
        probe that started it)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        module = key[0]
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._counted(module, start(deadline)))
            self._inflight[key] = task
            task.add_done_callback(lambda done: self._forget(key, done))
            self.scans.labels(module).inc()
        else:
            self.joined.labels(module).inc()
        # The run stops reading at `deadline` and needs a moment to build its answer (its cut
        # comes at half the offset); this probe waits a little longer, then answers anyway.
        patience = deadline + self.settings.timeout_offset_s * 0.75 - loop.time()
        try:
            return await asyncio.wait_for(asyncio.shield(task), max(patience, 0))
        except TimeoutError:
            return None

    async def _counted(self, module: str, run: Awaitable[T]) -> T:
        self.in_progress.labels(module).inc()
        try:
            return await run
        finally:
            self.in_progress.labels(module).dec()

    def _forget(self, key: tuple[str, str], done: asyncio.Future[Any]) -> None:
        if self._inflight.get(key) is done:
            del self._inflight[key]


def _one(query: dict[str, list[str]], name: str, default: str | None) -> str | None:
    values = query.get(name)
    if not values:
        return default
    if len(values) > 1:
        raise BadProbe("400 Bad Request", f"{name} given {len(values)} times: give it once")
    return values[0]


def _log(line: str) -> None:
    sys.stderr.write(f"netops serve: {line}\n")
    sys.stderr.flush()


INDEX = """netops serve: a multi-target exporter
/probe?target=<OLT name from the inventory>&module=optical   Prometheus text (per ONU, per PON port, per OLT)
/probe?target=<OLT name>&module=optical&format=zabbix         the same as JSON, for the Zabbix template
/probe?target=IP[:PORT]&module=dns                            one DNS resolver, checked as `netops dns check` does
/metrics                                                      the exporter's own metrics
See docs/prometheus.md and docs/zabbix.md."""


# -- the HTTP server ----------------------------------------------------------------------------

class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a scrape still running never keeps the process from stopping
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log: Prometheus scrapes every few seconds."""


def parse_listen(text: str) -> tuple[str, int]:
    """`HOST:PORT`, `[IPv6]:PORT` or `:PORT` (every interface, as Go exporters write it)."""
    host, sep, port = text.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise InputError(L_("--listen {shown} is not HOST:PORT", shown=_shown(text)), hint=L_("e.g. 127.0.0.1:9860 or [::1]:9860"))
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    return host or "0.0.0.0", int(port)


class _Stop(Exception):
    """SIGTERM: stop serving as Ctrl-C does."""


def serve(exporter: Exporter, listen: str, reload: Callable[[], Inventory] | None = None) -> None:
    """Serve until SIGTERM or Ctrl-C; SIGHUP reloads the inventory (a broken one is refused and
    the old one kept)."""
    host, port = parse_listen(listen)
    server_class = _Server6 if ":" in host else _Server
    try:
        server = make_server(host, port, exporter, server_class=server_class, handler_class=_QuietHandler)
    except OSError as exc:
        raise ConfigError(L_("cannot listen on {listen}: {value}", listen=listen, value=exc.strerror or exc),
                          hint=L_("choose a free port with --listen HOST:PORT")) from exc

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    def reread(signum: int, frame: FrameType | None) -> None:
        if reload is None:
            return
        try:
            exporter.inventory = reload()
            _log(f"inventory reloaded: {len(exporter.inventory.olts)} OLTs")
        except NetopsError as exc:
            _log(f"inventory not reloaded, the old one stays: {exc.one_line()}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, reread)
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    if not _is_loopback(host):
        _log(f"warning: listening on {host}, reachable from the network; netops serve has no authentication")
    _log(f"serving on http://{shown_host}:{bound_port}/ (/probe, /metrics); Ctrl-C stops")
    try:
        server.serve_forever(poll_interval=0.5)
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        server.server_close()
        exporter.close()
    _log("stopped")


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
