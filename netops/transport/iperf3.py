"""The iperf3 program (Debian package) run in JSON mode, its errors translated once.

An iperf3 server runs one test at a time and tells other clients "the server is busy running a
test"; that is retried a bounded number of times. Download is `-R` (the server sends).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from typing import Any

from netops.errors import ConfigError, DeviceError, DeviceTimeout, DeviceUnreachable, ProtocolError
from netops.i18n import L_

BUSY_RETRIES = 3
BUSY_WAIT_S = 1.0


@dataclass(frozen=True)
class Iperf3Result:
    mbps: float
    bytes: int
    seconds: float
    streams: int
    min_rtt_ms: float | None  # from the sending side's TCP stats, when the client sent


def program() -> str:
    """The iperf3 executable (`NETOPS_IPERF3` names another one)."""
    name = os.environ.get("NETOPS_IPERF3", "iperf3")
    found = shutil.which(name)
    if not found:
        raise ConfigError(
            L_("the iperf3 program is not installed (or not on PATH)"),
            hint=L_("install it with `apt install iperf3`, or use --engine speedtest"),
        )
    return found


def run(
    host: str,
    port: int,
    *,
    reverse: bool,
    streams: int,
    duration: int,
    omit: int,
    timeout: float,
    retries: int = BUSY_RETRIES,
    retry_wait: float = BUSY_WAIT_S,
) -> Iperf3Result:
    """One iperf3 test; `reverse` measures the download. Busy servers are retried, then an error."""
    argv = [
        program(),
        "-c",
        host,
        "-p",
        str(port),
        "-J",
        "-t",
        str(duration),
        "-O",
        str(omit),
        "-P",
        str(streams),
        "--connect-timeout",
        str(int(timeout * 1000)),
    ]
    if reverse:
        argv.append("-R")
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    where = L_("iperf3 server {address}", address=address)
    for attempt in range(1, retries + 1):
        data = _run_once(argv, where, limit=duration + omit + 2 * timeout + 5)
        error = str(data.get("error") or "")
        if not error:
            return _parse(data, where, reverse)
        if "busy" not in error:
            raise _error(error, where)
        if attempt < retries:
            time.sleep(retry_wait * attempt)
    raise DeviceError(
        L_("{where} is busy running another test (tried {retries} times)", where=where, retries=retries),
        hint=L_("try again in a minute, or use another iperf3 server"),
    )


def _run_once(argv: list[str], where: str, limit: float) -> dict[str, Any]:
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=limit, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as exc:
        raise DeviceTimeout(
            L_("{where}: the test did not finish within {limit:.0f} s", where=where, limit=limit),
            hint=L_("the server or the line stalled; try again"),
        ) from exc
    except OSError as exc:
        raise ConfigError(L_("cannot run iperf3: {value}", value=exc.strerror or exc)) from exc
    try:
        data = json.loads(done.stdout)
    except ValueError:
        text = (done.stderr or done.stdout).strip().splitlines()
        reason = text[-1] if text else L_("exit status {code}", code=done.returncode)
        raise ProtocolError(L_("{where}: iperf3 gave no JSON result ({reason})", where=where, reason=reason)) from None
    if not isinstance(data, dict):
        raise ProtocolError(L_("{where}: iperf3 gave an unexpected JSON result", where=where))
    return data


def _error(message: str, where: str) -> DeviceError:
    text = message.strip().rstrip(".")
    low = text.lower()
    if "connection refused" in low:
        return DeviceUnreachable(
            L_("{where} refused the connection", where=where),
            hint=L_("check the host and port, and that `iperf3 -s` runs there"),
        )
    if "unable to connect" in low or "no route" in low or "unreachable" in low:
        return DeviceUnreachable(L_("{where}: {text}", where=where, text=text), hint=L_("check the host, port and network"))
    if "timed out" in low or "timeout" in low:
        return DeviceTimeout(L_("{where}: {text}", where=where, text=text), hint=L_("the server or the line stalled; try again"))
    return DeviceError(L_("{where}: {text}", where=where, text=text))


def _parse(data: dict[str, Any], where: str, reverse: bool) -> Iperf3Result:
    try:
        end = data["end"]
        received = end["sum_received"]
        start = data.get("start", {}).get("test_start", {})
        rtts = [
            stream["sender"]["min_rtt"]
            for stream in end.get("streams", [])
            if stream.get("sender", {}).get("min_rtt")
        ]
        return Iperf3Result(
            mbps=round(float(received["bits_per_second"]) / 1e6, 3),
            bytes=int(received["bytes"]),
            seconds=round(float(received["seconds"]), 3),
            streams=int(start.get("num_streams", len(end.get("streams", [])))),
            min_rtt_ms=None if reverse or not rtts else round(min(rtts) / 1000.0, 3),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError(L_("{where}: unexpected iperf3 JSON ({exc!r})", where=where, exc=exc)) from exc
