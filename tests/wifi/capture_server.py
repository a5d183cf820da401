"""A loopback HTTP server that answers only with recorded material: captured pages and login vectors.

No lab code is involved: what it serves comes from tests/data/cpe/<profile-id>/ (each file names
its public source), so a profile that passes against it agrees with the real firmware, not with
our own simulator.
"""

from __future__ import annotations

import re
import threading
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

DATA = Path(__file__).resolve().parents[1] / "data" / "cpe"
_HEADER = re.compile(r"\A<!--\s*netops test data:.*?-->\n", re.S)


def captured_page(profile_id: str, name: str) -> str:
    return _HEADER.sub("", (DATA / profile_id / name).read_text(encoding="utf-8"), count=1)


class CaptureRouter:
    """Serves a login vector (challenge page, expected form) and captured pages; records saves."""

    def __init__(self, vector: dict[str, Any], pages: dict[str, str] | None = None) -> None:
        self.vector = vector
        self.pages = pages or {}
        self.logins: list[dict[str, str]] = []  # every login form received
        self.saves: list[tuple[str, dict[str, str]]] = []
        self.cookies_seen: dict[str, str] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, body: str, status: int = 200, cookies: dict[str, str] | None = None) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (cookies or {}).items():
                    self.send_header("Set-Cookie", f"{name}={value}; Path=/")
                self.end_headers()
                self.wfile.write(data)

            def _cookies(self) -> dict[str, str]:
                jar = SimpleCookie()
                jar.load(self.headers.get("Cookie", ""))
                return {k: m.value for k, m in jar.items()}

            def do_GET(self) -> None:
                owner.cookies_seen = self._cookies()
                path = urlsplit(self.path).path
                if path in owner.pages:
                    self._reply(owner.pages[path])
                else:  # the login page, whichever path a client starts from
                    self._reply(owner.vector["login_page"], cookies=owner.vector.get("page_cookies"))

            def do_POST(self) -> None:
                owner.cookies_seen = self._cookies()
                path = urlsplit(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                fields = dict(parse_qsl(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
                if path == owner.vector["submit"]:
                    owner.logins.append(fields)
                    wanted = {k: str(v) for k, v in owner.vector["form"].items()}
                    if all(fields.get(k) == v for k, v in wanted.items()):
                        self._reply(owner.vector["accepted_page"], cookies=owner.vector.get("accepted_cookies"))
                    else:
                        self._reply(owner.vector["login_page"])
                elif path in owner.pages:
                    owner.saves.append((path, fields))
                    self._reply("")
                else:
                    self._reply("404 Not Found", 404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CaptureRouter:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
