"""The two speed test engines behind one call: `run_test(engine, server, options, ...)`.

speedtest: an Ookla legacy HTTP server, either given by URL (nothing else is contacted) or chosen
from speedtest.net's directory by speedtest-cli (lowest latency of the closest servers).
iperf3: the iperf3 program against an iperf3 server, `-R` for the download.
"""

from __future__ import annotations

import math
import os
import threading
import time
from typing import Any

from netops.errors import ConfigError, InputError
from netops.i18n import L_
from netops.speed.model import Progress, SpeedOptions, SpeedResult, no_progress
from netops.speed.policy import SpeedPolicy
from netops.speed.servers import parse_iperf3_server, parse_speedtest_server

ENGINES = ("speedtest", "iperf3")
DEFAULT_STREAMS = {"speedtest": 8, "iperf3": 4}
MAX_STREAMS = 32
MAX_SECONDS = 300  # --duration and --timeout: a longer test or wait is a typo, not a plan


def check_options(engine: str, options: SpeedOptions) -> None:
    if engine not in ENGINES:
        raise InputError(L_("unknown engine {engine!r}", engine=engine), hint=L_("engines: {ENGINES}", ENGINES=', '.join(ENGINES)))
    if options.streams is not None and not 1 <= options.streams <= MAX_STREAMS:
        raise InputError(L_("--streams must be between 1 and {MAX_STREAMS}, not {streams}", MAX_STREAMS=MAX_STREAMS, streams=options.streams))
    if not 1 <= options.duration <= MAX_SECONDS:
        raise InputError(
            L_("--duration must be between 1 and {MAX_SECONDS} seconds, not {duration:g}", MAX_SECONDS=MAX_SECONDS, duration=options.duration)
        )
    if not 0 <= options.warmup <= 60:
        raise InputError(L_("--warmup must be between 0 and 60 seconds, not {warmup:g}", warmup=options.warmup))
    if not 0 < options.timeout <= MAX_SECONDS:
        raise InputError(
            L_("--timeout must be more than 0 and at most {MAX_SECONDS} seconds, not {timeout:g}", MAX_SECONDS=MAX_SECONDS, timeout=options.timeout)
        )


def run_test(
    engine: str,
    server: str | None,
    options: SpeedOptions,
    policy: SpeedPolicy,
    progress: Progress = no_progress,
) -> SpeedResult:
    """Measure latency, download and (unless disabled) upload with one engine."""
    check_options(engine, options)
    streams = options.streams or DEFAULT_STREAMS[engine]
    # An empty --server is bad input, not "no server": it must never fall back to the directory.
    if engine == "iperf3":
        chosen = policy.iperf3_server if server is None else server
        return _iperf3(chosen, options, streams, progress)
    chosen = policy.speedtest_server if server is None else server
    return _speedtest(chosen, options, streams, progress)


def directory_url() -> str:
    """speedtest.net, or the mirror named by `NETOPS_SPEEDTEST_DIRECTORY` (the lab has one)."""
    from netops.transport.ookla import DEFAULT_DIRECTORY

    return os.environ.get("NETOPS_SPEEDTEST_DIRECTORY") or DEFAULT_DIRECTORY


def _speedtest(
    server: str | None, options: SpeedOptions, streams: int, progress: Progress
) -> SpeedResult:
    from netops.transport import speed_http

    target = parse_speedtest_server(server)
    started = time.monotonic()
    info: dict[str, Any]
    if target.url is not None:
        http_server = speed_http.HttpServer.from_url(target.url)
        info = {"id": None, "name": http_server.host, "url": http_server.url}
    else:
        from netops.transport import ookla

        progress("choosing server", math.nan, 0.0)
        chosen = ookla.best_server(directory_url(), target.server_id, options.timeout)
        http_server = speed_http.HttpServer.from_url(chosen.url)
        info = {
            "id": chosen.id,
            "name": f"{chosen.sponsor} ({chosen.name})".strip(),
            "url": http_server.url,
            "distance_km": chosen.distance_km,
        }
    progress("latency", math.nan, 0.0)
    latency = speed_http.measure_latency(http_server, timeout=options.timeout)
    if options.upload:
        speed_http.probe_upload(http_server, timeout=options.timeout)
    def measure(upload: bool) -> Any:
        return speed_http.measure(http_server, upload=upload, streams=streams, duration=options.duration,
                                  warmup=options.warmup, timeout=options.timeout, progress=progress)

    down = measure(upload=False)
    up = measure(upload=True) if options.upload else None
    return SpeedResult(
        engine="speedtest",
        server=info,
        ping_ms=latency.ping_ms,
        jitter_ms=latency.jitter_ms,
        download_mbps=down.mbps,
        upload_mbps=up.mbps if up else None,
        bytes_received=down.bytes_total,
        bytes_sent=up.bytes_total if up else 0,
        duration_s=round(time.monotonic() - started, 2),
        streams=streams,
    )


def _iperf3(
    server: str | None, options: SpeedOptions, streams: int, progress: Progress
) -> SpeedResult:
    from netops.transport import iperf3

    if server is None:
        raise ConfigError(
            L_("no iperf3 server given"),
            hint=L_("pass --server HOST[:PORT], or set speed.iperf3_server in the ISP profile"),
        )
    address = parse_iperf3_server(server)
    iperf3.program()  # fail before any network traffic if it is missing
    duration = max(1, math.ceil(options.duration))  # iperf3 counts whole seconds
    omit = math.ceil(options.warmup)
    started = time.monotonic()

    def one(phase: str, reverse: bool) -> iperf3.Iperf3Result:
        with _ticker(progress, phase, duration + omit):
            return iperf3.run(
                address.host,
                address.port,
                reverse=reverse,
                streams=streams,
                duration=duration,
                omit=omit,
                timeout=options.timeout,
            )

    down = one("download", True)
    up = one("upload", False) if options.upload else None
    return SpeedResult(
        engine="iperf3",
        server={"id": None, "name": str(address), "host": address.host, "port": address.port},
        ping_ms=up.min_rtt_ms if up else None,
        jitter_ms=None,
        download_mbps=down.mbps,
        upload_mbps=up.mbps if up else None,
        bytes_received=down.bytes,
        bytes_sent=up.bytes if up else 0,
        duration_s=round(time.monotonic() - started, 2),
        streams=streams,
    )


class _ticker:
    """Report time-based progress while a blocking iperf3 run goes on (it has no live output)."""

    def __init__(self, progress: Progress, phase: str, seconds: float) -> None:
        self.progress, self.phase, self.seconds = progress, phase, seconds
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._tick, daemon=True)

    def _tick(self) -> None:
        start = time.monotonic()
        while not self.done.wait(0.2):
            self.progress(self.phase, math.nan, min((time.monotonic() - start) / self.seconds, 1.0))

    def __enter__(self) -> _ticker:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()
