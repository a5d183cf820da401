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
