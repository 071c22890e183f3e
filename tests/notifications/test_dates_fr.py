"""Dates in e-mails are written in French: "vendredi 13 février 2026 à 9 h"."""

import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import translation

from cln_portal.dates import format_datetime_fr, format_day_fr, format_time_fr

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_a_sitting_at_nine_is_written_the_french_way():
    assert format_datetime_fr(datetime.datetime(2026, 2, 13, 9, 0, tzinfo=PARIS)) == (
        "vendredi 13 février 2026 à 9 h"
    )


def test_minutes_follow_the_hour_and_the_first_of_the_month_is_1er():
    assert format_datetime_fr(datetime.datetime(2026, 6, 1, 9, 30, tzinfo=PARIS)) == (
        "lundi 1er juin 2026 à 9 h 30"
    )
    assert format_datetime_fr(datetime.datetime(2026, 3, 1, 18, 5, tzinfo=PARIS)) == (
        "dimanche 1er mars 2026 à 18 h 05"
    )


def test_utc_datetimes_are_shown_in_paris_time_in_winter_and_summer():
    # 8:00 UTC is 9 h in February (UTC+1) and 10 h in July (UTC+2).
    assert format_datetime_fr(datetime.datetime(2026, 2, 13, 8, 0, tzinfo=datetime.UTC)).endswith("à 9 h")
    assert format_datetime_fr(datetime.datetime(2026, 7, 10, 8, 0, tzinfo=datetime.UTC)).endswith("à 10 h")
    # 23:30 UTC on 31 May is already 1 June in Paris.
    assert format_datetime_fr(datetime.datetime(2026, 5, 31, 23, 30, tzinfo=datetime.UTC)) == (
        "lundi 1er juin 2026 à 1 h 30"
    )


def test_dates_follow_the_active_language_french_or_english():
    # Pages follow the reader's language; e-mails and PDFs choose theirs with override().
    with translation.override("fr"):
        assert format_day_fr(datetime.date(2026, 2, 13)) == "vendredi 13 février 2026"
        assert format_day_fr(datetime.date(2026, 12, 1), weekday=False) == "1er décembre 2026"
    with translation.override("en"):
        assert format_day_fr(datetime.date(2026, 2, 13)) == "Friday 13 February 2026"
        assert format_day_fr(datetime.date(2026, 12, 1), weekday=False) == "1 December 2026"
        assert format_time_fr(datetime.time(18, 30)) == "6:30 pm"
        assert (
            format_time_fr(datetime.time(12, 0)) == "12 pm" and format_time_fr(datetime.time(9, 0)) == "9 am"
        )
        moment = datetime.datetime(2026, 2, 13, 8, 0, tzinfo=datetime.UTC)
        assert format_datetime_fr(moment) == "Friday 13 February 2026 at 9 am"


def test_midnight_and_noon():
    assert format_time_fr(datetime.time(0, 0)) == "0 h"
    assert format_time_fr(datetime.time(12, 0)) == "12 h"


def test_template_filters():
    template = Template(
        "{% load french_dates %}{{ moment|datetime_fr }} | {{ day|day_fr }} | "
        "{{ time|time_fr }} | {{ none|datetime_fr }}"
    )
    text = template.render(
        Context(
            {
                "moment": datetime.datetime(2026, 2, 13, 8, 0, tzinfo=datetime.UTC),
                "day": datetime.date(2026, 10, 1),
                "time": datetime.time(9, 30),
                "none": None,
            }
        )
    )
    assert text == "vendredi 13 février 2026 à 9 h | jeudi 1er octobre 2026 | 9 h 30 | "
