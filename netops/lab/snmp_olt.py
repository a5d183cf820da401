"""Lab service: simulated OLTs answering SNMP (snmpsim), one UDP port per OLT, community `public`."""

from __future__ import annotations

import asyncio
import shutil

from netops.lab.olt_data import LAB_OLTS
from netops.lab.snmprec import SYS_DESCR, records, render
from netops.lab.state import LabContext, LabError, ServiceInfo, wait_until
from netops.olt.profile import OltProfile
from netops.profiles import load_profile

NAME = "snmp-olt"
BASE_PORT = 16161


def write_data(ctx: LabContext) -> dict[str, str]:
    """Write one data folder per lab OLT; returns OLT name -> folder."""
    folders = {}
    for olt in LAB_OLTS:
        profile = load_profile("olt", olt.profile, OltProfile)
        folder = ctx.directory / "snmp" / olt.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / "public.snmprec").write_text(render(records(olt, profile)))
        folders[olt.name] = str(folder)
    return folders


def snmp_answers(host: str, port: int) -> bool:
    """True once the agent answers a GET of sysDescr."""
    from netops.errors import NetopsError
    from netops.transport.snmp import SnmpCredentials, SnmpSession, SnmpTarget

    async def probe() -> bool:
        async with SnmpSession(SnmpTarget(host, port, timeout=0.5, retries=0), SnmpCredentials()) as s:
            return bool(await s.get([SYS_DESCR]))

    try:
        return asyncio.run(probe())
    except NetopsError:
        return False


def start(ctx: LabContext) -> ServiceInfo:
    if shutil.which("snmpsim-command-responder") is None and not _module_available():
        raise LabError("snmpsim is not installed", hint="pip install snmpsim")
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
            wait_until(lambda o=olt: snmp_answers(ctx.host, ports[o.name]), 60, f"lab SNMP OLT {olt.name}", pid)
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
        ],
    )


def _module_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("snmpsim") is not None
