"""`--via cli` end to end: netmiko (unpatched, the profile's device type) against the lab's SSH OLTs,
for every CLI-capable profile, through the real `netops` entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from netops.lab.olt_data import lab_olt, population
from netops.models import OnuRef, PonRef

# (OLT, a PON port, the first ONU id): the teaching cases are positions 0..9 of that port.
CLI_OLTS = [("lab-huawei", "0/1/0", 0), ("lab-zte", "1/1/1", 1), ("lab-zte-c600", "1/1/1", 1)]
HEALTHY, LOS, DYING_GASP, LOW_RX = 0, 1, 2, 3
SENTINEL, GARBLED = 8, 9
ids = [olt for olt, _, _ in CLI_OLTS]


def onu(pon: str, first: int, position: int) -> str:
    return f"{pon}:{first + position}"


def lab_onu(olt: str, ref: str):
    wanted = OnuRef.parse(ref)
    return next(o for o in population(lab_olt(olt)) if o.onu == wanted)


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_single_onu(cli, env, olt, pon, first, golden):
    ref = onu(pon, first, LOW_RX)
    result = cli("optical", "onu", olt, ref, "--via", "cli", "-o", "json")
    golden("optical-onu-cli-" + olt, result.json())
    assert result.code == 2, result.err
    data = result.json()
    expected = lab_onu(olt, ref)
    assert data["onu"] == ref and data["source"] == "cli"
    assert data["state"] == "online" and data["rx_dbm"] == expected.rx_dbm
    assert data["olt_rx_dbm"] == expected.olt_rx_dbm and data["tx_dbm"] == expected.tx_dbm
    assert data["description"] == expected.description and data["flags"] == ["rx_low"]
    assert data["serial"].startswith(expected.serial[:4].decode())


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_whole_port(cli, env, olt, pon, first, golden):
    result = cli("optical", "scan", olt, "--pon", pon, "--via", "cli", "-o", "json")
    golden("optical-scan-cli-" + olt, result.json())
    assert result.code == 2, result.err
    data = result.json()
    expected = [o for o in population(lab_olt(olt)) if o.onu.pon == PonRef.parse(pon)]
    assert data["summary"]["total"] == len(expected)
    assert data["summary"]["offline"] == sum(1 for o in expected if o.state == "offline")
    by_onu = {o["onu"]: o for o in data["onus"]}
    for item in expected:
        got = by_onu[str(item.onu)]
        assert got["state"] == item.state and got["source"] == "cli"
        if item.state == "online" and not item.sentinel and not item.garbled:
            assert got["rx_dbm"] == item.rx_dbm and got["olt_rx_dbm"] == item.olt_rx_dbm
    assert by_onu[onu(pon, first, SENTINEL)]["flags"] == ["no_reading"]
    assert by_onu[onu(pon, first, SENTINEL)]["status"] == "unknown"
    assert by_onu[onu(pon, first, GARBLED)]["flags"] == ["no_reading"]


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_offline_onus(cli, env, olt, pon, first):
    los = cli("optical", "onu", olt, onu(pon, first, LOS), "--via", "cli", "-o", "json")
    assert los.code == 2, los.err
    assert los.json()["state"] == "offline" and los.json()["flags"] == ["offline", "los"]
    assert los.json()["rx_dbm"] is None and los.json()["down_cause"] == "los"
    gasp = cli("optical", "onu", olt, onu(pon, first, DYING_GASP), "--via", "cli", "-o", "json")
    assert gasp.json()["flags"] == ["offline", "dying_gasp"]


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_missing_onu(cli, env, olt, pon, first):
    """An id the port could hold but nobody uses (ZTE lab ports have 16 of 128), and an id no
    port can hold: the latter is worded the same for every vendor and path, before any read."""
    if olt != "lab-huawei":  # every id of a Huawei lab port is in use
        result = cli("optical", "onu", olt, f"{pon}:{first + 100}", "--via", "cli", "-o", "json")
        assert result.code == 3 and result.out == ""
        assert result.err.startswith("netops: error: ONU ") and "is not provisioned on OLT" in result.err
        assert len(result.err.strip().splitlines()) == 1
    for via in ("cli", "snmp"):
        result = cli("optical", "onu", olt, f"{pon}:500", "--via", via, "-o", "json")
        assert result.code == 3 and result.out == ""
        assert result.err.startswith(f"netops: error: ONU id 500 is out of range for OLT {olt} (")


@pytest.mark.parametrize("olt", ["lab-huawei", "lab-zte"])
def test_missing_port_is_not_found(cli, env, olt):
    result = cli("optical", "onu", olt, "0/7/9:1" if olt == "lab-huawei" else "1/7/9:1", "--via", "cli")
    assert result.code == 3 and "is not provisioned on OLT" in result.err


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_serial_lookup(cli, env, olt, pon, first):
    ref = onu(pon, first, LOW_RX)
    serial = lab_onu(olt, ref).serial
    text = serial[:4].decode() + serial[4:].hex().upper()
    result = cli("optical", "onu", olt, text, "--via", "cli", "-o", "json")
    assert result.json()["onu"] == ref
    unknown = cli("optical", "onu", olt, serial[:4].decode() + "DEADBEEF", "--via", "cli")
    assert unknown.code == 3 and "no ONU with serial" in unknown.err
    assert unknown.err == cli("optical", "onu", olt, serial[:4].decode() + "DEADBEEF", "--via", "snmp").err


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_bad_password(cli, env, monkeypatch, olt, pon, first):
    monkeypatch.setenv("NETOPS_LAB_OLT_PASSWORD", "wrong-password")
    result = cli("optical", "onu", olt, onu(pon, first, HEALTHY), "--via", "cli")
    assert result.code == 3
    assert "login refused for user 'netops'" in result.err and "wrong-password" not in result.err


def test_missing_password_names_the_variable(cli, env, monkeypatch):
    monkeypatch.delenv("NETOPS_LAB_OLT_PASSWORD")
    result = cli("optical", "onu", "lab-huawei", "0/1/0:0", "--via", "cli")
    assert result.code == 3 and "NETOPS_LAB_OLT_PASSWORD is not set" in result.err


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_slow_device_times_out(cli, faulty_lab, profile_override, olt, pon, first):
    profile_override(lab_olt(olt).profile, cli={"command_timeout_s": 1.0, "retries": 0})
    faulty_lab("--slow", "4")
    result = cli("optical", "onu", olt, onu(pon, first, HEALTHY), "--via", "cli")
    assert result.code == 3
    assert "no prompt within 1 s" in result.err and result.err.count("\n") == 1


def test_slow_device_within_timeout_reads(cli, faulty_lab):
    faulty_lab("--slow", "0.3")
    result = cli("optical", "onu", "lab-huawei", "0/1/0:3", "--via", "cli", "-o", "json")
    assert result.code == 2 and result.json()["rx_dbm"] == -27.45


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_dropped_connection_is_retried(cli, env, faulty_lab, olt, pon, first):
    normal = cli("optical", "scan", olt, "--pon", pon, "--via", "cli", "-o", "json").json()
    faulty_lab("--drop", "1")
    result = cli("optical", "scan", olt, "--pon", pon, "--via", "cli", "-o", "json")
    assert result.code == 2, result.err
    assert result.json() == normal


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_dropped_connection_every_time(cli, faulty_lab, olt, pon, first):
    faulty_lab("--drop", "1000")
    result = cli("optical", "onu", olt, onu(pon, first, HEALTHY), "--via", "cli")
    assert result.code == 3
    assert "closed the session" in result.err or "connection was lost" in result.err


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_pager_always_on(cli, env, faulty_lab, olt, pon, first):
    normal_port = cli("optical", "scan", olt, "--pon", pon, "--via", "cli", "-o", "json").json()
    normal_onu = cli("optical", "onu", olt, onu(pon, first, LOW_RX), "--via", "cli", "-o", "json").json()
    faulty_lab("--pager-always")
    assert cli("optical", "scan", olt, "--pon", pon, "--via", "cli", "-o", "json").json() == normal_port
    assert cli("optical", "onu", olt, onu(pon, first, LOW_RX), "--via", "cli", "-o", "json").json() == normal_onu


def test_whole_olt_scan_over_a_pool(cli, env):
    result = cli("optical", "scan", "lab-huawei", "--via", "cli", "-o", "json")
    data = result.json()
    assert data["summary"]["total"] == 1024
    assert len({o["onu"].rsplit("/", 1)[0] for o in data["onus"]}) == 2  # both slots


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS[:2], ids=ids[:2])
def test_one_failing_port_does_not_abort_the_scan(cli, faulty_lab, caplog, olt, pon, first):
    """The OLT drops the session on every command about one port: that port's ONUs come back
    not read (unknown, not_read; offline where the OLT's ONU list said so), the other port is
    read, the scan finishes and says it is incomplete."""
    bad = "0/1/1" if olt == "lab-huawei" else "1/1/2"
    faulty_lab("--drop-on", f"(summary |gpon-olt_){bad}$")
    result = cli("optical", "scan", olt, "--pon", pon, "--pon", bad, "--via", "cli", "-o", "json")
    assert result.code == 2, result.err
    data = result.json()
    for item in data["onus"]:
        if item["onu"].startswith(bad + ":") and item["state"] != "offline":
            assert item["status"] == "unknown" and item["flags"] == ["not_read"]
        else:
            assert item["flags"] != ["no_reading"] or item["onu"] in (onu(pon, first, SENTINEL), onu(pon, first, GARBLED))
    assert sum(1 for o in data["onus"] if o["onu"].startswith(bad + ":")) == data["summary"]["total"] // 2
    assert f"PON {bad} could not be read" in result.err + caplog.text
    assert data["incomplete"] is True and data["summary"]["not_read"] > 0


def test_unknown_host_key_is_refused_then_accepted_explicitly(cli, env, inventory, write_inventory, tmp_path):
    data = inventory
    empty = tmp_path / "empty_known_hosts"
    empty.write_text("")
    data["olts"]["lab-huawei"]["ssh"]["known_hosts"] = str(empty)
    write_inventory(data)
    refused = cli("optical", "onu", "lab-huawei", "0/1/0:0", "--via", "cli")
    assert refused.code == 3 and "host key is not in known_hosts" in refused.err
    assert "--accept-unknown-host-key" in refused.err
    accepted = cli("optical", "onu", "lab-huawei", "0/1/0:0", "--via", "cli", "--accept-unknown-host-key", "-o", "json")
    assert accepted.code == 0 and accepted.json()["onu"] == "0/1/0:0"
    assert empty.read_text() == "" and not (tmp_path / "home" / ".ssh").exists()  # never saved


def test_changed_host_key_is_refused_even_when_accepting_unknown(cli, env, inventory, write_inventory, tmp_path):
    import asyncssh

    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().strip()
    port = inventory["olts"]["lab-huawei"]["ssh"]["port"]
    wrong = tmp_path / "wrong_known_hosts"
    wrong.write_text(f"[127.0.0.1]:{port} {other}\n")
    inventory["olts"]["lab-huawei"]["ssh"]["known_hosts"] = str(wrong)
    write_inventory(inventory)
    result = cli("optical", "onu", "lab-huawei", "0/1/0:0", "--via", "cli", "--accept-unknown-host-key")
    assert result.code == 3 and "CHANGED" in result.err


def test_corrupt_known_hosts_lines_are_skipped_like_openssh(cli, env, inventory, write_inventory, tmp_path):
    ssh = inventory["olts"]["lab-huawei"]["ssh"]
    good = Path(ssh["known_hosts"]).read_bytes()
    mixed = tmp_path / "mixed_known_hosts"
    mixed.write_bytes(b"\xff\xfe not text\n" + f"[127.0.0.1]:{ssh['port']} ssh-ed25519 !!!\n".encode() + good)
    ssh["known_hosts"] = str(mixed)
    write_inventory(inventory)
    result = cli("optical", "onu", "lab-huawei", "0/1/0:0", "--via", "cli", "-o", "json")
    assert result.code == 0 and result.json()["onu"] == "0/1/0:0"
    mixed.write_bytes(b"\xff\xfe not text\n")
    result = cli("optical", "onu", "lab-huawei", "0/1/0:0", "--via", "cli")
    assert result.code == 3 and result.err.count("\n") == 1
    assert "host key is not in known_hosts" in result.err


def test_known_hosts_from_the_environment(cli, env, inventory, write_inventory, monkeypatch):
    lab_known = Path(inventory["olts"]["lab-huawei"]["ssh"].pop("known_hosts"))
    write_inventory(inventory)
    monkeypatch.setenv("NETOPS_KNOWN_HOSTS", str(lab_known))
    assert cli("optical", "onu", "lab-huawei", "0/1/0:0", "--via", "cli").code == 0


def test_refused_connection(cli, env, inventory, write_inventory):
    from netops.lab.state import free_port

    inventory["olts"]["lab-zte"]["ssh"]["port"] = free_port()
    write_inventory(inventory)
    result = cli("optical", "onu", "lab-zte", "1/1/1:1", "--via", "cli")
    assert result.code == 3 and "connection refused" in result.err


def test_profile_without_cli_section(cli, env, inventory, write_inventory):
    inventory["olts"]["lab-fiberhome"]["ssh"] = {"port": 22, "username": "x", "password_env": "X"}
    write_inventory(inventory)
    result = cli("optical", "onu", "lab-fiberhome", "1/1/1:1", "--via", "cli")
    assert result.code == 3 and "has no CLI support" in result.err


def test_inventory_without_ssh_block(cli, env, inventory, write_inventory):
    del inventory["olts"]["lab-zte"]["ssh"]
    write_inventory(inventory)
    result = cli("optical", "onu", "lab-zte", "1/1/1:1", "--via", "cli")
    assert result.code == 3 and "has no ssh block" in result.err


def test_unknown_via(cli, env):
    result = cli("optical", "onu", "lab-zte", "1/1/1:1", "--via", "carrier-pigeon")
    assert result.code == 3 and "'carrier-pigeon' is not one of 'snmp', 'cli', 'auto'" in result.err


def test_netmiko_driver_and_ntc_template_read_the_lab(env, inventory):
    """Plain netmiko with the profile's device type, and ntc-templates' TextFSM template, on the lab."""
    from netmiko import ConnectHandler

    ssh = inventory["olts"]["lab-huawei"]["ssh"]
    conn = ConnectHandler(
        device_type="huawei_smartax", host="127.0.0.1", port=ssh["port"], username=ssh["username"],
        password="netops-lab", use_keys=False, allow_agent=False, ssh_strict=True,
        system_host_keys=False, alt_host_keys=True, alt_key_file=ssh["known_hosts"],
    )
    try:
        assert conn.base_prompt == "MA5800-X7"
        conn.enable()
        conn.config_mode()
        conn.send_command("interface gpon 0/1", expect_string=r"config-if-gpon-0/1\)#")
        rows = conn.send_command("display ont optical-info 1 all", use_textfsm=True)
        assert isinstance(rows, list) and len(rows) > 100
        expected = {o.onu.onu_id: o for o in population(lab_olt("lab-huawei")) if o.onu.pon == PonRef(0, 1, 1)}
        for row in rows:
            assert float(row["rx_power"]) == expected[int(row["ont_id"])].rx_dbm
        conn.exit_config_mode()
    finally:
        conn.disconnect()

    zte = inventory["olts"]["lab-zte"]["ssh"]
    conn = ConnectHandler(
        device_type="zte_zxros", host="127.0.0.1", port=zte["port"], username="netops", password="netops-lab",
        use_keys=False, allow_agent=False, ssh_strict=True, system_host_keys=False,
        alt_host_keys=True, alt_key_file=zte["known_hosts"],
    )
    try:
        output = conn.send_command("show gpon onu state gpon-olt_1/1/1")
        assert output.strip().splitlines()[-1] == "ONU Number: 14/16"
    finally:
        conn.disconnect()


def test_commands_outside_the_port_mode_leave_it_first(env):
    """One reader, one session: an ONU read inside `interface gpon 0/1`, then a whole-OLT scan.
    Inside a board's mode `display ont info 0 all` lists port 0 of that board, not frame 0."""
    import asyncio

    from netops.olt.cli_access import open_cli_reader
    from netops.olt.profile import OltProfile
    from netops.profiles import load_profile
    from netops.settings import load_inventory

    entry = load_inventory().olts["lab-huawei"]
    profile = load_profile("olt", "huawei_ma5800", OltProfile)

    async def read_then_scan():
        async with open_cli_reader("lab-huawei", entry, profile) as reader:
            one = await reader.read_onu(OnuRef.parse("0/1/0:3"))
            return one, (await reader.scan()).readings

    one, readings = asyncio.run(read_then_scan())
    assert one.rx_dbm == lab_onu("lab-huawei", "0/1/0:3").rx_dbm
    assert len(readings) == len(population(lab_olt("lab-huawei"))) == 1024
    assert {r.onu.pon for r in readings} == {o.onu.pon for o in population(lab_olt("lab-huawei"))}


# -- telnet (inventory `transport: telnet`: the profile's netmiko *_telnet device type) ----------


@pytest.mark.parametrize("olt,pon,first", [CLI_OLTS[0], CLI_OLTS[2]], ids=["huawei_olt_telnet", "zte_zxros_telnet"])
def test_telnet_single_onu_matches_ssh(cli, env, olt, pon, first):
    ref = onu(pon, first, LOW_RX)
    over_ssh = cli("optical", "onu", olt, ref, "--via", "cli", "-o", "json").json()
    over_telnet = cli("optical", "onu", f"{olt}-telnet", ref, "--via", "cli", "-o", "json")
    assert over_telnet.code == 2, over_telnet.err
    assert {**over_telnet.json(), "olt": olt} == over_ssh


def test_telnet_port_scan_and_bad_password(cli, env, monkeypatch):
    scan = cli("optical", "scan", "lab-huawei-telnet", "--pon", "0/1/0", "--via", "cli", "-o", "json")
    assert scan.code == 2 and scan.json()["summary"]["total"] == 128
    monkeypatch.setenv("NETOPS_LAB_OLT_PASSWORD", "wrong-password")
    refused = cli("optical", "onu", "lab-zte-telnet", "1/1/1:1", "--via", "cli")
    assert refused.code == 3 and "login refused" in refused.err


def test_a_refused_port_command_leaves_only_its_fields_unread(cli, env, profile_override):
    """An OLT that refuses one of the port commands (older firmware): the others still count."""
    from netops.olt.profile import OltProfile
    from netops.profiles import builtin_profiles_dir, load_file

    cli_section = load_file(builtin_profiles_dir() / "olt" / "huawei_ma5800.yaml", OltProfile).cli
    port = [c.model_dump(exclude_defaults=True) for c in cli_section.port]
    normal = cli("optical", "scan", "lab-huawei", "--pon", "0/1/1", "--via", "cli", "-o", "json").json()
    profile_override("huawei_ma5800", cli={"port": [*port, {"command": "display ont bogus {port}", "parser": "huawei_optical_table"}]})
    result = cli("optical", "scan", "lab-huawei", "--pon", "0/1/1", "--via", "cli", "-o", "json")
    assert result.code == normal_code(normal) and result.json() == normal
    profile_override("huawei_ma5800", cli={"port": [port[0]]})  # no optical table: no OLT Rx, no temperature
    summary_only = cli("optical", "scan", "lab-huawei", "--pon", "0/1/1", "--via", "cli", "-o", "json").json()
    online = [o for o in summary_only["onus"] if o["state"] == "online"]
    assert online and all(o["olt_rx_dbm"] is None and o["rx_dbm"] is not None for o in online)
    assert all("no_reading" in o["flags"] for o in online)  # OLT Rx is a primary reading


def normal_code(scan: dict) -> int:
    return {"ok": 0, "warning": 1, "critical": 2, "unknown": 3}[scan["status"]]


def test_optional_detail_info_refused(cli, env, profile_override):
    """A ZTE that refuses `show gpon onu detail-info`: phase (from the state table, the
    alternative) and levels still come through."""
    from netops.olt.profile import OltProfile
    from netops.profiles import builtin_profiles_dir, load_file

    cli_section = load_file(builtin_profiles_dir() / "olt" / "zte_c300.yaml", OltProfile).cli
    commands = [c.model_dump(exclude_defaults=True) for c in cli_section.onu]
    commands[0]["command"] = "show gpon onu detail-information gpon-onu_{frame}/{slot}/{port}:{onu_id}"
    profile_override("zte_c300", cli={"onu": commands})
    result = cli("optical", "onu", "lab-zte", "1/1/1:4", "--via", "cli", "-o", "json")
    assert result.code == 2, result.err
    data = result.json()
    assert data["rx_dbm"] == -27.45 and data["state"] == "online" and data["description"] is None


def test_whole_olt_scan_when_the_onu_list_is_refused(cli, env, profile_override):
    profile_override("huawei_ma5800", cli={"discover": [{"command": "display ont list-everything", "parser": "huawei_ont_list"}]})
    result = cli("optical", "scan", "lab-huawei", "--via", "cli")
    assert result.code == 3 and "could not list its ONUs" in result.err
    with_pon = cli("optical", "scan", "lab-huawei", "--pon", "0/1/0", "--via", "cli", "-o", "json")
    assert with_pon.code == 2 and with_pon.json()["summary"]["total"] == 128


@pytest.mark.parametrize("olt,pon,first", CLI_OLTS, ids=ids)
def test_port_fallback_when_the_power_table_is_refused(cli, env, profile_override, olt, pon, first):
    """Firmware without the per-port power commands: the online ONUs are read one by one
    (`cli.port_fallback`) and the scan gives the same JSON."""
    from netops.olt.profile import OltProfile
    from netops.profiles import builtin_profiles_dir, load_file

    profile_id = lab_olt(olt).profile
    normal = cli("optical", "scan", olt, "--pon", pon, "--via", "cli", "-o", "json").json()
    section = load_file(builtin_profiles_dir() / "olt" / f"{profile_id}.yaml", OltProfile).cli
    port = [c.model_dump(exclude_defaults=True) for c in section.port]
    for command in port:
        command["command"] = command["command"].replace("optical-info", "optical-information").replace("power", "powers")
    profile_override(profile_id, cli={"port": port})
    result = cli("optical", "scan", olt, "--pon", pon, "--via", "cli", "-o", "json")
    assert result.code == 2, result.err
    assert result.json() == normal


def test_smart_prompts_are_answered(cli, env, faulty_lab):
    """A Huawei that keeps asking `{ <cr>||<K> }:` after display commands (undo smart ignored)."""
    normal_port = cli("optical", "scan", "lab-huawei", "--pon", "0/1/0", "--via", "cli", "-o", "json").json()
    normal_onu = cli("optical", "onu", "lab-huawei", "0/1/0:3", "--via", "cli", "-o", "json").json()
    faulty_lab("--keep-smart")
    assert cli("optical", "scan", "lab-huawei", "--pon", "0/1/0", "--via", "cli", "-o", "json").json() == normal_port
    assert cli("optical", "onu", "lab-huawei", "0/1/0:3", "--via", "cli", "-o", "json").json() == normal_onu


def test_lab_speaks_like_the_device(env, inventory):
    """Raw SSH shell on the lab MA5800: banner, prompts, smart prompt, pager with its erase codes,
    error strings and the logout question."""
    import time

    import paramiko

    ssh = inventory["olts"]["lab-huawei"]["ssh"]
    client = paramiko.SSHClient()
    client.get_host_keys().load(ssh["known_hosts"])
    client.connect("127.0.0.1", port=ssh["port"], username="netops", password="netops-lab",
                   look_for_keys=False, allow_agent=False, timeout=5)
    shell = client.invoke_shell()

    def send(text: str, until: str) -> str:
        shell.send(text)
        output, deadline = "", time.monotonic() + 5
        while until not in output and time.monotonic() < deadline:
            if shell.recv_ready():
                output += shell.recv(65536).decode()
            else:
                time.sleep(0.01)
        assert until in output, output
        return output

    try:
        banner = send("", "MA5800-X7>")
        assert "Huawei Integrated Access Software" in banner
        assert "Unknown command" in send("bogus\n", "MA5800-X7>")
        send("enable\n", "MA5800-X7#")
        send("scroll 512\n", "MA5800-X7#")
        send("config\n", "MA5800-X7(config)#")
        send("interface gpon 0/1\n", "MA5800-X7(config-if-gpon-0/1)#")
        assert "{ <cr>||<K> }:" in send("display ont optical-info 0 3\n", "{ <cr>||<K> }:")
        info = send("\n", "MA5800-X7(config-if-gpon-0/1)#")
        assert "Rx optical power(dBm)" in info and "-27.45" in info
        send("scroll 20\n", "(config-if-gpon-0/1)#")
        send("display ont optical-info 0 all\n", "{ <cr>||<K> }:")
        paged = send("\n", "---- More ( Press 'Q' to break ) ----")
        assert "ONT  Rx power" in paged
        rest = send(" ", "---- More ( Press 'Q' to break ) ----")
        assert rest.startswith("\x1b[37D" + " " * 37 + "\x1b[37D")
        send("q", "MA5800-X7(config-if-gpon-0/1)#")  # Q breaks off the listing
        assert "Failure: The ONT is not online" in send("display ont optical-info 0 1\n", "(config-if-gpon-0/1)#")
        send("return\n", "MA5800-X7#")
        send("quit\n", "Are you sure to log out? (y/n)[n]:")
        assert "Configuration console exit" in send("y\n", "retry to log on")
    finally:
        client.close()


def test_silent_port_times_out(cli, env, inventory, write_inventory, profile_override):
    """A port that accepts TCP but never says anything (no SSH banner): a timeout, named."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    try:
        profile_override("zte_c300", cli={"connect_timeout_s": 1.0})
        inventory["olts"]["lab-zte"]["ssh"]["port"] = listener.getsockname()[1]
        write_inventory(inventory)
        result = cli("optical", "onu", "lab-zte", "1/1/1:1", "--via", "cli")
        assert result.code == 3 and "no answer within 1 s" in result.err, result.err
    finally:
        listener.close()


def test_a_port_that_is_not_ssh_is_one_line(env, inventory, write_inventory):
    """A web server where the SSH port should be: one line, no paramiko traceback on stderr."""
    import os
    import socket
    import subprocess
    import sys
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)

    def answer_http() -> None:
        conn, _ = listener.accept()
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
        conn.close()

    server = threading.Thread(target=answer_http, daemon=True)
    server.start()
    try:
        inventory["olts"]["lab-zte"]["ssh"]["port"] = listener.getsockname()[1]
        write_inventory(inventory)
        # A real process: pytest's own log handlers would hide what logging prints on a bare stderr.
        result = subprocess.run(
            [sys.executable, "-m", "netops", "optical", "onu", "lab-zte", "1/1/1:1", "--via", "cli"],
            capture_output=True, text=True, timeout=60, env=os.environ.copy(),
        )
        assert result.returncode == 3 and result.stdout == ""
        assert result.stderr.startswith("netops: error: OLT lab-zte"), result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
    finally:
        server.join(timeout=5)
        listener.close()
