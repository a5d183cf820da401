"""Lab service: OLTs answering over SSH with the Huawei SmartAX and ZTE ZXAN CLIs.

A real SSH server (asyncssh) on loopback, one port per lab OLT, serving the same ONUs and
readings as the lab's SNMP OLT (`netops.lab.olt_data`). It speaks closely enough for netmiko's
own drivers: login banner, user/enable/config/interface prompts, echo, the pager (Huawei:
24-line pages, 512 after `scroll`, never off; ZTE: off after `terminal length 0`), the
`{ <cr>||<K> }:` prompt until `undo smart`, and the devices' error strings. Faults for tests: `--slow SECONDS` (before each display/show output),
`--drop N` (the first N display/show commands stop halfway and the connection closes),
`--pager-always` (scroll / terminal length are ignored), `--drop-on REGEX` (every matching
display/show command drops the connection), `--keep-smart` (Huawei ignores `undo smart`).

    python -m netops.lab.ssh_olt --host-key KEY --serve lab-huawei=2322 [--serve ...]
    python -m netops.lab.ssh_olt --host-key KEY --replay 2400=session.yaml   # a recorded OLT
The password comes from the environment (NETOPS_LAB_OLT_PASSWORD), never from argv.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import signal
import sys
from pathlib import Path
from typing import Any

from netops.lab.state import LabContext, LabError, ServiceInfo, tcp_open, wait_until

NAME = "ssh-olt"
BASE_PORT = 2322
TELNET_BASE_PORT = 2332
USERNAME = "netops"
PASSWORD_ENV = "NETOPS_LAB_OLT_PASSWORD"
LAB_PASSWORD = "netops-lab"  # documented lab-only password (docs/optical-cli.md), not a secret
CLI_OLTS = ("lab-huawei", "lab-zte", "lab-zte-c600")


class Faults:
    def __init__(self, slow: float = 0.0, drop: int = 0, pager_always: bool = False, drop_on: str | None = None) -> None:
        self.slow = slow
        self.drops_left = drop
        self.pager_always = pager_always
        self.drop_on = drop_on  # drop every display/show command matching this regular expression
        self.keep_smart = False  # Huawei: `undo smart` is ignored, display commands ask `{ <cr>||<K> }:`


# -- the lab service ------------------------------------------------------------------------


def start(ctx: LabContext) -> ServiceInfo:
    return start_server(ctx)


def start_server(ctx: LabContext, faults: list[str] | None = None, name: str = NAME) -> ServiceInfo:
    """Start the SSH OLTs (extra `faults` argv for tests); write host key and known_hosts."""
    import asyncssh

    ctx.directory.mkdir(parents=True, exist_ok=True)
    key_path = ctx.directory / "ssh_olt_host_key"
    if not key_path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519")
        key_path.write_bytes(key.export_private_key())
        key_path.chmod(0o600)
    public = asyncssh.read_private_key(str(key_path)).export_public_key().decode().strip()
    ports = {olt: ctx.port(BASE_PORT + offset) for offset, olt in enumerate(CLI_OLTS)}
    telnet_ports = {olt: ctx.port(TELNET_BASE_PORT + offset) for offset, olt in enumerate(CLI_OLTS)}
    known_hosts = ctx.directory / "known_hosts"
    known_hosts.write_text("".join(f"[{ctx.host}]:{port} {public}\n" for port in ports.values()))
    args = [ctx.python(), "-m", "netops.lab.ssh_olt", "--host", ctx.host, "--host-key", str(key_path)]
    args += [arg for olt, port in ports.items() for arg in ("--serve", f"{olt}={port}")]
    args += [arg for olt, port in telnet_ports.items() for arg in ("--telnet", f"{olt}={port}")]
    args += faults or []
    password = os.environ.get(PASSWORD_ENV) or LAB_PASSWORD
    pid = ctx.spawn(name, args, env={PASSWORD_ENV: password})
    for olt, port in [*ports.items(), *telnet_ports.items()]:
        try:
            wait_until(functools.partial(tcp_open, ctx.host, port), 30, f"lab SSH OLT {olt}", pid)
        except LabError as exc:
            raise LabError(f"{exc.message}: {ctx.log_tail(name)}") from exc
    from netops.lab.olt_data import lab_olt

    olts = {
        olt: {
            "host": ctx.host,
            "profile": lab_olt(olt).profile,
            "ssh": {
                "port": port,
                "username": USERNAME,
                "password_env": PASSWORD_ENV,
                "known_hosts": str(known_hosts),
            },
        }
        for olt, port in ports.items()
    }
    for olt, port in telnet_ports.items():  # the same OLTs over telnet, as many OLTs still are
        olts[f"{olt}-telnet"] = {
            "host": ctx.host,
            "profile": lab_olt(olt).profile,
            "ssh": {"port": port, "username": USERNAME, "password_env": PASSWORD_ENV, "transport": "telnet"},
        }
    usage = [f"export {PASSWORD_ENV}={LAB_PASSWORD}   # the lab OLTs' CLI password"]
    if os.environ.get(PASSWORD_ENV) and os.environ[PASSWORD_ENV] != LAB_PASSWORD:
        usage = [f"the lab OLTs' CLI password is the value of {PASSWORD_ENV} in this shell"]
    usage += [
        "netops --inventory lab optical onu lab-huawei 0/1/0:3 --via cli",
        "netops --inventory lab optical scan lab-zte --via cli",
        f"ssh -o UserKnownHostsFile={known_hosts} -p {ports['lab-huawei']} {USERNAME}@{ctx.host}   # the MA5800 CLI by hand",
    ]
    return ServiceInfo(
        name=name,
        pids=[pid],
        endpoints={
            **{olt: f"ssh {ctx.host}:{port}" for olt, port in ports.items()},
            **{f"{olt}-telnet": f"telnet {ctx.host}:{port}" for olt, port in telnet_ports.items()},
        },
        inventory={"olts": olts},
        usage=usage,
    )


# -- the server -----------------------------------------------------------------------------


class TelnetIO:
    """The Device's stdin/stdout over a raw TCP stream, with telnet IAC negotiation removed."""

    IAC, SB, SE = 255, 250, 240

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def read(self, size: int) -> str:
        while True:
            data = await self.reader.read(size)
            if not data:
                return ""
            text = self._strip(data)
            if text:
                return text

    def _strip(self, data: bytes) -> str:
        out, i = bytearray(), 0
        while i < len(data):
            byte = data[i]
            if byte == self.IAC and i + 1 < len(data):
                command = data[i + 1]
                if command == self.SB:  # subnegotiation: skip to IAC SE
                    end = data.find(bytes([self.IAC, self.SE]), i)
                    i = len(data) if end < 0 else end + 2
                elif command == self.IAC:
                    out.append(self.IAC)
                    i += 2
                else:
                    i += 3 if 251 <= command <= 254 else 2
                continue
            out.append(byte)
            i += 1
        return out.decode("utf-8", "replace")

    def write(self, text: str) -> None:
        self.writer.write(text.encode("utf-8"))


def _telnet_session(olt, password: str, faults: Faults):
    from netops.lab.cli_olt import make_device

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        device = make_device(olt, faults)
        io = TelnetIO(reader, writer)
        try:
            device.stdin, device.stdout = io, io
            if await device.telnet_login(lambda user, pw: user == USERNAME and pw == password):
                await device.run(io, io)
        except (ConnectionError, OSError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    return session


async def serve(
    host: str,
    key: str,
    olts: dict[str, int],
    password: str,
    faults: Faults,
    telnet: dict[str, int] | None = None,
    replays: dict[int, str] | None = None,
) -> None:
    import asyncssh

    from netops.lab.cli_olt import Recording, make_device, make_replay
    from netops.lab.olt_data import lab_olt

    class Server(asyncssh.SSHServer):
        def begin_auth(self, username: str) -> bool:
            return True

        def password_auth_supported(self) -> bool:
            return True

        def validate_password(self, username: str, pw: str) -> bool:
            return username == USERNAME and pw == password

    servers: list[Any] = []
    makers = {port: (lambda olt=lab_olt(name): make_device(olt, faults)) for name, port in olts.items()}
    for port, path in (replays or {}).items():
        recording = Recording(path)
        makers[port] = lambda recording=recording: make_replay(recording, faults)
    for port, make in makers.items():

        async def session(process, make=make) -> None:
            device = make()
            try:
                await device.run(process.stdin, process.stdout)
            except (asyncssh.BreakReceived, asyncssh.TerminalSizeChanged, BrokenPipeError, ConnectionError):
                if device.closed:  # dropped on purpose: cut the TCP connection, as a crashing vty does
                    connection = process.get_extra_info("connection")
                    if connection is not None:
                        connection.abort()
                        return
            process.exit(0)
            if device.closed:  # logged out: the device ends the SSH connection, not just the channel
                connection = process.get_extra_info("connection")
                if connection is not None:
                    connection.close()

        servers.append(
            await asyncssh.create_server(
                Server,
                host,
                port,
                server_host_keys=[key],
                process_factory=session,
                line_editor=False,
                encoding="utf-8",
                keepalive_interval=0,
            )
        )
    for name, port in (telnet or {}).items():
        servers.append(await asyncio.start_server(_telnet_session(lab_olt(name), password, faults), host, port))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"ssh-olt: serving {len(makers)} OLT(s) on {host}", flush=True)
    await stop.wait()
    for server in servers:
        server.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netops.lab.ssh_olt")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--host-key", required=True)
    parser.add_argument("--serve", action="append", default=[], metavar="OLT=PORT")
    parser.add_argument("--replay", action="append", default=[], metavar="PORT=SESSION.yaml")
    parser.add_argument("--telnet", action="append", default=[], metavar="OLT=PORT")
    parser.add_argument("--slow", type=float, default=0.0)
    parser.add_argument("--drop", type=int, default=0)
    parser.add_argument("--pager-always", action="store_true")
    parser.add_argument("--drop-on", metavar="REGEX")
    parser.add_argument("--keep-smart", action="store_true")
    args = parser.parse_args(argv)
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        print(f"ssh-olt: {PASSWORD_ENV} is not set", file=sys.stderr)
        return 3
    olts = {name: int(port) for name, _, port in (item.partition("=") for item in args.serve)}
    telnet = {name: int(port) for name, _, port in (item.partition("=") for item in args.telnet)}
    if not Path(args.host_key).is_file():
        print(f"ssh-olt: host key {args.host_key} not found", file=sys.stderr)
        return 3
    replays = {int(port): path for port, _, path in (item.partition("=") for item in args.replay)}
    if not olts and not replays:
        parser.error("give --serve OLT=PORT or --replay PORT=SESSION.yaml")
    faults = Faults(args.slow, args.drop, args.pager_always, args.drop_on)
    faults.keep_smart = args.keep_smart
    asyncio.run(serve(args.host, args.host_key, olts, password, faults, telnet, replays))
    return 0


if __name__ == "__main__":
    sys.exit(main())
