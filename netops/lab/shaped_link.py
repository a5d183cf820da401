"""A shaped link: two private network namespaces joined by a veth pair, htb on both egresses.

The server namespace runs servers, the client namespace runs clients; each veth end's egress is
limited to the given rate, so download and upload each see that line. Used by the speed tests and
the speed accuracy benchmark. Needs root and iproute2; everything is removed by `destroy`, and
processes are stopped by PID.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=20)


@dataclass
class ShapedLink:
    server_ns: str
    client_ns: str
    server_ip: str
    client_ip: str
    veth: str = ""
    pids: list[int] = field(default_factory=list)

    @classmethod
    def create(cls, rate_mbit: int, tag: str, subnet: str = "10.231.0") -> ShapedLink:
        """Namespaces `netops-<tag>-s` / `-c` with `<subnet>.1` (server) and `<subnet>.2` (client)."""
        link = cls(f"netops-{tag}-s", f"netops-{tag}-c", f"{subnet}.1", f"{subnet}.2", f"nos{tag}")
        ends = (
            (link.server_ns, f"nos{tag}", link.server_ip),
            (link.client_ns, f"noc{tag}", link.client_ip),
        )
        rate = f"{rate_mbit}mbit"
        try:
            for ns, _, _ in ends:
                ip("netns", "add", ns)
            ip("link", "add", ends[0][1], "type", "veth", "peer", "name", ends[1][1])
            for ns, dev, address in ends:
                ip("link", "set", dev, "netns", ns)
                ip("-n", ns, "addr", "add", f"{address}/30", "dev", dev)
                ip("-n", ns, "link", "set", "lo", "up")
                ip("-n", ns, "link", "set", dev, "up")
                ip("netns", "exec", ns, "tc", "qdisc", "add", "dev", dev, "root", "handle", "1:",
                   "htb", "default", "1")
                ip("netns", "exec", ns, "tc", "class", "add", "dev", dev, "parent", "1:",
                   "classid", "1:1", "htb", "rate", rate, "ceil", rate)
        except BaseException:
            link.destroy()
            raise
        return link

    def destroy(self) -> None:
        for pid in self.pids:
            self.stop(pid)
        for ns in (self.server_ns, self.client_ns):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        # Only left in the root namespace if creation failed half-way; deleting one end of a
        # veth pair removes both.
        subprocess.run(["ip", "link", "del", self.veth], capture_output=True)

    def spawn(self, argv: list[str], ns: str | None = None, cwd: str | None = None) -> int:
        """Start a detached process in the server namespace (or `ns`)."""
        process = subprocess.Popen(
            ["ip", "netns", "exec", ns or self.server_ns, *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            cwd=cwd,
        )
        self.pids.append(process.pid)
        return process.pid

    @staticmethod
    def stop(pid: int) -> None:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        for _ in range(50):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            time.sleep(0.05)
        try:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def wait_listening(self, port: int, timeout: float = 10.0) -> None:
        """Poll the server namespace's socket table (connecting would disturb iperf3)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = subprocess.run(
                ["ip", "netns", "exec", self.server_ns, "ss", "-Hltn", f"sport = :{port}"],
                capture_output=True,
                text=True,
            ).stdout
            if out.strip():
                return
            time.sleep(0.05)
        raise RuntimeError(f"nothing listens on port {port} in {self.server_ns}")

    def client_run(self, argv: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess[str]:
        """Run a command to completion in the client namespace."""
        return subprocess.run(
            ["ip", "netns", "exec", self.client_ns, *argv],
            capture_output=True, text=True, timeout=timeout, **kwargs,
        )
