"""The desk's time boundaries: weekday, Saturday, Sunday, holidays, next window, 72 h deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from netops.errors import InputError

ONLINE_LOW = {"complaint": "slow", "observed": {"onu_state": "online", "rx_dbm": -28.0}}
OFFLINE = {"complaint": "no_connection", "observed": {"onu_state": "offline"}}

# 2026-07-02 (Thursday) is Bahia Independence Day; 2026-09-07 (Monday) is a national holiday.
BOUNDARIES = [
    # when, case, transfer now, next window
    ("2026-07-08 07:59", ONLINE_LOW, False, "2026-07-08T08:00-03:00"),
    ("2026-07-08 08:00", ONLINE_LOW, True, None),
    ("2026-07-08 17:59", ONLINE_LOW, True, None),
    ("2026-07-08 18:00", ONLINE_LOW, False, "2026-07-09T08:00-03:00"),
    ("2026-07-10 18:00", ONLINE_LOW, False, "2026-07-11T08:00-03:00"),  # Friday -> Saturday
    ("2026-07-11 16:59", ONLINE_LOW, True, None),
    ("2026-07-11 17:00", ONLINE_LOW, False, "2026-07-13T08:00-03:00"),  # Saturday -> Monday
    ("2026-07-11 17:00", OFFLINE, False, "2026-07-12T08:00-03:00"),  # Sunday for offline
    ("2026-07-12 10:00", ONLINE_LOW, False, "2026-07-13T08:00-03:00"),  # Sunday: online waits
    ("2026-07-12 10:00", OFFLINE, True, None),  # Sunday: offline customer is taken
    ("2026-07-12 16:59", OFFLINE, True, None),
    ("2026-07-12 17:00", OFFLINE, False, "2026-07-13T08:00-03:00"),
    ("2026-07-02 10:00", ONLINE_LOW, False, "2026-07-03T08:00-03:00"),  # Bahia holiday
    ("2026-07-02 10:00", OFFLINE, True, None),
    ("2026-07-01 18:30", ONLINE_LOW, False, "2026-07-03T08:00-03:00"),  # eve of the holiday
    ("2026-09-07 10:00", ONLINE_LOW, False, "2026-09-08T08:00-03:00"),  # national holiday
    ("2026-09-07 10:00", OFFLINE, True, None),
]


@pytest.mark.parametrize("when, case, now, window", BOUNDARIES,
                         ids=[f"{b[0]}-{b[1]['complaint']}" for b in BOUNDARIES])
def test_boundary(decide_at, when, case, now, window):
    decision = decide_at(when, **case)
    assert decision.level in ("N2", "N3")
    assert decision.transfer_now is now
    assert decision.next_window == window
    if now:
        assert decision.deadline is None
    else:
        opened = dt.datetime.fromisoformat(decision.opened_at)
        assert dt.datetime.fromisoformat(decision.deadline) - opened == dt.timedelta(hours=72)
        assert "transferir ao setor responsável" in decision.message


def test_holiday_is_named_in_the_reasons(decide_at):
    decision = decide_at("2026-07-02 10:00", **ONLINE_LOW)
    assert any("Bahia Independence Day" in r for r in decision.reasons)


def test_extra_date_from_the_profile_follows_the_sunday_rule(decide_at, isp):
    policy = isp.escalation
    calendar = policy.desk.holidays.model_copy(update={"extra_dates": [dt.date(2026, 7, 8)]})
    desk = policy.desk.model_copy(update={"holidays": calendar})
    profile = isp.model_copy(update={"escalation": policy.model_copy(update={"desk": desk})})
    online = decide_at("2026-07-08 10:00", profile=profile, **ONLINE_LOW)
    assert not online.transfer_now
    assert online.next_window == "2026-07-09T08:00-03:00"
    assert decide_at("2026-07-08 10:00", profile=profile, **OFFLINE).transfer_now


def test_deadline_is_72_hours_after_the_opening_not_the_decision(decide_at):
    decision = decide_at("2026-07-11 17:30", opened_at="2026-07-10T18:30:00-03:00", **ONLINE_LOW)
    assert decision.next_window == "2026-07-13T08:00-03:00"
    assert decision.deadline == "2026-07-13T18:30-03:00"
    assert "13/07/2026 18:30" in decision.message


def test_opening_in_another_offset_is_shown_in_the_isp_zone(decide_at):
    decision = decide_at("2026-07-11 17:30", opened_at="2026-07-10T21:30:00+00:00", **ONLINE_LOW)
    assert decision.opened_at == "2026-07-10T18:30-03:00"
    assert decision.deadline == "2026-07-13T18:30-03:00"


def test_opening_without_offset_is_local(decide_at):
    decision = decide_at("2026-07-11 17:30", opened_at="2026-07-10T18:30", **ONLINE_LOW)
    assert decision.deadline == "2026-07-13T18:30-03:00"


def test_window_after_the_deadline_is_flagged(decide_at):
    """Opened Thursday 19:00, decided Saturday 17:30 after the desk closed: the deadline (Sunday
    19:00) is not past, but the next window for a customer with connection is Monday 08:00."""
    decision = decide_at("2026-07-11 17:30", opened_at="2026-07-09T19:00", **ONLINE_LOW)
    assert (decision.deadline, decision.next_window) == ("2026-07-12T19:00-03:00", "2026-07-13T08:00-03:00")
    assert "the next window opens after the deadline" in decision.reasons
    assert decision.deadline_passed is False


def test_a_deadline_already_past_is_called_out(decide_at):
    """Opened Monday 10:00, decided Saturday 17:30: the 72 h ran out Thursday 10:00."""
    decision = decide_at("2026-07-11 17:30", opened_at="2026-07-06T10:00", **ONLINE_LOW)
    assert decision.deadline == "2026-07-09T10:00-03:00"
    assert decision.deadline_passed is True
    assert any(r.startswith("deadline already past: 2026-07-09T10:00-03:00") for r in decision.reasons)
    assert "o prazo de 72 h venceu em 09/07/2026 10:00" in decision.message
    assert "the next window opens after the deadline" not in decision.reasons


def test_a_past_deadline_is_said_inside_desk_hours_too(decide_at):
    decision = decide_at("2026-07-10 10:00", opened_at="2026-07-06T10:00", **ONLINE_LOW)
    assert decision.transfer_now is True
    assert decision.deadline == "2026-07-09T10:00-03:00" and decision.deadline_passed
    assert "venceu em 09/07/2026 10:00" in decision.message


def test_a_deadline_not_yet_reached_is_not_called_out(decide_at):
    decision = decide_at("2026-07-09 09:59", opened_at="2026-07-06T10:00", **ONLINE_LOW)
    assert decision.deadline_passed is False and "venceu" not in decision.message


def test_opening_after_the_decision_time_is_bad_input(decide_at):
    with pytest.raises(InputError, match="opened_at"):
        decide_at("2026-07-08 10:00", opened_at="2026-07-08T11:00", **ONLINE_LOW)


def test_decision_instant_in_utc_is_converted(isp):
    from netops.triage.engine import decide
    from netops.triage.ticket import parse_ticket

    utc = dt.datetime(2026, 7, 8, 21, 0, tzinfo=dt.UTC)  # 18:00 in Bahia
    decision = decide(parse_ticket({"customer": "X", **ONLINE_LOW}), isp, utc, "P")
    assert decision.decided_at == "2026-07-08T18:00-03:00"
    assert not decision.transfer_now
