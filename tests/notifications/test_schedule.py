"""Reminders are due at Paris wall-clock time, across the daylight-saving changes of 2026.

Summer time starts on Sunday 29 March 2026 (2 h → 3 h) and ends on Sunday 25 October 2026
(3 h → 2 h). A reminder "the day before at 9 h" goes out at 9 h Paris time either side.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from cln_portal.schedule import (
    days_before,
    due_at,
    due_reminders,
    is_due,
    local_day,
    weekly_occurrence,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = datetime.UTC
NINE = datetime.time(9, 0)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def test_nine_in_paris_is_eight_utc_in_winter_and_seven_in_summer():
    assert due_at(day=datetime.date(2026, 3, 28), at=NINE) == utc(2026, 3, 28, 8, 0)
    assert due_at(day=datetime.date(2026, 3, 29), at=NINE) == utc(2026, 3, 29, 7, 0)
    assert due_at(day=datetime.date(2026, 10, 24), at=NINE) == utc(2026, 10, 24, 7, 0)
    assert due_at(day=datetime.date(2026, 10, 25), at=NINE) == utc(2026, 10, 25, 8, 0)
    assert due_at(day=datetime.date(2026, 3, 29), at=NINE).tzinfo == PARIS


def test_a_sitting_just_after_the_spring_change_is_reminded_at_nine_paris_time():
    sitting = datetime.datetime(2026, 3, 30, 18, 0, tzinfo=PARIS)  # Monday, summer time
    eve = days_before(moment=sitting, days=1, at=NINE)
    week = days_before(moment=sitting, days=7, at=NINE)
    assert eve == utc(2026, 3, 29, 7, 0)  # Sunday 29 March, 9 h CEST
    assert week == utc(2026, 3, 23, 8, 0)  # Monday 23 March, 9 h CET
    # Six days apart on the calendar, but only 6 × 24 h − 1 h of real time: the hour lost on 29 March.
    assert eve.astimezone(UTC) - week.astimezone(UTC) == datetime.timedelta(days=6, hours=-1)


def test_a_sitting_just_after_the_autumn_change_is_reminded_at_nine_paris_time():
    sitting = datetime.datetime(2026, 10, 26, 18, 0, tzinfo=PARIS)  # Monday, winter time
    assert days_before(moment=sitting, days=1, at=NINE) == utc(2026, 10, 25, 8, 0)
    assert days_before(moment=sitting, days=7, at=NINE) == utc(2026, 10, 19, 7, 0)


def test_the_day_is_the_paris_day_not_the_utc_day():
    # 0 h 30 on Monday 30 March in Paris is still Sunday 29 March in UTC.
    sitting = utc(2026, 3, 29, 22, 30)
    assert local_day(sitting) == datetime.date(2026, 3, 30)
    assert days_before(moment=sitting, days=1, at=NINE) == utc(2026, 3, 29, 7, 0)


def test_a_date_deadline_works_too():
    deadline = datetime.date(2026, 10, 27)
    assert days_before(moment=deadline, days=2, at=NINE) == utc(2026, 10, 25, 8, 0)
    assert days_before(moment=deadline, days=0, at=NINE) == utc(2026, 10, 27, 8, 0)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        days_before(moment=datetime.datetime(2026, 3, 30, 18, 0), days=1, at=NINE)  # noqa: DTZ001


def test_times_that_do_not_exist_or_happen_twice():
    # 2 h 30 does not exist on 29 March: it moves forward to 3 h 30 CEST.
    assert due_at(day=datetime.date(2026, 3, 29), at=datetime.time(2, 30)) == utc(2026, 3, 29, 1, 30)
    # 2 h 30 happens twice on 25 October: the first one (CEST) is taken. (Python never finds
    # an ambiguous local time equal to a UTC one, PEP 495: compare in UTC.)
    twice = due_at(day=datetime.date(2026, 10, 25), at=datetime.time(2, 30))
    assert twice.astimezone(UTC) == utc(2026, 10, 25, 0, 30)


@pytest.mark.parametrize(
    ("sitting", "eve_utc"),
    [
        (datetime.datetime(2026, 3, 30, 18, 0, tzinfo=PARIS), utc(2026, 3, 29, 7, 0)),
        (datetime.datetime(2026, 10, 26, 18, 0, tzinfo=PARIS), utc(2026, 10, 25, 8, 0)),
    ],
)
def test_with_a_set_clock_the_eve_reminder_is_due_from_nine_paris_time(sitting, eve_utc):
    with time_machine.travel(eve_utc - datetime.timedelta(minutes=1), tick=False):
        assert due_reminders(moment=sitting, days=(7, 1), at=NINE) == []
    with time_machine.travel(eve_utc, tick=False):
        assert due_reminders(moment=sitting, days=(7, 1), at=NINE) == [eve_utc]
    # The 15-minute beat runs again: still due (the outbox's unique row sends it once).
    with time_machine.travel(eve_utc + datetime.timedelta(minutes=15), tick=False):
        assert due_reminders(moment=sitting, days=(7, 1), at=NINE) == [eve_utc]


def test_a_stale_or_past_event_reminder_is_not_due():
    due = utc(2026, 3, 29, 7, 0)
    assert not is_due(due=due, now=due + datetime.timedelta(hours=7))
    assert not is_due(due=due, now=due + datetime.timedelta(minutes=5), until=due)
    assert is_due(due=due, now=due + datetime.timedelta(hours=5, minutes=59))


def test_weekly_occurrence_is_this_weeks_monday_eight_paris_time():
    eight = datetime.time(8, 0)
    # Monday 30 March 2026, first Monday of summer time: 8 h CEST is 6 h UTC.
    assert weekly_occurrence(weekday=0, at=eight, now=utc(2026, 3, 30, 6, 0)) == utc(2026, 3, 30, 6, 0)
    # One minute earlier, the week is still the previous one (Monday 23 March, 8 h CET).
    assert weekly_occurrence(weekday=0, at=eight, now=utc(2026, 3, 30, 5, 59)) == utc(2026, 3, 23, 7, 0)
    # Any moment of the week gives the same Monday.
    assert weekly_occurrence(weekday=0, at=eight, now=utc(2026, 10, 31, 12, 0)) == utc(2026, 10, 26, 7, 0)
