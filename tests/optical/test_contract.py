"""The contract every OLT profile must pass, on device data netops did not write.

For each file in `profiles/olt/`: SNMP walks written by hand from the vendor MIB text
(`tests/data/snmp/<profile>/*.snmprec`, served by a real snmpsim) and published CLI outputs
(`tests/data/cli/<profile>/*.yaml`, served by a real SSH server replaying them), each with the
verdicts a person read off the data (`*.expect.yaml`, the session's `expect:`). A profile without
such data fails. The profiles come from the normal search path, so a modified copy in
NETOPS_PROFILES_DIR is what gets tested (how the mutation check in docs/vendors.md was run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from netops.olt.profile import OltProfile
from netops.profiles import builtin_profiles_dir, load_profile

DATA = Path(__file__).resolve().parents[1] / "data"
PROFILE_IDS = sorted(path.stem for path in (builtin_profiles_dir() / "olt").glob("*.yaml"))
PASSWORD = "contract-password"


def profile(profile_id: str) -> OltProfile:
    return load_profile("olt", profile_id, OltProfile)


def walks(profile_id: str) -> list[Path]:
    return sorted((DATA / "snmp" / profile_id).glob("*.snmprec"))


def sessions(profile_id: str) -> list[Path]:
    return sorted((DATA / "cli" / profile_id).glob("*.yaml"))


def all_walks() -> list[tuple[str, Path]]:
    return [(p, w) for p in PROFILE_IDS for w in walks(p)]


def all_sessions() -> list[tuple[str, Path]]:
    return [(p, s) for p in PROFILE_IDS for s in sessions(p)]


# -- every profile has independent data, and says how sure it is ---------------------------------


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_profile_has_data_it_did_not_write(profile_id):
    prof = profile(profile_id)
    if prof.snmp is not None:
        assert walks(profile_id), f"{profile_id}: no SNMP walk in tests/data/snmp/{profile_id}/"
        for walk in walks(profile_id):
            header = [line for line in walk.read_text().splitlines() if line.startswith("#")]
            assert len(header) >= 3, f"{walk.name}: name the source (MIB) in a # header"
            assert walk.with_suffix(".expect.yaml").is_file(), f"{walk.name}: no .expect.yaml"
            oids = [tuple(map(int, line.split("|")[0].split("."))) for line in walk.read_text().splitlines()
                    if line and not line.startswith("#")]
            assert oids == sorted(set(oids)), f"{walk.name}: snmpsim needs OIDs sorted and unique"
    if prof.cli is not None:
        assert sessions(profile_id), f"{profile_id}: no CLI session in tests/data/cli/{profile_id}/"
        for path in sessions(profile_id):
            data = yaml.safe_load(path.read_text())
            assert data.get("sources") and data.get("expect"), f"{path.name}: needs sources and expect"


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_profile_fact_has_evidence(profile_id):
    """docs/vendors.md prints confirmed / documented / inferred for each item: none may be silent."""
    prof = profile(profile_id)
    missing = []
    if prof.snmp is not None:
        missing += [f"snmp.{name}" for name, column in prof.snmp.columns if column is not None and column.evidence is None]
        missing += [] if "index" in prof.evidence else ["evidence.index"]
    if prof.cli is not None:
        groups = {"onu": prof.cli.onu, "port": prof.cli.port, "discover": prof.cli.discover,
                  "port_fallback": prof.cli.port_fallback, "serial": [prof.cli.serial]}
        missing += [f"cli.{group}: {c.command}" for group, cmds in groups.items() for c in cmds if c.evidence is None]
    assert not missing, missing


# -- running the cases ------------------------------------------------------------------------


def run_case(cli, inventory: Path, case: dict, via: str, where: str) -> None:
    args = ["OLT" if arg == "OLT" else str(arg) for arg in case["args"]]
    result = cli("--inventory", str(inventory), "optical", *args, "--via", via, "-o", "json")
    assert result.code == case["exit"], f"{where} {args}: exit {result.code}, stderr {result.err!r}"
    for text in case.get("stderr", []):
        assert text in result.err, f"{where} {args}: {text!r} not in {result.err!r}"
    if "onus" in case:
        doc = result.json()
        found = {onu["onu"]: onu for onu in doc["onus"]}
        if "count" in case:
            assert len(found) == case["count"], f"{where}: {sorted(found)}"
        for ref, fields in case["onus"].items():
            assert ref in found, f"{where}: ONU {ref} missing from {sorted(found)}"
            got = {key: found[ref].get(key) for key in fields}
            assert got == fields, f"{where} ONU {ref}"
    if "pons" in case:
        assert result.json()["pons"] == case["pons"], f"{where} {args}: per-PON summary"
    if "onu" in case:
        doc = result.json()
        got = {key: doc.get(key) for key in case["onu"]}
        assert got == case["onu"], f"{where} {args}"


# -- SNMP: snmpsim serving the hand-written walks -------------------------------------------------


@pytest.fixture(scope="module")
def snmp_agent(tmp_path_factory):
    """One snmpsim for every walk: community = `<profile>/<walk name>`."""
    from netops.lab.snmp_olt import snmp_answers
    from netops.lab.state import free_port, wait_until

    cache = tmp_path_factory.mktemp("snmpsim-cache")
    port = free_port(kind="udp")
    agent = subprocess.Popen(
        [sys.executable, "-m", "snmpsim.commands.responder", "--data-dir", str(DATA / "snmp"),
         "--cache-dir", str(cache), f"--agent-udpv4-endpoint=127.0.0.1:{port}", "--log-level", "error"],
        env={**os.environ, "SNMPSIM_ALLOW_ROOT": "true"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_until(lambda: snmp_answers("127.0.0.1", port, "huawei_ma5800/ma5800_two_ports"), 60, "snmpsim", agent.pid)
        yield port
    finally:
        agent.terminate()
        agent.wait(10)


def snmp_inventory(tmp_path: Path, monkeypatch, profile_id: str, walk: Path, port: int) -> Path:
    """An inventory with one OLT `OLT` reading `walk` (its community) from the agent."""
    monkeypatch.setenv("NETOPS_CONTRACT_COMMUNITY", f"{profile_id}/{walk.stem}")
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(yaml.safe_dump({"olts": {"OLT": {
        "host": "127.0.0.1", "profile": profile_id,
        "snmp": {"version": "2c", "port": port, "community_env": "NETOPS_CONTRACT_COMMUNITY"}}}}))
    return inventory


@pytest.mark.integration
@pytest.mark.parametrize("profile_id,walk", all_walks(), ids=[f"{p}/{w.stem}" for p, w in all_walks()])
def test_snmp_walk(cli, snmp_agent, tmp_path, monkeypatch, profile_id, walk):
    inventory = snmp_inventory(tmp_path, monkeypatch, profile_id, walk, snmp_agent)
    for case in yaml.safe_load(walk.with_suffix(".expect.yaml").read_text())["cases"]:
        run_case(cli, inventory, case, "snmp", walk.name)


# -- CLI: an SSH server replaying the published outputs -------------------------------------------


@pytest.fixture(scope="module")
def replay_server(tmp_path_factory):
    """One SSH server process, one port per recorded session; known_hosts written for them."""
    import asyncssh

    from netops.lab.state import free_port, tcp_open, wait_until

    folder = tmp_path_factory.mktemp("replay")
    key = folder / "host_key"
    key.write_bytes(asyncssh.generate_private_key("ssh-ed25519").export_private_key())
    key.chmod(0o600)
    public = asyncssh.read_private_key(str(key)).export_public_key().decode().strip()
    ports = {path: free_port() for _, path in all_sessions()}
    (folder / "known_hosts").write_text("".join(f"[127.0.0.1]:{port} {public}\n" for port in ports.values()))
    args = [sys.executable, "-m", "netops.lab.ssh_olt", "--host", "127.0.0.1", "--host-key", str(key)]
    args += [arg for path, port in ports.items() for arg in ("--replay", f"{port}={path}")]
    server = subprocess.Popen(args, env={**os.environ, "NETOPS_LAB_OLT_PASSWORD": PASSWORD},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for port in ports.values():
            wait_until(lambda p=port: tcp_open("127.0.0.1", p), 30, "replay SSH server", server.pid)
        yield ports, folder / "known_hosts"
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.integration
@pytest.mark.parametrize("profile_id,session", all_sessions(), ids=[f"{p}/{s.stem}" for p, s in all_sessions()])
def test_cli_session(cli, replay_server, tmp_path, monkeypatch, profile_id, session):
    ports, known_hosts = replay_server
    monkeypatch.setenv("NETOPS_CONTRACT_PASSWORD", PASSWORD)
    monkeypatch.setenv("HOME", str(tmp_path))
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(yaml.safe_dump({"olts": {"OLT": {
        "host": "127.0.0.1", "profile": profile_id,
        "ssh": {"port": ports[session], "username": "netops", "password_env": "NETOPS_CONTRACT_PASSWORD",
                "known_hosts": str(known_hosts)}}}}))
    for case in yaml.safe_load(session.read_text())["expect"]:
        run_case(cli, inventory, case, "cli", session.name)


# -- device text is data, in every format --------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("output", ["table", "csv", "json"])
def test_device_text_is_printed_literally(cli, snmp_agent, tmp_path, monkeypatch, output):
    """ONT 0/1/0:7's description starts with ESC [2J (clear screen) and holds `[bold red]x[/]`."""
    walk = DATA / "snmp" / "huawei_ma5800" / "ma5800_two_ports.snmprec"
    inventory = snmp_inventory(tmp_path, monkeypatch, "huawei_ma5800", walk, snmp_agent)
    result = cli("--inventory", str(inventory), "optical", "scan", "OLT", "--pon", "0/1/0", "-o", output)
    assert "\x1b" not in result.out
    assert "[bold red]x[/]" in result.out  # shown as typed, not turned into red text
    one = cli("--inventory", str(inventory), "optical", "onu", "OLT", "0/1/0:7")
    assert "\x1b" not in one.out and "[bold red]x[/]" in one.out
