"""Throughput and latency against an Ookla legacy HTTP speed server (what speedtest-cli talks to).

speedtest-cli opens a new TCP connection for each of its ~90 requests, moves a fixed volume and
averages over the whole run including slow start and stragglers, so it under-reads fast or distant
links. Here each stream keeps one HTTP/1.1 connection and requests the largest file (or posts a
large body) again and again; all streams run for a fixed time, the first seconds (warm-up) are
discarded and the rate is the byte count over the steady interval that follows.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from netops.errors import DeviceError, DeviceTimeout, DeviceUnreachable, ProtocolError
from netops.i18n import L_

DOWNLOAD_FILE = "random4000x4000.jpg"  # the largest file every legacy server has (~31.6 MB)
UPLOAD_BODY = 7_340_032  # the largest body speedtest.net's own client posts (7 MiB)
BLOCK = 64 * 1024
USER_AGENT = "netops-speed/1.0 (legacy speedtest HTTP)"

# progress(phase, current Mbit/s, fraction of the phase done)
Progress = Callable[[str, float, float], None]


def _no_progress(phase: str, mbps: float, fraction: float) -> None:
    pass


@dataclass(frozen=True)
class HttpServer:
    """An Ookla legacy server: `folder` holds latency.txt, random*.jpg and the upload script."""

    scheme: str
    host: str
    port: int
    folder: str  # path ending with "/"
    upload: str  # upload script name, normally upload.php

    @classmethod
    def from_url(cls, url: str) -> HttpServer:
        """Accept the server's upload URL as Ookla lists it, or its base URL."""
        if any(c.isspace() or not c.isprintable() for c in url):
            raise ValueError(L_("spaces or control characters in the URL"))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(L_("not an http(s) URL: {url!r}", url=url))
        try:
            port = parts.port
        except ValueError as exc:
            raise ValueError(L_("bad port in {url!r}", url=url)) from exc
        if port is None:
            port = 443 if parts.scheme == "https" else 80
        elif port == 0:
            raise ValueError(L_("bad port in {url!r}: ports are 1-65535", url=url))
        path = parts.path or "/"
        last = path.rsplit("/", 1)[-1]
        if "." in last:  # .../upload.php (or .asp, .aspx, .jsp)
            folder, upload = path.rsplit("/", 1)[0] + "/", last
        else:
            folder = path if path.endswith("/") else path + "/"
            if folder == "/":
                folder = "/speedtest/"  # the layout Ookla's legacy server package installs
            upload = "upload.php"
        return cls(parts.scheme, parts.hostname, port, folder, upload)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        netloc = host if self.port == default else f"{host}:{self.port}"
        return f"{self.scheme}://{netloc}{self.folder}{self.upload}"

    def where(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        address = f"{host}:{self.port}"
        return L_("speed server {address}", address=address)

    def connect(self, timeout: float) -> http.client.HTTPConnection:
        """A connected HTTP/1.1 connection with Nagle off (small requests must not wait)."""
        conn: http.client.HTTPConnection
        if self.scheme == "https":
            conn = http.client.HTTPSConnection(
                self.host, self.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        conn.connect()
        assert conn.sock is not None
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn


@dataclass
class Latency:
    ping_ms: float
    jitter_ms: float
    samples_ms: list[float] = field(default_factory=list)


@dataclass
class Transfer:
    """One direction: the rate over the steady interval, and every byte moved."""

    mbps: float
    bytes_total: int
    bytes_measured: int
    seconds_measured: float
    seconds_total: float
    streams: int


def _stamp(n: int) -> str:
    return f"x={int(time.time() * 1000)}.{n}"


def _translate(exc: BaseException, server: HttpServer, doing: str) -> DeviceError:
    """Turn a socket/http.client failure into one of ours, once."""
    where = server.where()
    if isinstance(exc, DeviceError):
        return exc
    if isinstance(exc, socket.gaierror):
        return DeviceUnreachable(
            L_("cannot resolve {host} ({strerror})", host=server.host, strerror=exc.strerror),
            hint=L_("check the server name and the DNS"),
        )
    if isinstance(exc, ConnectionRefusedError):
        return DeviceUnreachable(
            L_("{where} refused the connection while {doing}", where=where, doing=doing),
            hint=L_("check the URL and port, and that the server runs"),
        )
    if isinstance(exc, TimeoutError):
        return DeviceTimeout(
            L_("{where} did not answer in time while {doing}", where=where, doing=doing),
            hint=L_("the server may be down or stalled; try another server"),
        )
    if isinstance(exc, ssl.SSLError):
        return DeviceError(L_("TLS failed with {where} while {doing}: {value}", where=where, doing=doing, value=exc.reason or exc))
    if isinstance(exc, (http.client.HTTPException, ValueError)):
        return ProtocolError(L_("{where} sent a malformed HTTP answer while {doing}: {exc!r}", where=where, doing=doing, exc=exc))
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return DeviceUnreachable(L_("{where}: {reason} while {doing}", where=where, reason=reason, doing=doing))
    return DeviceError(L_("{where} failed while {doing}: {exc!r}", where=where, doing=doing, exc=exc))


def _check_status(response: http.client.HTTPResponse, server: HttpServer, what: str) -> None:
    if response.status != 200:
        raise ProtocolError(
            L_("{where} answered HTTP {status} {reason} for {what}", where=server.where(), status=response.status, reason=response.reason, what=what),
            hint=L_("is this an Ookla-compatible (legacy HTTP) speed server? check the URL"),
        )


def measure_latency(server: HttpServer, samples: int = 10, timeout: float = 10.0) -> Latency:
    """HTTP round trips for latency.txt on one kept-alive connection (the connect is not timed).

    ping = median round trip; jitter = mean difference between consecutive round trips.
    """
    times: list[float] = []
    conn: http.client.HTTPConnection | None = None
    try:
        conn = server.connect(timeout)
        for n in range(samples + 1):
            start = time.perf_counter()
            conn.request(
                "GET",
                f"{server.folder}latency.txt?{_stamp(n)}",
                headers={"User-Agent": USER_AGENT, "Cache-Control": "no-cache"},
            )
            response = conn.getresponse()
            body = response.read(4096)
            elapsed = (time.perf_counter() - start) * 1000.0
            _check_status(response, server, "latency.txt")
            if not body.startswith(b"test=test"):
                raise ProtocolError(
                    L_("{where} answered latency.txt with unexpected content", where=server.where()),
                    hint=L_("is this an Ookla-compatible (legacy HTTP) speed server?"),
                )
            if n:  # the first request also paid for the TCP connect
                times.append(elapsed)
    except Exception as exc:
        raise _translate(exc, server, L_("measuring latency")) from exc
    finally:
        if conn is not None:
            conn.close()
    steps = [abs(a - b) for a, b in zip(times, times[1:], strict=False)]
    jitter = statistics.fmean(steps) if steps else 0.0
    return Latency(round(statistics.median(times), 3), round(jitter, 3), times)


class _Stream(threading.Thread):
    """One connection moving data until told to stop; counts bytes as they pass the socket."""

    def __init__(
        self,
        index: int,
        server: HttpServer,
        upload: bool,
        timeout: float,
        stop: threading.Event,
        body: memoryview,
    ) -> None:
        super().__init__(name=f"speed-{'up' if upload else 'down'}-{index}", daemon=True)
        self.index = index
        self.server = server
        self.upload = upload
        self.timeout = timeout
        self.stop = stop
        self.body = body
        self.bytes = 0  # received, or handed to the socket
        self.error: BaseException | None = None
        self.conn: http.client.HTTPConnection | None = None
        self._acked_before = 0  # acknowledged on earlier connections of this stream
        self._acked_last = 0

    def acked(self) -> int | None:
        """Bytes the server's TCP acknowledged (Linux), or None where the kernel cannot tell.

        Bytes handed to the socket run ahead of the line by the socket buffer and what is in
        flight, which grow during a test (more so with deep buffers): upload counts acks.
        """
        conn = self.conn
        sock = conn.sock if conn is not None else None
        if sock is None:
            return self._acked_before + self._acked_last
        current = _bytes_acked(sock)
        if current is None:
            return None
        self._acked_last = max(self._acked_last, current)
        return self._acked_before + self._acked_last

    def _reconnect(self) -> None:
        self.acked()
        self._acked_before += self._acked_last
        self._acked_last = 0
        assert self.conn is not None
        self.conn.close()
        self.conn = self.server.connect(self.timeout)

    def run(self) -> None:
        try:
            self.conn = self.server.connect(self.timeout)
            request = 0
            while not self.stop.is_set():
                if self.upload:
                    self._post(request)
                else:
                    self._get(request)
                request += 1
        except BaseException as exc:
            if not self.stop.is_set():
                self.error = exc
        finally:
            self.close()

    def _get(self, n: int) -> None:
        conn = self.conn
        assert conn is not None
        conn.request(
            "GET",
            f"{self.server.folder}{DOWNLOAD_FILE}?{_stamp(n)}",
            headers={"User-Agent": USER_AGENT, "Cache-Control": "no-cache"},
        )
        response = conn.getresponse()
        _check_status(response, self.server, DOWNLOAD_FILE)
        buffer = memoryview(bytearray(BLOCK))
        while not self.stop.is_set():
            count = response.readinto(buffer)
            if not count:
                break
            self.bytes += count
        if self.stop.is_set():
            return
        if response.will_close:
            self._reconnect()

    def _post(self, n: int) -> None:
        conn = self.conn
        assert conn is not None
        size = len(self.body)
        conn.putrequest(
            "POST",
            f"{self.server.folder}{self.server.upload}?{_stamp(n)}",
            skip_accept_encoding=True,
        )
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        sent = 0
        try:
            while sent < size and not self.stop.is_set():
                chunk = self.body[sent : sent + BLOCK]
                conn.send(chunk)
                sent += len(chunk)
                self.bytes += len(chunk)
        except OSError:
            # A server refusing the upload may answer and close before reading the body.
            self._raise_for_early_answer()
            raise
        if self.stop.is_set():
            return
        response = conn.getresponse()
        response.read(64)
        _check_status(response, self.server, self.server.upload)
        if response.will_close:
            self._reconnect()

    def _raise_for_early_answer(self) -> None:
        try:
            assert self.conn is not None
            response = self.conn.getresponse()
        except Exception:
            return
        _check_status(response, self.server, self.server.upload)

    def close(self) -> None:
        conn = self.conn
        if conn is None:
            return
        sock = conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv/send
            except OSError:
                pass
        conn.close()


_TCP_INFO_BYTES_ACKED = 120  # offset of tcpi_bytes_acked (u64) in Linux's struct tcp_info


def _bytes_acked(sock: socket.socket) -> int | None:
    option = getattr(socket, "TCP_INFO", None)
    if option is None:
        return None
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, option, 256)
    except OSError:
        return None
    if len(info) < _TCP_INFO_BYTES_ACKED + 8:
        return None  # kernel older than 4.1
    return int.from_bytes(info[_TCP_INFO_BYTES_ACKED : _TCP_INFO_BYTES_ACKED + 8], "little")


def _upload_body() -> memoryview:
    """`content1=` then 0-9A-Z repeated, the body speedtest.net clients post."""
    pattern = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    data = b"content1=" + pattern * (UPLOAD_BODY // len(pattern) + 1)
    return memoryview(data[:UPLOAD_BODY])


def probe_upload(server: HttpServer, timeout: float = 10.0) -> None:
    """One small POST, so a refusing upload endpoint is a clear error before the timed phase."""
    body = bytes(_upload_body()[:32768])
    conn: http.client.HTTPConnection | None = None
    try:
        conn = server.connect(timeout)
        conn.request(
            "POST",
            f"{server.folder}{server.upload}?{_stamp(0)}",
            body=body,
            headers={"User-Agent": USER_AGENT, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read(64)
        _check_status(response, server, server.upload)
    except Exception as exc:
        raise _translate(exc, server, L_("testing the upload endpoint")) from exc
    finally:
        if conn is not None:
            conn.close()


def _count(workers: list[_Stream], upload: bool) -> int:
    """Download: bytes read. Upload: bytes acknowledged, else bytes handed to the socket."""
    if upload:
        acked = [w.acked() for w in workers]
        if all(a is not None for a in acked):
            return sum(a for a in acked if a is not None)
    return sum(w.bytes for w in workers)


def _stalled(server: HttpServer, upload: bool, timeout: float) -> DeviceTimeout:
    return DeviceTimeout(
        L_("{where} stopped moving data during the upload (nothing for {timeout:g} s)", where=server.where(), timeout=timeout) if upload
        else L_("{where} stopped moving data during the download (nothing for {timeout:g} s)", where=server.where(), timeout=timeout),
        hint=L_("the server or the line stalled; try again or use another server"),
    )


def measure(
    server: HttpServer,
    *,
    upload: bool,
    streams: int = 8,
    duration: float = 10.0,
    warmup: float = 2.0,
    timeout: float = 10.0,
    progress: Progress = _no_progress,
) -> Transfer:
    """Run `streams` connections for `duration` seconds; the rate excludes the first `warmup`."""
    phase, warming = ("upload", "upload warm-up") if upload else ("download", "download warm-up")
    stop = threading.Event()
    body = _upload_body() if upload else memoryview(b"")
    workers = [_Stream(i, server, upload, timeout, stop, body) for i in range(streams)]
    start = time.monotonic()
    for worker in workers:
        worker.start()
    mark: tuple[float, int] | None = None
    last_bytes, last_change = 0, start
    recent: list[tuple[float, int]] = [(start, 0)]
    try:
        while True:
            time.sleep(0.1)
            now = time.monotonic()
            total = _count(workers, upload)
            failed = next((w.error for w in workers if w.error is not None), None)
            if isinstance(failed, TimeoutError):
                raise _stalled(server, upload, timeout) from failed
            if failed is not None:
                raise _translate(failed, server, L_("measuring the upload") if upload else L_("measuring the download")) from failed
            if total != last_bytes:
                last_bytes, last_change = total, now
            elif now - last_change >= timeout:
                raise _stalled(server, upload, timeout)
            recent = [(t, b) for t, b in recent if now - t <= 1.0] + [(now, total)]
            current = (total - recent[0][1]) * 8 / max(now - recent[0][0], 1e-6) / 1e6
            if mark is None and now - start >= warmup:
                mark = (now, total)
            label = phase if mark is not None else warming
            progress(label, current, min((now - start) / (warmup + duration), 1.0))
            if now - start >= warmup + duration:
                break
    finally:
        stop.set()
        for worker in workers:
            worker.close()
    assert mark is not None
    measured_bytes = total - mark[1]
    seconds = now - mark[0]
    if measured_bytes <= 0:
        raise DeviceTimeout(
            L_("{where} moved no data during the upload", where=server.where()) if upload
            else L_("{where} moved no data during the download", where=server.where()),
            hint=L_("the server or the line stalled; try again or use another server"),
        )
    return Transfer(
        mbps=round(measured_bytes * 8 / seconds / 1e6, 3),
        bytes_total=total,
        bytes_measured=measured_bytes,
        seconds_measured=round(seconds, 3),
        seconds_total=round(now - start, 3),
        streams=streams,
    )
