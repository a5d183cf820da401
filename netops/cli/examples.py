"""The examples that end each command's help: real commands that work as printed on the lab.

One table, command path -> examples, so adding a command means adding its examples here (a test
fails for a command without two or three). Every example runs against the built-in lab as
`netops lab up` starts it (its usual ports, `--inventory lab`) or against the files of a source
checkout (docs/examples/, profiles/). The commands are shell text to paste and never translated;
the comment above each is a message, translated when the help is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from netops.i18n import N_


@dataclass(frozen=True)
class Example:
    command: str  # as typed in a POSIX shell, `netops ...` (environment assignments first)
    comment: str  # English, marked `N_()`: what it shows


LAB_ROUTER = "NETOPS_CPE_PASSWORD=lab-router netops wifi reset 127.0.0.1"
LAB_ACS = "NETOPS_ACS_URL=http://127.0.0.1:17557"
LAB_IXC = "NETOPS_IXC_TOKEN=1:ixclab netops --inventory lab ixc"
LAB_OLT_CLI = "NETOPS_LAB_OLT_PASSWORD=netops-lab netops --inventory lab"
LAB_SPEED = "http://127.0.0.1:18300/speedtest/upload.php"

EXAMPLES: dict[str, tuple[Example, ...]] = {
    "triage": (
        Example("netops triage --ticket docs/examples/ticket-los.yaml",
                N_("decide from the facts written in the ticket (an ONU offline with LOS)")),
        Example("netops triage --ticket docs/examples/ticket-slow-line.yaml -o markdown",
                N_("the decision as Markdown, to paste into the ticket")),
        Example("netops triage --ticket docs/examples/ticket-wifi-key.yaml --at 2026-07-08T22:30",
                N_("decide as at 22:30 in the ISP's time zone (after office hours)")),
    ),
    "diagnose": (
        Example("netops --inventory lab diagnose --ticket docs/examples/ticket-low-signal.yaml --skip-speed",
                N_("read the ticket's ONU on the lab OLT, check the resolvers, decide")),
        Example("netops --inventory lab diagnose --ticket docs/examples/ticket-dns-failure.yaml "
                "--skip-speed --resolver 127.0.0.1:5301",
                N_("check the lab resolver that drops UDP instead of the profile's")),
        Example(f"netops --inventory lab diagnose --ticket docs/examples/ticket-slow-line.yaml "
                f"--speed-server {LAB_SPEED} -o json",
                N_("with a speed test against the lab's server, as JSON")),
    ),
    "demo": (
        Example("netops demo", N_("start the lab, diagnose the example tickets, print each decision, stop the lab")),
        Example("netops demo -o markdown", N_("the same, each decision as Markdown")),
        Example("netops demo --at 2026-07-08T10:00 -o json",
                N_("as at a fixed instant in office hours, as JSON")),
    ),
    "find": (
        Example(f'{LAB_OLT_CLI} find "low onu" --via auto',
                N_("every lab OLT (its CLI where it has no SNMP): part of a name or description, case and accents ignored")),
        Example(f"{LAB_OLT_CLI} find HWTC1A2B5CCD --via auto", N_("a serial, as on the ONU's label")),
        Example(f'{LAB_OLT_CLI} find "fibre cut" --via auto --refresh -o json',
                N_("read every OLT now instead of the lists cached moments ago, as JSON")),
    ),
    "serve": (
        Example("netops --inventory lab serve",
                N_("the exporter Prometheus and Zabbix poll, on 127.0.0.1:9860")),
        Example("netops --inventory lab serve --listen 127.0.0.1:9861 --concurrency 2",
                N_("another port, two OLTs read at once")),
    ),
    "optical onu": (
        Example("netops --inventory lab optical onu lab-huawei 0/1/0:3", N_("a customer whose ONU receives too little light")),
        Example("netops --inventory lab optical onu lab-huawei 0/2/2:5",
                N_("an ONU offline on a port with a fibre cut (a mass outage)")),
        Example(f"{LAB_OLT_CLI} optical onu lab-zte 1/1/1:4 --via cli -o json",
                N_("the same reading over the OLT's SSH CLI, as JSON")),
    ),
    "optical scan": (
        Example("netops --inventory lab optical scan lab-huawei --flagged", N_("only the ONUs with a flag, worst first")),
        Example("netops --inventory lab optical scan lab-huawei --pon 0/2/2 -o csv", N_("one PON port, as CSV")),
        Example(f"{LAB_OLT_CLI} optical scan --all --flagged --via auto",
                N_("every OLT of the inventory (its CLI where it has no SNMP), one report each")),
    ),
    "optical history": (
        Example("netops optical history lab-huawei 0/1/0:3",
                N_("what netops read of this ONU before (after an `optical onu` or a scan of it)")),
        Example("netops optical history lab-huawei 0/1/0:3 --days 7 --no-chart", N_("the last week, without the chart")),
        Example("netops optical history lab-huawei 0/1/0:3 -o json", N_("every reading kept, as JSON")),
    ),
    "profiles list": (
        Example("netops profiles list", N_("every profile, yours first, then the built-in ones")),
        Example("netops profiles list --kind cpe -o json", N_("the router profiles and the models they cover, as JSON")),
    ),
    "profiles show": (
        Example("netops profiles show huawei_ma5800", N_("an OLT profile as netops reads it")),
        Example("netops profiles show netcenter -o json", N_("the ISP profile's thresholds and texts, as JSON")),
    ),
    "profiles validate": (
        Example("netops profiles validate", N_("check every installed profile")),
        Example("netops profiles validate profiles/olt/zte_c300.yaml",
                N_("check one file: every error as file: key: message")),
        Example("netops profiles validate --kind olt profiles/olt/huawei_ma5800.yaml -o json",
                N_("a file outside a folder named after its kind, as JSON")),
    ),
    "profiles matrix": (
        Example("netops profiles matrix", N_("the OLT support matrix as Markdown (docs/vendors.md)")),
        Example("netops profiles matrix -o json", N_("the same, as JSON")),
    ),
    "lab up": (
        Example("netops lab up", N_("start the simulated devices and print how to use them")),
        Example("NETOPS_LAB_DIR=/tmp/lab-mine netops lab up --free-ports",
                N_("a second lab beside another one, on any free ports")),
        Example("netops lab up -o json", N_("the services and their endpoints, as JSON")),
    ),
    "lab status": (
        Example("netops lab status", N_("what runs where: exit 0 all running, 1 some stopped, 3 not running")),
        Example("netops lab status -o json", N_("the same, as JSON")),
    ),
    "lab down": (
        Example("netops lab down", N_("stop every lab process")),
        Example("NETOPS_LAB_DIR=/tmp/lab-mine netops lab down", N_("stop the lab kept in another folder")),
    ),
    "cases list": (
        Example("netops cases list", N_("the latest decision of each case, newest first")),
        Example("netops cases list --level N3 --since 2026-07-01", N_("the cases escalated to N3 since 1 July")),
        Example('netops cases list --customer "ana souza" -n 5 -o json',
                N_("one customer's last five cases, as JSON")),
    ),
    "cases show": (
        Example("netops cases show 202607080101",
                N_("the case of docs/examples/ticket-los.yaml, once `netops triage` decided it")),
        Example("netops cases show 202607080101 -o json", N_("every decision of the case, as JSON")),
    ),
    "speed test": (
        Example(f"netops speed test --server {LAB_SPEED} --plan-down 100",
                N_("the lab's speed server, judged against a 100 Mbit/s plan")),
        Example("netops speed test --server http://127.0.0.1:18301/speedtest/upload.php --plan-down 100",
                N_("the lab's slow line: below the plan")),
        Example("netops speed test --engine iperf3 --server 127.0.0.1:15201 --plan-down 100 --no-upload -o json",
                N_("the download only, with iperf3, as JSON")),
    ),
    "dns check": (
        Example("netops dns check 127.0.0.1:5300", N_("a healthy resolver of the lab")),
        Example("netops dns check 127.0.0.1:5300 127.0.0.1:5301", N_("two resolvers; the second drops UDP")),
        Example("netops dns check 127.0.0.1:5300 --name example.com --count 5 -o json",
                N_("one name, five queries, as JSON")),
    ),
    "wifi reset": (
        Example(f"{LAB_ROUTER} --port 18082 --model RTF3505VW",
                N_("a generated key on both bands of the lab's Askey router")),
        Example(f"{LAB_ROUTER} --port 18080 --model GPT-2741GNAC --band 5 --ssid 'Casa 5G'",
                N_("the 5 GHz band only, with a new SSID")),
        Example(f"{LAB_ACS} netops wifi reset LAB098OK --via acs",
                N_("through the lab's ACS, the router found by its serial")),
    ),
    "wifi status": (
        Example(f"{LAB_ACS} netops wifi status LAB098OK",
                N_("the last change of this serial, from the audit log, checked on the ACS")),
        Example(f"{LAB_ACS} netops wifi status LAB098OK -o json", N_("the same, as JSON")),
    ),
    "ixc ticket": (
        Example(f"{LAB_IXC} ticket 1003", N_("a ticket, its customer, login and ONU, from the lab's IXC")),
        Example(f"{LAB_IXC} ticket 1001 -o json", N_("the same, as JSON")),
    ),
    "ixc diagnose": (
        Example(f"{LAB_IXC} diagnose 1001 --skip-speed", N_("diagnose a ticket and show the note it would post")),
        Example(f"{LAB_IXC} diagnose 1001 --skip-speed --post", N_("... and post the note on the ticket, once")),
        Example(f"{LAB_IXC} diagnose 1002 --skip-speed -o json", N_("diagnose's JSON with an \"ixc\" object")),
    ),
}


def for_command(path: str) -> tuple[Example, ...]:
    """The examples of `optical scan` (the command path without `netops`); none for a group."""
    return EXAMPLES.get(path, ())
