"""Lab speed server: the legacy speedtest.net HTTP endpoints, plus an iperf3 server.

The HTTP server answers what speedtest-cli and `netops speed test` ask an Ookla legacy server and
the speedtest.net directory: `speedtest-config.php`, `speedtest-servers*.php`, `latency.txt`,
`random{N}x{N}.jpg` and `upload.php`. Absolute request URIs are accepted, so it also works as an
HTTP proxy target. Faults for tests: `--fail ENDPOINT=STATUS`, `--stall-after BYTES` (a download
that stops sending but keeps the connection open) and `--delay-ms` (server-side delay per request).

Run alone: `python -m netops.lab.speed_server --port 18300`; `netops lab up` starts it for you.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

if TYPE_CHECKING:
    from netops.lab.state import LabContext, ServiceInfo

NAME = "speed"
HTTP_PORT = 18300
SLOW_LINE_PORT = 18301
SLOW_LINE_MBPS = 60.0
IPERF3_PORT = 15201

# File sizes of Ookla's legacy servers (random{N}x{N}.jpg), so clients see realistic volumes.
FILE_SIZES = {
    350: 245_388,
    500: 505_544,
    750: 1_118_012,
    1000: 1_986_284,
    1500: 4_468_241,
    2000: 7_907_740,
    2500: 12_407_926,
    3000: 17_816_816,
    3500: 24_262_167,
    4000: 31_625_365,
}
ENDPOINTS = ("config", "servers", "latency", "download", "upload")
CHUNK = 256 * 1024
_PAYLOAD = memoryview(bytes(range(256)) * (CHUNK // 256))

CONFIG_XML = """<?xml version="1.0" encoding="UTF-8"?>
<settings>
<client ip="{ip}" lat="-12.97" lon="-38.50" isp="Netops Lab" isprating="3.7" rating="0"
 ispdlavg="0" ispulavg="0" loggedin="0" country="BR"/>
<server-config threadcount="4" ignoreids="" notonmap="" forcepingid="" preferredserverid=""/>
<download testlength="10" initialtest="250K" mintestsize="250K" threadsperurl="4"/>
<upload testlength="10" ratio="5" initialtest="0" mintestsize="32K" threads="2"
 maxchunksize="512K" maxchunkcount="50" threadsperurl="4"/>
</settings>
"""

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SERVER_XML = (
    '<server url="{url}" lat="-12.97" lon="-38.50" name="Salvador" country="Brazil" cc="BR"'
    ' sponsor="Netops Lab" id="{id}" host="{host}"/>'
)


class Options(argparse.Namespace):
    host: str
    port: int
    fail: dict[str, int]
    stall_after: int | None
    delay_ms: float
    public_host: str | None
    rate_mbps: float | None
    pacer: Pacer | None


class Pacer:
    """A token bucket shared by every connection: the server as a whole moves at most `mbps`.

    Stands in for a customer's line that is slower than the plan, so the lab can show a slow line.
    """

    def __init__(self, mbps: float) -> None:
        self.bytes_per_s = mbps * 1e6 / 8
        self.lock = threading.Lock()
        self.next_free = time.monotonic()

    def take(self, count: int) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_free)
            self.next_free = start + count / self.bytes_per_s
        if start > now:
            time.sleep(start - now)


def parse_fail(text: str) -> tuple[str, int]:
    name, _, status = text.partition("=")
    if name not in ENDPOINTS or not status.isdigit():
        raise argparse.ArgumentTypeError(f"expected ENDPOINT=STATUS with ENDPOINT in {ENDPOINTS}")
    return name, int(status)


class SpeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real legacy servers offer
    disable_nagle_algorithm = True  # small answers must not wait for delayed ACKs
    server_version = "NetopsLabSpeed/1.0"
    options: Options  # set on the subclass built by `make_server`

    def log_message(
        self, format: str, *args: object
    ) -> None:  # quiet: one line per request is noise
        pass

    # --- helpers -----------------------------------------------------------------------------
    def _endpoint(self) -> tuple[str, str]:
        path = urlparse(self.path).path
        name = path.rsplit("/", 1)[-1]
        if name in ("speedtest-config.php",):
            return "config", name
        if name.startswith("speedtest-servers"):
            return "servers", name
        if name == "latency.txt":
            return "latency", name
        if re.fullmatch(r"random\d+x\d+\.jpg", name):
            return "download", name
        if re.fullmatch(r"upload\.(php|asp|aspx|jsp)", name):
            return "upload", name
        return "", name

    def _delay(self) -> None:
        if self.options.delay_ms:
            time.sleep(self.options.delay_ms / 1000.0)

    def _reply(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fault(self, endpoint: str) -> bool:
        status = self.options.fail.get(endpoint)
        if status is None:
            return False
        self.close_connection = True  # a failing server rarely keeps the connection
        self._reply(status, f"lab fault: {endpoint} answers {status}\n".encode())
        return True

    def _base_url(self) -> str:
        address: Any = self.server.server_address
        host = self.options.public_host or str(address[0])
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{address[1]}"

    # --- endpoints ---------------------------------------------------------------------------
    def do_GET(self) -> None:
        endpoint, name = self._endpoint()
        if endpoint and self._fault(endpoint):
            return
        self._delay()
        if endpoint == "config":
            xml = CONFIG_XML.format(ip=self.client_address[0])
            self._reply(200, xml.encode(), "text/xml")
        elif endpoint == "servers":
            base = self._base_url()
            host = base.split("//", 1)[1]
            entry = SERVER_XML.format(url=f"{base}/speedtest/upload.php", id=1, host=host)
            xml = f"{XML_HEAD}<settings><servers>{entry}</servers></settings>\n"
            self._reply(200, xml.encode(), "text/xml")
        elif endpoint == "latency":
            self._reply(200, b"test=test\n")
        elif endpoint == "download":
            self._download(name)
        elif endpoint == "upload":  # GET upload.php: how speedtest-cli's --mini probes a server
            self._reply(200, b"size=0\n")
        else:
            self._reply(404, b"not found\n")

    do_HEAD = do_GET

    def _download(self, name: str) -> None:
        side = int(re.findall(r"\d+", name)[0])
        size = FILE_SIZES.get(side, side * side * 2)
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(size))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command == "HEAD":
            return
        stall = self.options.stall_after
        sent = 0
        while sent < size:
            step = min(CHUNK, size - sent)
            if stall is not None:
                if sent >= stall:
                    self._hold()
                    return
                step = min(step, stall - sent)
            if self.options.pacer:
                self.options.pacer.take(step)
            self.wfile.write(_PAYLOAD[:step])
            sent += step

    def _hold(self) -> None:
        """Keep the connection open without sending, until the client gives up."""
        self.close_connection = True
        self.connection.settimeout(1.0)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                if not self.connection.recv(65536):
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def do_POST(self) -> None:
        endpoint, _ = self._endpoint()
        if endpoint and self._fault(endpoint):
            return
        if endpoint != "upload":
            self.close_connection = True
            self._reply(404, b"not found\n")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._reply(411, b"length required\n")
            return
        received = 0
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        while received < length:
            count = self.rfile.readinto(view[: min(CHUNK, length - received)])
            if not count:
                self.close_connection = True
                return
            if self.options.pacer:
                self.options.pacer.take(count)
            received += count
        self._delay()
        self._reply(200, f"size={received}".encode())


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, BrokenPipeError)):
            return  # clients stop mid-transfer on purpose when their time is up
        super().handle_error(request, client_address)


def make_server(options: Options) -> ThreadingHTTPServer:
    handler = type("Handler", (SpeedHandler,), {"options": options})
    server_class: type[_Server] = _Server
    if ":" in options.host:
        server_class = type("Server6", (_Server,), {"address_family": socket.AF_INET6})
    return server_class((options.host, options.port), handler)


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m netops.lab.speed_server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=HTTP_PORT)
    parser.add_argument("--public-host", default=None, help="host name to put in the server list")
    parser.add_argument(
        "--fail",
        type=parse_fail,
        action="append",
        default=[],
        metavar="ENDPOINT=STATUS",
        help=f"answer STATUS on ENDPOINT {ENDPOINTS}",
    )
    parser.add_argument(
        "--stall-after",
        type=int,
        default=None,
        metavar="BYTES",
        help="downloads stop sending after BYTES and hold the connection",
    )
    parser.add_argument(
        "--delay-ms", type=float, default=0.0, help="server-side delay before each answer"
    )
    parser.add_argument(
        "--rate-mbps", type=float, default=None, help="cap the whole server at this rate (a slow line)"
    )
    options = parser.parse_args(argv, namespace=Options())
    options.fail = dict(options.fail)
    options.pacer = Pacer(options.rate_mbps) if options.rate_mbps else None
    return options


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    server = make_server(options)
    print(f"speed server listening on {options.host}:{server.server_address[1]}", flush=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def listening(port: int) -> bool:
    """Whether something listens on TCP `port` (read from /proc, without connecting)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                next(lines)
                for line in lines:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                        return True
        except OSError:
            continue
    return False


# --- lab service -------------------------------------------------------------------------------
def start(ctx: LabContext) -> ServiceInfo:
    """Start the HTTP speed server and, when the program is installed, an iperf3 server."""
    from netops.lab.state import ServiceInfo, tcp_open, wait_until

    http_port = ctx.port(HTTP_PORT)
    pid = ctx.spawn(
        "speed-http",
        [
            ctx.python(),
            "-m",
            "netops.lab.speed_server",
            "--host",
            ctx.host,
            "--port",
            str(http_port),
        ],
    )
    pids = [pid]
    wait_until(lambda: tcp_open(ctx.host, http_port), 10, "lab speed server", pid)
    url = f"http://{ctx.host}:{http_port}/speedtest/upload.php"
    slow_port = ctx.port(SLOW_LINE_PORT)
    slow_pid = ctx.spawn(
        "speed-http-slow",
        [ctx.python(), "-m", "netops.lab.speed_server", "--host", ctx.host,
         "--port", str(slow_port), "--rate-mbps", str(SLOW_LINE_MBPS)],
    )
    pids.append(slow_pid)
    wait_until(lambda: tcp_open(ctx.host, slow_port), 10, "lab slow-line speed server", slow_pid)
    slow_url = f"http://{ctx.host}:{slow_port}/speedtest/upload.php"
    endpoints = {"http": url, "http_slow_line": slow_url}
    usage = [
        f"netops speed test --server {url} --plan-down 100",
        f"netops speed test --server {slow_url} --plan-down 100   # a line that carries only {SLOW_LINE_MBPS:g} Mbit/s",
    ]
    iperf3 = shutil.which("iperf3")
    if iperf3:
        iperf_port = ctx.port(IPERF3_PORT)
        iperf_pid = ctx.spawn("speed-iperf3", [iperf3, "-s", "-B", ctx.host, "-p", str(iperf_port)])
        pids.append(iperf_pid)
        # iperf3 takes any connection for a test: check the listening socket, do not connect.
        wait_until(lambda: listening(iperf_port), 10, "lab iperf3 server", iperf_pid)
        endpoints["iperf3"] = f"{ctx.host}:{iperf_port}"
        usage.append(f"netops speed test --engine iperf3 --server {ctx.host}:{iperf_port}")
    return ServiceInfo(name=NAME, pids=pids, endpoints=endpoints, usage=usage)


if __name__ == "__main__":
    main()
