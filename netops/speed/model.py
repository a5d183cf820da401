"""What a speed test was asked to do and what it measured, engine-neutral."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# progress(phase, current Mbit/s or nan when unknown, fraction of the phase done)
Progress = Callable[[str, float, float], None]


def no_progress(phase: str, mbps: float, fraction: float) -> None:
    pass


@dataclass(frozen=True)
class SpeedOptions:
    streams: int | None = None  # None: the engine's default
    duration: float = 8.0  # measured seconds per direction
    warmup: float = 2.0  # seconds discarded before measuring (TCP slow start)
    timeout: float = 10.0  # per network operation; also the stall limit
    upload: bool = True


@dataclass
class SpeedResult:
    engine: str
    server: dict[str, Any]
    ping_ms: float | None = None
    jitter_ms: float | None = None
    download_mbps: float | None = None
    upload_mbps: float | None = None
    bytes_received: int = 0
    bytes_sent: int = 0
    duration_s: float = 0.0
    streams: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "server": self.server,
            "ping_ms": self.ping_ms,
            "jitter_ms": self.jitter_ms,
            "download_mbps": self.download_mbps,
            "upload_mbps": self.upload_mbps,
            "bytes_received": self.bytes_received,
            "bytes_sent": self.bytes_sent,
            "duration_s": self.duration_s,
            "streams": self.streams,
        }
