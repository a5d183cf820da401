"""`netops serve` over HTTP: what a probe answers, its 4xx, shared scans, the scrape timeout, the
DNS module, its own metrics, and its life as a process (SIGHUP reload, SIGTERM)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time

import pytest
import yaml

from netops.lab.state import free_port

pytestmark = pytest.mark.integration


def _labels(**labels: str) -> frozenset:
    return frozenset(labels.items())


def test_a_probe_answers_what_the_olt_holds(netops_serve, exposition, exporter_inventory, cli, monkeypatch):
    reply = netops_serve.get("/probe?target=lab-zte&module=optical")
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    found = exposition(reply.body)
    assert found[("netops_probe_success", frozenset())] == 1
    assert found[("netops_scan_incomplete", _labels(olt="lab-zte"))] == 0
    assert found[("netops_scan_onus", _labels(olt="lab-zte"))] == 32
    healthy = _labels(olt="lab-zte", pon="1/1/1", onu="1/1/1:1", serial="ZTEG1A2B0000",
                      name="healthy customer", description="healthy customer")
    assert found[("netops_onu_rx_dbm", healthy)] == -18.52
    assert found[("netops_onu_status", healthy)] == 0
    assert found[("netops_pon_outage", _labels(olt="lab-zte", pon="1/1/2", kind="los"))] == 1  # the lab's fibre cut
    # the same readings as `optical scan`, ONU by ONU; an offline ONU has no optical series
    monkeypatch.setenv("NETOPS_INVENTORY", str(exporter_inventory))
    scan = cli("optical", "scan", "lab-zte", "-o", "json").json()
    served = {dict(labels)["onu"]: value for (name, labels), value in found.items() if name == "netops_onu_rx_dbm"}
    assert served == {onu["onu"]: onu["rx_dbm"] for onu in scan["onus"] if onu["rx_dbm"] is not None}
    assert "1/1/1:2" not in served and found[("netops_onu_online", frozenset(
        {**dict(healthy), "onu": "1/1/1:2", "serial": "ZTEG1A2B1EEF", "name": "fibre cut (LOS)",
         "description": "fibre cut (LOS)"}.items()))] == 0


def test_bad_probes_are_4xx_naming_what_is_wrong_and_serving_goes_on(netops_serve):
    cases = [
        ("/probe?target=olt-nowhere&module=optical", 404, "unknown target 'olt-nowhere'"),
        ("/probe?target=lab-zte&module=snmp", 400, "unknown module 'snmp'"),
        ("/probe?module=optical", 400, "missing target"),
        ("/probe?target=lab-zte&target=lab-huawei", 400, "target given 2 times"),
        ("/probe?target=lab-zte&format=xml", 400, "unknown format 'xml'"),
        ("/probe?target=not-an-address&module=dns", 400, "bad target 'not-an-address'"),
        ("/probe?target=%1b%5b2J&module=optical", 404, "unknown target '\\x1b[2J'"),
        ("/nothing-here", 404, "no page '/nothing-here'"),
    ]
    for path, status, words in cases:
        reply = netops_serve.get(path)
        assert (reply.status, words in reply.body) == (status, True), (path, reply.body)
        assert reply.body.count("\n") == 1 and "\x1b" not in reply.body
    assert netops_serve.get("/probe?target=lab-fiberhome").status == 200
    own = netops_serve.own_metrics()
    assert own[("netops_exporter_probes_total", _labels(module="optical", result="bad_request"))] >= 4


def test_scrapes_of_one_olt_share_one_scan_cut_at_the_scrape_timeout(netops_serve, exposition):
    """Three scrapes at once of an OLT whose Rx column stalls: one scan, cut when Prometheus's
    timeout (less the offset) comes; each answer marks what was not read."""
    before = netops_serve.own_metrics()
    replies = []

    def scrape() -> None:
        replies.append(netops_serve.get("/probe?target=slow-probe&module=optical", timeout_header=2, timeout=15))

    threads = [threading.Thread(target=scrape) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = netops_serve.own_metrics()
    optical = _labels(module="optical")
    assert after[("netops_exporter_scans_total", optical)] - before.get(("netops_exporter_scans_total", optical), 0) == 1
    assert after[("netops_exporter_scans_joined_total", optical)] - before.get(
        ("netops_exporter_scans_joined_total", optical), 0) == 2
    for reply in replies:
        assert reply.status == 200
        found = exposition(reply.body)
        assert found[("netops_probe_success", frozenset())] == 0
        assert found[("netops_scan_incomplete", _labels(olt="slow-probe"))] == 1
        assert found[("netops_scan_success", _labels(olt="slow-probe"))] == 0
        assert found[("netops_scan_onus", _labels(olt="slow-probe"))] == 4  # the state column was read
        states = {labels: value for (name, labels), value in found.items() if name == "netops_onu_online"}
        online = [labels for labels, value in states.items() if value == 1]
        assert len(states) == 4 and online  # every ONU's state was read; some are online
        for labels in online:
            assert found[("netops_onu_status", labels)] == 3  # not_read: unknown, never OK
            assert ("netops_onu_rx_dbm", labels) not in found
        assert found[("netops_scan_status", _labels(olt="slow-probe"))] in (2, 3)  # never OK (offline ONUs: 2)


def test_the_dns_module_checks_one_resolver(netops_serve, exposition, lab_resolver):
    found = exposition(netops_serve.get(f"/probe?target={lab_resolver}&module=dns").body)
    assert found[("netops_probe_success", frozenset())] == 1
    assert found[("netops_dns_serves", _labels(resolver=lab_resolver))] == 1
    assert found[("netops_dns_check_status", _labels(resolver=lab_resolver, check="nxdomain"))] == 0
    dead = f"127.0.0.1:{free_port(kind='udp')}"
    found = exposition(netops_serve.get(f"/probe?target={dead}&module=dns", timeout_header=10).body)
    assert found[("netops_probe_success", frozenset())] == 0
    assert found[("netops_dns_serves", _labels(resolver=dead))] == 0


def test_own_metrics_are_prometheus_client_s(netops_serve):
    own = netops_serve.own_metrics()
    assert any(name == "process_resident_memory_bytes" for name, _ in own)
    assert ("netops_exporter_scans_in_progress", _labels(module="optical")) in own
    assert netops_serve.get("/").body.startswith("netops serve")


def test_bad_listen_addresses_are_bad_input(cli, exporter_inventory):
    import socket

    assert cli("--inventory", str(exporter_inventory), "serve", "--listen", "localhost").code == 3
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("--inventory", str(exporter_inventory), "serve", "--listen", f"127.0.0.1:{port}")
    assert result.code == 3 and result.err.startswith(f"netops: error: cannot listen on 127.0.0.1:{port}")
    assert result.err.count("\n") == 1
    assert "127.0.0.1:9860" in cli("serve", "--help").out  # loopback unless told otherwise


def test_sighup_reloads_the_inventory_and_sigterm_stops(exporter_inventory, serve_client, tmp_path):
    inventory = tmp_path / "inventory.yaml"
    data = yaml.safe_load(exporter_inventory.read_text())
    inventory.write_text(yaml.safe_dump({"olts": {"first": data["olts"]["lab-zte"]}}))
    log = tmp_path / "serve.err"
    with log.open("w") as err:
        process = subprocess.Popen([sys.executable, "-m", "netops", "-i", str(inventory), "serve", "--listen",
                                    "127.0.0.1:0"], stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    try:
        serve = serve_client(int(_wait_for(log, r"serving on http://127\.0\.0\.1:(\d+)/")), process.pid, log)
        assert serve.get("/probe?target=first").status == 200
        assert serve.get("/probe?target=second").status == 404
        inventory.write_text(yaml.safe_dump({"olts": {"second": data["olts"]["lab-zte"]}}))
        process.send_signal(signal.SIGHUP)
        _wait_for(log, r"inventory reloaded: (1) OLTs")
        assert serve.get("/probe?target=second").status == 200
        inventory.write_text("olts: [this is: not, an inventory")
        process.send_signal(signal.SIGHUP)
        _wait_for(log, r"(inventory not reloaded), the old one stays")
        assert serve.get("/probe?target=second").status == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert log.read_text().rstrip().endswith("netops serve: stopped")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait_for(log, pattern: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise AssertionError(f"{pattern!r} never appeared in: {log.read_text()}")
