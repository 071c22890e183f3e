"""Beat schedules: created by migrate in django-celery-beat's tables, in Europe/Paris, editable by staff."""

import datetime
import zoneinfo

import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from cln_portal.beat import PERIODIC_TASKS, periodic_tasks_ensure
from cln_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TASK_NAMES = {
    "meetings.send_meeting_reminders",
    "workstreams.send_positioning_reminders",
    "workstreams.send_answer_reminders",
    "pdin.send_edition_reminders",
    "pdin.expire_waitlist_offers",
    "pdin.purge_registrations",
    "cln_portal.send_weekly_digest",
    "cln_portal.purge_outbox",
    "members.expire_former_accounts",
}


def test_migrate_creates_every_periodic_task_in_paris_time():
    tasks = {task.task: task for task in PeriodicTask.objects.select_related("crontab")}
    assert TASK_NAMES <= set(tasks)
    for name in TASK_NAMES:
        assert tasks[name].enabled
        assert str(tasks[name].crontab.timezone) == "Europe/Paris"
    digest = tasks["cln_portal.send_weekly_digest"].crontab
    assert (digest.minute, digest.hour, digest.day_of_week) == ("0", "8", "1")
    assert tasks["meetings.send_meeting_reminders"].crontab.minute == "*/15"
    edition = tasks["pdin.send_edition_reminders"].crontab
    assert (edition.minute, edition.hour) == ("*/15", "9-14")


def test_running_it_again_creates_nothing_and_keeps_staff_edits():
    digest = PeriodicTask.objects.get(task="cln_portal.send_weekly_digest")
    digest.crontab = CrontabSchedule.objects.create(
        minute="30", hour="7", day_of_week="1", timezone="Europe/Paris"
    )
    digest.name = "Lettre du lundi"
    digest.save()
    PeriodicTask.objects.filter(task="pdin.purge_registrations").update(enabled=False)
    count = PeriodicTask.objects.count()

    assert periodic_tasks_ensure() == []
    assert PeriodicTask.objects.count() == count
    digest.refresh_from_db()
    assert (digest.name, digest.crontab.hour, digest.crontab.minute) == ("Lettre du lundi", "7", "30")
    assert not PeriodicTask.objects.get(task="pdin.purge_registrations").enabled


def test_a_deleted_schedule_comes_back():
    PeriodicTask.objects.filter(task="pdin.expire_waitlist_offers").delete()
    created = periodic_tasks_ensure()
    assert len(created) == 1
    assert PeriodicTask.objects.filter(task="pdin.expire_waitlist_offers").count() == 1


def test_beat_loads_every_schedule_even_for_task_names_not_registered_yet():
    # Beat only sends a name: it must not need the task to exist in this process.
    # (DatabaseScheduler.all_as_schedule() leaves out crontabs whose hour is far from now,
    # so each row is turned into beat's entry here, as the scheduler does.)
    entries = [ModelEntry(task, app=celery_app) for task in PeriodicTask.objects.filter(task__in=TASK_NAMES)]
    assert {entry.task for entry in entries} == TASK_NAMES
    for entry in entries:
        due, next_check = entry.is_due()
        assert next_check >= 0
    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert "cln_portal.send_weekly_digest" in celery_app.tasks


@pytest.mark.parametrize(
    ("last_run", "next_run_utc"),
    [
        # The Monday after the spring change: 8 h CEST is 6 h UTC (it was 7 h UTC a week before).
        (
            datetime.datetime(2026, 3, 23, 8, 0, tzinfo=PARIS),
            datetime.datetime(2026, 3, 30, 6, 0, tzinfo=datetime.UTC),
        ),
        # The Monday after the autumn change: 8 h CET is 7 h UTC.
        (
            datetime.datetime(2026, 10, 19, 8, 0, tzinfo=PARIS),
            datetime.datetime(2026, 10, 26, 7, 0, tzinfo=datetime.UTC),
        ),
    ],
)
def test_the_digest_stays_at_eight_paris_time_across_daylight_saving(last_run, next_run_utc):
    crontab = PeriodicTask.objects.get(task="cln_portal.send_weekly_digest").crontab
    assert crontab.due_start_time(last_run, PARIS) == next_run_utc


def test_the_spec_lists_each_task_once():
    assert {spec.task for spec in PERIODIC_TASKS} == TASK_NAMES
    assert len(PERIODIC_TASKS) == len(TASK_NAMES)
