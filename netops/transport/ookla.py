"""speedtest.net's directory through speedtest-cli: configuration, server list, best server.

speedtest-cli fetches `speedtest-config.php` inside its constructor, so it is only used when no
server URL was given. The directory is `https://www.speedtest.net` (plain HTTP is refused there
since 2022); another base URL (a mirror, or the lab) is reached by rewriting the requests
speedtest-cli builds for www/c.speedtest.net, so its own parsing and server choice still apply.
`legacy_measure` runs speedtest-cli's own fixed-volume download/upload against a server URL
without any directory, for comparisons in the benchmark.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from netops.errors import DeviceError, DeviceUnreachable, NotFound, ProtocolError
from netops.i18n import L_, N_

DEFAULT_DIRECTORY = "https://www.speedtest.net"
_DIRECTORY_HOSTS = {"www.speedtest.net", "c.speedtest.net"}


@dataclass(frozen=True)
class DirectoryServer:
    id: str
    name: str
    sponsor: str
    url: str
    distance_km: float
    latency_ms: float


def _speedtest() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import speedtest
    return speedtest


def _redirect_handler(base: str) -> Any:
    import urllib.request

    target = urlsplit(base.rstrip("/"))

    class DirectoryRedirect(urllib.request.BaseHandler):
        """Send speedtest-cli's directory requests to another base URL."""

        handler_order = 100  # before the HTTP handlers add the Host header

        def http_request(self, request: Any) -> Any:
            parts = urlsplit(request.full_url)
            if parts.hostname in _DIRECTORY_HOSTS:
                request.full_url = urlunsplit(
                    (target.scheme, target.netloc, target.path + parts.path, parts.query, "")
                )
            return request

        https_request = http_request

    return DirectoryRedirect()


def _client(directory: str, timeout: float) -> Any:
    speedtest = _speedtest()
    redirected = urlsplit(directory).hostname not in _DIRECTORY_HOSTS

    class Client(speedtest.Speedtest):  # type: ignore[misc, name-defined]
        def get_config(self) -> Any:
            if redirected and not getattr(self, "_netops_redirect", False):
                self._opener.add_handler(_redirect_handler(directory))
                self._netops_redirect = True
            return super().get_config()

    secure = urlsplit(directory).scheme == "https"
    return Client(timeout=timeout, secure=secure)


def _translate(exc: BaseException, directory: str, stage: str) -> DeviceError:
    speedtest = _speedtest()
    reason = exc.args[0] if exc.args else exc
    reason_text = getattr(reason, "reason", None) or reason
    if isinstance(reason_text, BaseException):
        reason_text = getattr(reason_text, "strerror", None) or str(reason_text)
    code = getattr(reason, "code", None)
    if isinstance(code, int):
        return ProtocolError(
            L_(_ANSWERED_HTTP[stage], directory=directory, code=code),
            hint=L_("try again later, or pass --server with your ISP's server URL"),
        )
    if isinstance(exc, speedtest.ConfigRetrievalError):
        return DeviceUnreachable(
            L_("cannot reach the speed test directory {directory}: {reason_text}", directory=directory, reason_text=reason_text),
            hint=L_("without Internet access, pass --server with an on-net server URL"),
        )
    if isinstance(exc, speedtest.SpeedtestBestServerFailure):
        return DeviceUnreachable(
            L_("no speedtest.net server answered the latency test"),
            hint=L_("pass --server with a server URL"),
        )
    return ProtocolError(L_(_UNUSABLE[stage], directory=directory, reason_text=reason_text))


# What the directory was asked for when it failed (`stage`), each in a whole sentence.
_ANSWERED_HTTP = {
    "configuration": N_("the speed test directory {directory} answered HTTP {code} for the configuration"),
    "server list": N_("the speed test directory {directory} answered HTTP {code} for the server list"),
    "latency test": N_("the speed test directory {directory} answered HTTP {code} for the latency test"),
}
_UNUSABLE = {
    "configuration": N_("the speed test directory {directory} gave an unusable configuration: {reason_text}"),
    "server list": N_("the speed test directory {directory} gave an unusable server list: {reason_text}"),
    "latency test": N_("the speed test directory {directory} gave an unusable latency test: {reason_text}"),
}


def best_server(
    directory: str, server_id: int | None = None, timeout: float = 10.0
) -> DirectoryServer:
    """The directory's best server (lowest latency of the closest ones), or the one with that id."""
    speedtest = _speedtest()
    stage = "configuration"
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            client = _client(directory, timeout)
            if not client.config.get("client"):
                raise ProtocolError(L_("the speed test directory {directory} sent no configuration", directory=directory))
            stage = "server list"
            try:
                client.get_servers([server_id] if server_id is not None else [])
            except speedtest.NoMatchedServers as exc:
                raise NotFound(
                    L_("no server with id {server_id} in the speed test directory", server_id=server_id),
                    hint=L_("list servers at speedtest.net, or pass --server URL"),
                ) from exc
            if not client.servers:
                raise ProtocolError(
                    L_("the speed test directory {directory} sent no usable server list", directory=directory),
                    hint=L_("pass --server with a server URL"),
                )
            stage = "latency test"
            best = client.get_best_server()
    except DeviceError:
        raise
    except Exception as exc:  # speedtest-cli raises its own, urllib's and even NameError
        raise _translate(exc, directory, stage) from exc
    if (
        best.get("latency", 0) >= 3600 * 3 / 6 * 1000
    ):  # speedtest-cli's value when no sample answered
        raise DeviceUnreachable(
            L_("speed server {value} did not answer the latency test", value=best.get('host') or best.get('url')),
            hint=L_("pass --server with another server"),
        )
    return DirectoryServer(
        id=str(best.get("id", "")),
        name=str(best.get("name", "")),
        sponsor=str(best.get("sponsor", "")),
        url=str(best["url"]),
        distance_km=round(float(best.get("d", 0.0)), 1),
        latency_ms=float(best.get("latency", 0.0)),
    )


def legacy_measure(server_url: str, timeout: float = 10.0) -> tuple[float, float]:
    """speedtest-cli's own download and upload (bit/s) against `server_url`, no directory."""
    speedtest = _speedtest()

    class Offline(speedtest.Speedtest):  # type: ignore[misc, name-defined]
        def get_config(self) -> Any:
            # The values speedtest.net's configuration gives (ratio 5, 50 chunks, 4 x 2 threads).
            sizes = {
                "upload": [524288, 1048576, 7340032],
                "download": [350, 500, 750, 1000, 1500, 2000, 2500, 3000, 3500, 4000],
            }
            count = math.ceil(50 / len(sizes["upload"]))
            self.config.update(
                {
                    "client": {"ip": "", "lat": "0", "lon": "0", "isp": ""},
                    "ignore_servers": [],
                    "sizes": sizes,
                    "counts": {"upload": count, "download": 4},
                    "threads": {"upload": 2, "download": 8},
                    "length": {"upload": 10, "download": 10},
                    "upload_max": count * len(sizes["upload"]),
                }
            )
            self.lat_lon = (0.0, 0.0)
            return self.config

    client = Offline(timeout=timeout)
    client.get_best_server([{"url": server_url, "id": "0", "d": 0.0}])
    down = client.download()
    up = client.upload(pre_allocate=True)
    return down, up
