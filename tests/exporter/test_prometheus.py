"""A real Prometheus (Debian's package) scrapes `netops serve` through the usual multi-target
relabelling, and its HTTP API must hold the series: per ONU, per PON port, per OLT, the DNS
module, the exporter's own metrics, and a slow OLT cut at Prometheus's own scrape timeout."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
import yaml

from netops.lab.state import free_port, tcp_open, wait_until

pytestmark = pytest.mark.integration

OLTS = ["lab-zte", "lab-fiberhome"]


def _relabel(exporter: str) -> list[dict]:
    """The multi-target pattern of snmp_exporter's and blackbox_exporter's READMEs."""
    return [
        {"source_labels": ["__address__"], "target_label": "__param_target"},
        {"source_labels": ["__param_target"], "target_label": "instance"},
        {"target_label": "__address__", "replacement": exporter},
    ]


@pytest.fixture(scope="module")
def prometheus(netops_serve, lab_resolver, tmp_path_factory, stop_servers):
    """Prometheus on a free loopback port, scraping every second; its API's base URL."""
    folder = tmp_path_factory.mktemp("prometheus")
    exporter = f"127.0.0.1:{netops_serve.port}"
    job = {"metrics_path": "/probe", "scrape_interval": "2s", "scrape_timeout": "2s"}
    config = {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s"},
        "scrape_configs": [
            {**job, "job_name": "netops_optical", "params": {"module": ["optical"]},
             "static_configs": [{"targets": OLTS}], "relabel_configs": _relabel(exporter)},
            {**job, "job_name": "netops_slow", "params": {"module": ["optical"]},
             "static_configs": [{"targets": ["slow-scrape"]}], "relabel_configs": _relabel(exporter)},
            {**job, "job_name": "netops_dns", "params": {"module": ["dns"]},
             "static_configs": [{"targets": [lab_resolver]}], "relabel_configs": _relabel(exporter)},
            {"job_name": "netops_exporter", "static_configs": [{"targets": [exporter]}]},
        ],
    }
    (folder / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    process = subprocess.Popen(
        ["prometheus", f"--config.file={folder / 'prometheus.yml'}", f"--storage.tsdb.path={folder / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=(folder / "prometheus.log").open("w"),
        start_new_session=True,
    )
    try:
        wait_until(lambda: _ready(port), 60, "prometheus", process.pid)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_servers([process.pid])
        process.wait(timeout=10)


def _ready(port: int) -> bool:
    """Prometheus answers 503 on its API until its storage is open: /-/ready says when."""
    if not tcp_open("127.0.0.1", port):
        return False
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=5) as answer:
            return answer.status == 200
    except OSError:  # URLError and HTTPError (503 while starting) alike
        return False


def query(base: str, promql: str) -> list[dict]:
    url = f"{base}/api/v1/query?{urllib.parse.urlencode({'query': promql})}"
    with urllib.request.urlopen(url, timeout=10) as answer:
        doc = json.load(answer)
    assert doc["status"] == "success", doc
    return doc["data"]["result"]


def wait_for(base: str, promql: str, series: int = 1, timeout: float = 60) -> list[dict]:
    """The query's result once Prometheus has scraped at least `series` series for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = query(base, promql)
        if len(result) >= series:
            return result
        time.sleep(0.5)
    raise AssertionError(f"Prometheus never had {promql}")


def values(result: list[dict], label: str) -> dict[str, float]:
    return {series["metric"][label]: float(series["value"][1]) for series in result}


def test_prometheus_scrapes_every_olt_through_the_relabelling(prometheus):
    up = values(wait_for(prometheus, 'up{job="netops_optical"} == 1 and on(instance) netops_probe_success == 1',
                         series=len(OLTS)), "instance")
    assert set(up) == set(OLTS)  # instance is the inventory name, not the exporter's address
    rx = wait_for(prometheus, 'netops_onu_rx_dbm{job="netops_optical",onu="1/1/1:1"}', series=len(OLTS))
    assert values(rx, "instance") == {"lab-zte": -18.52, "lab-fiberhome": -18.52}  # the lab's healthy customers
    assert {s["metric"]["description"] for s in rx if s["metric"]["instance"] == "lab-zte"} == {"healthy customer"}
    assert values(query(prometheus, 'netops_scan_onus{job="netops_optical"}'), "instance") == {
        "lab-zte": 32, "lab-fiberhome": 24}


def test_the_mass_outage_and_offline_onus_are_series_an_alert_can_use(prometheus):
    outage = wait_for(prometheus, 'netops_pon_outage{instance="lab-zte",kind="los"} == 1')
    assert [s["metric"]["pon"] for s in outage] == ["1/1/2"]  # the lab's fibre cut, 12 of 16 ONUs
    los = query(prometheus, 'netops_pon_onus{instance="lab-zte",pon="1/1/2",state="los"}')
    assert float(los[0]["value"][1]) == 12
    offline = query(prometheus, 'netops_onu_online{instance="lab-zte"} == 0')
    assert len(offline) == 14
    assert not query(prometheus, 'netops_onu_rx_dbm{instance="lab-zte"} and on(onu) netops_onu_online == 0')


def test_a_slow_olt_is_cut_at_prometheus_s_scrape_timeout_not_lost(prometheus):
    """The scrape succeeds (up 1) within Prometheus's 2 s timeout, saying what it could not read."""
    wait_for(prometheus, 'up{job="netops_slow"} == 1 and on(instance) netops_scan_incomplete == 1')
    assert float(query(prometheus, 'netops_probe_success{job="netops_slow"}')[0]["value"][1]) == 0
    # the first scrape read the ONUs' states before the Rx column stalled: unknown, and no Rx
    status = wait_for(prometheus, 'last_over_time(netops_onu_status{job="netops_slow"}[5m])')
    assert status and all(float(s["value"][1]) >= 2 for s in status)
    assert not query(prometheus, 'last_over_time(netops_onu_rx_dbm{job="netops_slow"}[5m])')


def test_the_dns_module_and_the_exporter_s_own_metrics(prometheus, lab_resolver):
    serves = wait_for(prometheus, 'netops_dns_serves{job="netops_dns"}')
    assert values(serves, "instance") == {lab_resolver: 1}
    scans = wait_for(prometheus, 'netops_exporter_scans_total{job="netops_exporter",module="optical"} > 0')
    assert scans
