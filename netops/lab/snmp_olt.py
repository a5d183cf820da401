"""Lab service: simulated OLTs answering SNMP (snmpsim), one UDP port per OLT, community `public`."""

from __future__ import annotations

import functools
import shutil
import socket

from netops.i18n import L_
from netops.lab.olt_data import LAB_OLTS
from netops.lab.snmprec import records, render
from netops.lab.state import LabContext, LabError, ServiceInfo, wait_until

NAME = "snmp-olt"
BASE_PORT = 16161


def write_data(ctx: LabContext) -> dict[str, str]:
    """Write one data folder per lab OLT; returns OLT name -> folder."""
    folders = {}
    for olt in LAB_OLTS:
        folder = ctx.directory / "snmp" / olt.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / "public.snmprec").write_text(render(records(olt)))
        folders[olt.name] = str(folder)
    return folders


def _get_sysdescr(community: str) -> bytes:
    """An SNMPv2c GET of sysDescr.0 (request id 0x4e455453), BER-encoded by hand: the lab checks
    its agent with a fixed datagram instead of netops's own SNMP client."""
    def tlv(tag: int, body: bytes) -> bytes:
        assert len(body) < 128
        return bytes([tag, len(body)]) + body

    varbind = tlv(0x30, tlv(0x30, tlv(0x06, bytes.fromhex("2b06010201010100")) + b"\x05\x00"))
    pdu = tlv(0xA0, tlv(0x02, bytes.fromhex("4e455453")) + tlv(0x02, b"\x00") + tlv(0x02, b"\x00") + varbind)
    return tlv(0x30, tlv(0x02, b"\x01") + tlv(0x04, community.encode()) + pdu)


def snmp_answers(host: str, port: int, community: str = "public") -> bool:
    """True once the agent answers a GET of sysDescr (a response PDU carrying our request id)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.5)
        try:
            sock.sendto(_get_sysdescr(community), (host, port))
            reply = sock.recv(4096)
        except OSError:
            return False
    return reply[:1] == b"\x30" and b"\xa2" in reply and bytes.fromhex("4e455453") in reply


def start(ctx: LabContext) -> ServiceInfo:
    if shutil.which("snmpsim-command-responder") is None and not _module_available():
        raise LabError(L_("snmpsim is not installed"), hint=L_("pip install snmpsim"))
    folders = write_data(ctx)
    args = [ctx.python(), "-m", "snmpsim.commands.responder",
            "--cache-dir", str(ctx.directory / "snmp" / ".cache"), "--log-level", "error"]
    ports: dict[str, int] = {}
    for offset, olt in enumerate(LAB_OLTS):
        port = ctx.port(BASE_PORT + offset, "udp")
        ports[olt.name] = port
        args += ["--v3-engine-id", "auto", "--data-dir", folders[olt.name],
                 f"--agent-udpv4-endpoint={ctx.host}:{port}"]
    pid = ctx.spawn(NAME, args, env={"SNMPSIM_ALLOW_ROOT": "true"})
    for olt in LAB_OLTS:
        try:
            wait_until(functools.partial(snmp_answers, ctx.host, ports[olt.name]), 60, f"lab SNMP OLT {olt.name}", pid)
        except LabError as exc:
            raise LabError(f"{exc.message}: {ctx.log_tail(NAME)}") from exc
    olts = {
        olt.name: {
            "host": ctx.host,
            "profile": olt.profile,
            "snmp": {"version": "2c", "port": ports[olt.name]},
        }
        for olt in LAB_OLTS
    }
    return ServiceInfo(
        name=NAME,
        pids=[pid],
        endpoints={name: f"udp {ctx.host}:{port}" for name, port in ports.items()},
        inventory={"olts": olts},
        usage=[
            "netops --inventory lab optical scan lab-huawei",
            "netops --inventory lab optical onu lab-huawei 0/1/0:3",
            "netops --inventory lab optical scan lab-zte --flagged",
            "netops --inventory lab optical onu lab-huawei 0/2/2:5   # offline: its port is a fibre cut",
            "netops --inventory lab find \"low onu\"",
        ],
    )


def _module_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("snmpsim") is not None
