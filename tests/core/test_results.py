from netops.errors import DeviceTimeout
from netops.results import CheckResult, Status, result_from_error, worst


def test_status_values_are_exit_codes():
    assert [int(s) for s in (Status.OK, Status.WARNING, Status.CRITICAL, Status.UNKNOWN)] == [0, 1, 2, 3]


def test_worst_orders_critical_warning_unknown_ok():
    assert worst([Status.OK, Status.UNKNOWN]) is Status.UNKNOWN
    assert worst([Status.UNKNOWN, Status.WARNING]) is Status.WARNING
    assert worst([Status.WARNING, Status.CRITICAL, Status.UNKNOWN]) is Status.CRITICAL
    assert worst([]) is Status.OK


def test_error_becomes_unknown_result():
    result = result_from_error("snmp", DeviceTimeout("olt-x did not answer", hint="check it"))
    assert result.status is Status.UNKNOWN
    assert result.to_dict() == {
        "name": "snmp", "status": "unknown", "summary": "olt-x did not answer",
        "error": "timeout", "hint": "check it",
    }
    assert CheckResult("x", Status.OK, "fine").to_dict()["status"] == "ok"


def _reading(**values):
    from netops.models import OnuRef, PonRef
    from netops.olt.reading import OnuReading

    return OnuReading(olt="olt-a", onu=OnuRef(PonRef(0, 1, 0), values.pop("onu_id", 3)), source="snmp", **values)


def _policy():
    from netops.isp import load_isp

    return load_isp("netcenter").optical


def test_every_check_gives_the_same_result_type():
    """Optical, scan, speed, DNS and Wi-Fi results are CheckResults: one shape for every output."""
    from netops.checks.optical import judge
    from netops.checks.scan_report import judge_scan
    from netops.cpe.outcome import BandOutcome, BandState, ResetOutcome
    from netops.olt.reading import ScanResult
    from netops.speed.model import SpeedResult
    from netops.speed.policy import Plan, SpeedPolicy, check

    policy = _policy()
    low = judge(_reading(state="online", rx_dbm=-27.45, tx_dbm=2.1, olt_rx_dbm=-24.3, distance_m=1200), policy)
    assert isinstance(low, CheckResult) and low.detail is low.reading
    assert low.to_dict() == {
        "name": "optical", "status": "critical",
        "summary": "olt-a 0/1/0:3: online, ONU Rx -27.45 dBm, OLT Rx -24.30 dBm [rx_low]",
        "measurements": {"serial": None, "state": "online", "down_cause": None, "rx_dbm": -27.45, "tx_dbm": 2.1,
                         "olt_rx_dbm": -24.3, "temperature_c": None, "distance_m": 1200, "uptime_s": None},
        "units": {"rx_dbm": "dBm", "tx_dbm": "dBm", "olt_rx_dbm": "dBm", "temperature_c": "°C",
                  "distance_m": "m", "uptime_s": "s"},
        "thresholds": policy.as_dict(), "flags": ["rx_low"],
    }
    scan = judge_scan("olt-a", ScanResult([low.reading, _reading(onu_id=4, state="offline", down_cause="los")],
                                          expected=4, answered=3), policy)
    assert scan.result.to_dict()["flags"] == ["incomplete"] and scan.result.status is Status.CRITICAL
    assert scan.result.measurements["offline"] == 1 and scan.to_dict()["incomplete"] is True

    speed = check(SpeedResult("iperf3", {"name": "lab"}, download_mbps=30.0, upload_mbps=50.0), Plan("100M", 100, 50),
                  SpeedPolicy())
    assert (speed.status, speed.units["download_mbps"], speed.thresholds["critical_below_ratio"]) == (
        Status.CRITICAL, "Mbit/s", 0.4)

    outcome = ResetOutcome("192.0.2.1", "RTF3505VW", "askey-broadcom", "Askey Broadcom", "web",
                           bands=[BandOutcome("2.4", BandState.CHANGED, True), BandOutcome("5", BandState.FAILED, False,
                                                                                           error="old_key")])
    wifi = outcome.result.to_dict()
    assert wifi["status"] == "critical" and wifi["flags"] == ["old_key"]
    assert wifi["measurements"] == {"band_2.4": "changed", "band_5": "failed"}


def test_one_read_back_ladder():
    from netops.cpe.outcome import BandState, read_back

    def ladder(keys, **extra):
        options = {"wanted_ssid": None, "read_ssid": None, **extra}
        return read_back(keys, "NewKey123", "OldKey456", **options)

    assert ladder(["NewKey123", "NewKey123"]) == (BandState.CHANGED, None)
    assert ladder(["NewKey123", "OldKey456"]) == (BandState.FAILED, "old_key")  # every parameter must show it
    assert ladder(["Other999"]) == (BandState.FAILED, "other_key")
    assert ladder(["****"], hidden=True) == (BandState.UNVERIFIED, None)
    assert ladder(["NewKey123"], wanted_ssid="Casa", read_ssid="Antiga") == (BandState.FAILED, "ssid_not_changed")
    assert ladder(["NewKey123"], wanted_ssid="Casa", read_ssid="") == (BandState.CHANGED, None)  # page shows no SSID
    assert ladder([]) == (BandState.FAILED, "other_key")  # nothing read back is no proof of a change


def test_one_exception_per_meaning_all_in_errors_py():
    """Every error netops raises on purpose is defined once, in netops/errors.py, each code once:
    `except DeviceUnreachable` then catches every way of not reaching a device."""
    import importlib
    import pkgutil

    import netops
    from netops import errors

    for module in pkgutil.walk_packages(netops.__path__, "netops."):
        if not module.name.endswith("__main__"):  # `python -m netops` would run the command
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = set(subclasses(errors.NetopsError))
    assert {cls.__module__ for cls in found} == {"netops.errors"}, sorted(
        f"{cls.__module__}.{cls.__name__}" for cls in found if cls.__module__ != "netops.errors")
    codes = [cls.code for cls in found if "code" in vars(cls)]
    assert len(codes) == len(set(codes)), sorted(codes)
    assert issubclass(errors.ConnectionDropped, errors.DeviceUnreachable)
