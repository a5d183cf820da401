"""The Zabbix template (docs/zabbix/netops_olt_by_http.yaml) against Zabbix's import schema and
against what `netops serve` actually answers.

The schema rules below were worked by hand from Zabbix 6.4's own import validator
(zabbix/zabbix, ui/include/classes/import/validators/C64XmlValidator.php: the keys each object
may hold, the required ones, the constant names, uuids as 32 lowercase hex digits), limited to
the objects the template uses. JSONPath is evaluated by jsonpath-ng (Zabbix's `.first()` is the
first match), LLD macros are resolved from `lld_macro_paths` as Zabbix does, and simple
`last(/host/key)<op>N` trigger expressions are evaluated on the values served.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonpath_ng.ext import parse as jsonpath

pytestmark = pytest.mark.integration

TEMPLATE_FILE = Path(__file__).parents[2] / "docs" / "zabbix" / "netops_olt_by_http.yaml"
HOST = "netops OLT by HTTP"

# -- the 6.4 import schema, for the objects the template uses (C64XmlValidator.php) --------------
ITEM_TYPES = {"ZABBIX_PASSIVE", "TRAP", "SIMPLE", "INTERNAL", "ZABBIX_ACTIVE", "EXTERNAL", "ODBC", "IPMI", "SSH",
              "TELNET", "CALCULATED", "JMX", "SNMP_TRAP", "DEPENDENT", "HTTP_AGENT", "SNMP_AGENT", "SCRIPT"}
VALUE_TYPES = {"FLOAT", "CHAR", "LOG", "UNSIGNED", "TEXT"}
PRIORITIES = {"NOT_CLASSIFIED", "INFO", "WARNING", "AVERAGE", "HIGH", "DISASTER"}
STEP_TYPES = {"MULTIPLIER", "RTRIM", "LTRIM", "TRIM", "REGEX", "BOOL_TO_DECIMAL", "OCTAL_TO_DECIMAL",
              "HEX_TO_DECIMAL", "SIMPLE_CHANGE", "CHANGE_PER_SECOND", "XMLPATH", "JSONPATH", "IN_RANGE",
              "MATCHES_REGEX", "NOT_MATCHES_REGEX", "CHECK_JSON_ERROR", "CHECK_XML_ERROR", "CHECK_REGEX_ERROR",
              "CHECK_NOT_SUPPORTED", "DISCARD_UNCHANGED", "DISCARD_UNCHANGED_HEARTBEAT", "JAVASCRIPT",
              "PROMETHEUS_PATTERN", "PROMETHEUS_TO_JSON", "CSV_TO_JSON", "STR_REPLACE", "XML_TO_JSON",
              "SNMP_WALK_VALUE", "SNMP_WALK_TO_JSON"}
DRULE_STEP_TYPES = {"REGEX", "XMLPATH", "JSONPATH", "NOT_MATCHES_REGEX", "CHECK_JSON_ERROR", "CHECK_XML_ERROR",
                    "DISCARD_UNCHANGED_HEARTBEAT", "JAVASCRIPT", "PROMETHEUS_TO_JSON", "CSV_TO_JSON", "STR_REPLACE",
                    "XML_TO_JSON", "SNMP_WALK_VALUE", "SNMP_WALK_TO_JSON"}
ERROR_HANDLERS = {"ORIGINAL_ERROR", "DISCARD_VALUE", "CUSTOM_VALUE", "CUSTOM_ERROR"}
HTTP_FIELDS = {"timeout", "url", "query_fields", "parameters", "posts", "status_codes", "follow_redirects",
               "post_type", "http_proxy", "headers", "retrieve_mode", "request_method", "output_format",
               "allow_traps", "ssl_cert_file", "ssl_key_file", "ssl_key_password", "verify_peer", "verify_host"}
ITEM_FIELDS = {"uuid", "name", "type", "snmp_oid", "key", "delay", "history", "trends", "status", "value_type",
               "allowed_hosts", "units", "params", "ipmi_sensor", "authtype", "username", "password", "publickey",
               "privatekey", "description", "inventory_link", "valuemap", "logtimefmt", "preprocessing",
               "jmx_endpoint", "master_item", "tags", "triggers"} | HTTP_FIELDS
PROTOTYPE_FIELDS = (ITEM_FIELDS - {"inventory_link", "triggers"}) | {"discover", "trigger_prototypes"}
RULE_FIELDS = {"uuid", "name", "type", "snmp_oid", "key", "delay", "status", "allowed_hosts", "params", "ipmi_sensor",
               "authtype", "username", "password", "publickey", "privatekey", "filter", "lifetime", "description",
               "item_prototypes", "trigger_prototypes", "graph_prototypes", "host_prototypes", "jmx_endpoint",
               "master_item", "lld_macro_paths", "preprocessing", "overrides"} | HTTP_FIELDS - {"output_format"}
TRIGGER_FIELDS = {"uuid", "expression", "recovery_mode", "recovery_expression", "correlation_mode", "correlation_tag",
                  "name", "event_name", "opdata", "url_name", "url", "status", "priority", "description", "type",
                  "manual_close", "dependencies", "tags"}
TEMPLATE_FIELDS = {"uuid", "template", "name", "description", "vendor", "templates", "groups", "items",
                   "discovery_rules", "httptests", "tags", "macros", "dashboards", "valuemaps"}
UUID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture(scope="module")
def template() -> dict:
    doc = yaml.safe_load(TEMPLATE_FILE.read_text())["zabbix_export"]
    assert doc["version"] == "6.4"  # 7.0 imports 6.4 exports; 6.4 refuses newer ones
    return doc


def _template(doc: dict) -> dict:
    (only,) = doc["templates"]
    return only


def _walk_uuids(value) -> list[str]:
    if isinstance(value, dict):
        found = [value["uuid"]] if "uuid" in value else []
        return found + [u for child in value.values() for u in _walk_uuids(child)]
    if isinstance(value, list):
        return [u for child in value for u in _walk_uuids(child)]
    return []


def _check_steps(steps: list[dict], allowed: set[str], where: str) -> None:
    for step in steps:
        assert set(step) <= {"type", "parameters", "error_handler", "error_handler_params"}, where
        assert step["type"] in allowed and isinstance(step["parameters"], list), where
        assert step.get("error_handler", "ORIGINAL_ERROR") in ERROR_HANDLERS, where


def _check_item(item: dict, fields: set[str], triggers_key: str) -> None:
    where = item["key"]
    assert set(item) <= fields and {"uuid", "name", "key"} <= set(item), (where, set(item) - fields)
    assert item.get("type", "ZABBIX_PASSIVE") in ITEM_TYPES and item.get("value_type", "UNSIGNED") in VALUE_TYPES
    _check_steps(item.get("preprocessing", []), STEP_TYPES, where)
    if item.get("type") == "DEPENDENT":
        assert set(item["master_item"]) == {"key"}, where
    for trigger in item.get(triggers_key, []):
        assert set(trigger) <= TRIGGER_FIELDS and {"uuid", "expression", "name"} <= set(trigger), where
        assert trigger.get("priority", "NOT_CLASSIFIED") in PRIORITIES, where


def test_the_template_follows_the_6_4_import_schema(template):
    groups = {g["name"] for g in template["template_groups"]}
    one = _template(template)
    assert set(one) <= TEMPLATE_FIELDS and {"uuid", "template", "groups"} <= set(one)
    assert {g["name"] for g in one["groups"]} <= groups and set(one["vendor"]) == {"name", "version"}
    uuids = _walk_uuids(template)
    assert all(UUID.match(u) for u in uuids) and len(uuids) == len(set(uuids))
    for item in one["items"]:
        _check_item(item, ITEM_FIELDS, "triggers")
    for rule in one["discovery_rules"]:
        assert set(rule) <= RULE_FIELDS and rule["type"] == "DEPENDENT", rule["key"]
        _check_steps(rule["preprocessing"], DRULE_STEP_TYPES, rule["key"])
        assert all(set(path) == {"lld_macro", "path"} for path in rule["lld_macro_paths"])
        for prototype in rule["item_prototypes"]:
            _check_item(prototype, PROTOTYPE_FIELDS, "trigger_prototypes")
    for valuemap in one["valuemaps"]:
        assert set(valuemap) == {"uuid", "name", "mappings"}
        assert all(set(m) <= {"type", "value", "newvalue"} and "newvalue" in m for m in valuemap["mappings"])
    assert all(set(m) <= {"macro", "type", "value", "description"} for m in one["macros"])


def _used(pattern: str, value) -> set[str]:
    return set(re.findall(pattern, json.dumps(value)))


def test_every_key_macro_and_value_map_it_names_exists(template):
    one = _template(template)
    keys = {item["key"] for item in one["items"]}
    defined = {m["macro"] for m in one["macros"]}
    assert _used(r"\{\$[A-Z0-9_.]+\}", one) <= defined
    assert _used(r'"valuemap": \{"name": "([^"]+)"\}', one) <= {v["name"] for v in one["valuemaps"]}
    for item in one["items"]:
        if item.get("type") == "DEPENDENT":
            assert item["master_item"]["key"] in keys
        for trigger in item.get("triggers", []):
            assert set(re.findall(rf"\(/{HOST}/([^,)]+)", trigger["expression"])) == {item["key"]}
    for rule in one["discovery_rules"]:
        assert rule["master_item"]["key"] in keys
        prototypes = {p["key"] for p in rule["item_prototypes"]}
        lld = {path["lld_macro"] for path in rule["lld_macro_paths"]}
        assert _used(r"\{#[A-Z0-9_.]+\}", rule["item_prototypes"]) <= lld
        for prototype in rule["item_prototypes"]:
            assert prototype["master_item"]["key"] in prototypes | keys
            for trigger in prototype.get("trigger_prototypes", []):
                assert set(re.findall(rf"\(/{HOST}/([^,)]+)\)", trigger["expression"])) == {prototype["key"]}
                for dependency in trigger.get("dependencies", []):
                    names = {t["name"]: t["expression"] for p in rule["item_prototypes"]
                             for t in p.get("trigger_prototypes", [])}
                    assert names[dependency["name"]] == dependency["expression"]


def test_the_limits_default_to_the_netcenter_profile(template):
    from netops.isp import load_isp

    limits = load_isp("netcenter").optical.as_dict()
    macros = {m["macro"]: float(m["value"]) for m in _template(template)["macros"] if "RX" in m["macro"]}
    assert macros == {
        "{$NETOPS.ONU.RX.CRIT}": limits["onu_rx_critical_below_dbm"],
        "{$NETOPS.ONU.RX.WARN}": limits["onu_rx_warning_below_dbm"],
        "{$NETOPS.ONU.RX.OVERLOAD}": limits["onu_rx_overload_above_dbm"],
        "{$NETOPS.ONU.RX.WARN.HIGH}": limits["onu_rx_warning_above_dbm"],
        "{$NETOPS.OLT.RX.CRIT}": limits["olt_rx_critical_below_dbm"],
        "{$NETOPS.OLT.RX.WARN}": limits["olt_rx_warning_below_dbm"],
    }


# -- the template applied to what netops serve answers ------------------------------------------


def _apply(steps: list[dict], value, macros: dict[str, str]):
    """The JSONPath steps of an item on `value`; None when a step finds nothing (its error)."""
    for step in steps:
        if step["type"] != "JSONPATH":
            continue
        path = step["parameters"][0]
        for name, text in macros.items():
            path = path.replace(name, text)
        first = path.endswith(".first()")
        found = [m.value for m in jsonpath(path.removesuffix(".first()")).find(value)]
        if not found:
            return None
        value = found[0] if first or len(found) == 1 else found
    return value


def _expand(text: str, macros: dict[str, str]) -> str:
    for name, value in macros.items():
        text = text.replace(name, value)
    return text


@pytest.fixture(scope="module")
def served(template, netops_serve) -> dict:
    """The master item's request, made as Zabbix makes it (URL, query fields, header)."""
    import urllib.parse

    master = next(i for i in _template(template)["items"] if i["type"] == "HTTP_AGENT")
    macros = {m["macro"]: m["value"] for m in _template(template)["macros"]}
    macros["{$NETOPS.URL}"] = netops_serve.base
    macros["{HOST.HOST}"] = "lab-zte"
    query = urllib.parse.urlencode({f["name"]: _expand(f["value"], macros) for f in master["query_fields"]})
    url = _expand(master["url"], macros) + "?" + query
    (header,) = master["headers"]
    reply = netops_serve.get(url.removeprefix(netops_serve.base), timeout_header=float(_expand(header["value"], macros)))
    assert reply.status == 200 and reply.headers["Content-Type"] == "application/json"
    return reply.json()


def _discover(rule: dict, doc: dict) -> list[dict[str, str]]:
    rows = _apply(rule["preprocessing"], doc, {})
    assert isinstance(rows, list) and rows, rule["key"]
    return [{p["lld_macro"]: str(_apply([{"type": "JSONPATH", "parameters": [p["path"]]}], row, {}))
             for p in rule["lld_macro_paths"]} for row in rows]


def _value(rule: dict, key: str, doc: dict, macros: dict[str, str]):
    """An item prototype's value: its master chain's JSONPaths, from the served document down."""
    prototypes = {p["key"]: p for p in rule["item_prototypes"]}
    chain = []
    while key in prototypes:
        chain.append(prototypes[key])
        key = prototypes[key]["master_item"]["key"]
    value = doc
    for prototype in reversed(chain):
        value = _apply(prototype["preprocessing"], value, macros)
        if value is None:
            assert prototype["preprocessing"][0].get("error_handler") == "DISCARD_VALUE", prototype["key"]
            return None
    return value


def _fires(expression: str, value, macros: dict[str, str]) -> bool:
    found = re.fullmatch(rf"last\(/{HOST}/[^)]+\)(<|>|=)(.+)", expression)
    assert found, expression
    limit = float(_expand(found.group(2), macros))
    return value is not None and {"<": value < limit, ">": value > limit, "=": value == limit}[found.group(1)]


def test_every_item_finds_its_value_in_what_the_endpoint_serves(template, served):
    one = _template(template)
    for item in one["items"]:
        if item["type"] == "DEPENDENT":
            assert _apply(item["preprocessing"], served, {}) is not None, item["key"]
    assert served["success"] == 1 and served["error"] == ""
    onu_rule, pon_rule = one["discovery_rules"]
    onus = _discover(onu_rule, served)
    assert len(onus) == 32 and {"{#ONU}": "1/1/1:1", "{#PON}": "1/1/1", "{#SERIAL}": "ZTEG1A2B0000",
                                "{#NAME}": "healthy customer", "{#DESCRIPTION}": "healthy customer"} in onus
    for prototype in onu_rule["item_prototypes"]:  # every ONU path matches the served rows
        assert any(_value(onu_rule, prototype["key"], served, macros) is not None for macros in onus)
    healthy = next(m for m in onus if m["{#ONU}"] == "1/1/1:1")
    assert _value(onu_rule, 'netops.onu.rx["{#ONU}"]', served, healthy) == -18.52
    cut = next(m for m in onus if m["{#ONU}"] == "1/1/1:2")  # offline: no Rx, the value is discarded
    assert _value(onu_rule, 'netops.onu.rx["{#ONU}"]', served, cut) is None
    assert _value(onu_rule, 'netops.onu.online["{#ONU}"]', served, cut) == 0
    ports = _discover(pon_rule, served)
    assert ports == [{"{#PON}": "1/1/1"}, {"{#PON}": "1/1/2"}]
    for prototype in pon_rule["item_prototypes"]:
        assert all(_value(pon_rule, prototype["key"], served, macros) is not None for macros in ports)


def test_the_triggers_agree_with_netops_s_own_verdicts(template, served):
    """On every ONU served, the Rx and OLT-Rx problems fire exactly where netops flags it, and the
    PON-outage problem fires on the lab's fibre-cut port only."""
    one = _template(template)
    macros = {m["macro"]: m["value"] for m in one["macros"]}
    onu_rule, pon_rule = one["discovery_rules"]
    flags = {row["onu"]: set(row["flags"].split(",")) - {""} for row in served["onus"]}
    expected = {"Rx below": "rx_low", "Rx near the limit": "rx_near_low", "Rx above": "rx_high",
                "Rx near overload": "rx_near_high", "OLT-side Rx below": "olt_rx_low",
                "OLT-side Rx near the limit": "olt_rx_near_low", "offline": "offline"}
    checked = set()
    for lld in _discover(onu_rule, served):
        for prototype in onu_rule["item_prototypes"]:
            value = _value(onu_rule, prototype["key"], served, lld)
            for trigger in prototype.get("trigger_prototypes", []):
                words = trigger["name"].split(": ", 1)[1]
                flag = next(f for phrase, f in expected.items() if words.startswith(phrase))
                fired = _fires(trigger["expression"], value, macros)
                if flag.endswith("near_low") or flag.endswith("near_high"):  # a warning depends on its critical
                    fired = fired and flag.replace("near_", "") not in flags[lld["{#ONU}"]]
                assert fired == (flag in flags[lld["{#ONU}"]]), (lld["{#ONU}"], trigger["name"], value)
                checked.add(flag)
    assert checked == set(expected.values())
    outage = next(p for p in pon_rule["item_prototypes"] if p.get("trigger_prototypes"))
    (trigger,) = outage["trigger_prototypes"]
    assert trigger["priority"] == "DISASTER"
    fired = {lld["{#PON}"] for lld in _discover(pon_rule, served)
             if _fires(trigger["expression"], _value(pon_rule, outage["key"], served, lld), macros)}
    assert fired == {"1/1/2"}


def test_a_failed_scan_keeps_the_discovered_onus(template):
    """No `discovery` in the answer: the LLD rule fails this time instead of forgetting every ONU."""
    from netops.checks.scan_report import ScanFailure
    from netops.errors import DeviceTimeout
    from netops.exporter.zabbix import document

    doc = document(ScanFailure("olt-x", DeviceTimeout("OLT olt-x did not answer")), 2.0)
    for rule in _template(template)["discovery_rules"]:
        assert _apply(rule["preprocessing"], doc, {}) is None
    items = {i["key"]: i for i in _template(template)["items"]}
    assert _apply(items["netops.scan.success"]["preprocessing"], doc, {}) == 0
    assert _apply(items["netops.scan.error"]["preprocessing"], doc, {}) == "OLT olt-x did not answer"
    assert _apply(items["netops.scan.status"]["preprocessing"], doc, {}) == 3
