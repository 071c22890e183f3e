"""Fan-out benchmark: one sitting reminder to 1,000 members through a real Celery worker.

    .venv/bin/python bench/fanout.py [--recipients 1000] [--concurrency 2]

What runs is what production runs: beat's message ``meetings.send_meeting_reminders``
goes through Redis to a worker (``celery -A cln_portal worker``, prefork, 2 processes as
in docker-compose.yml); the task computes the recipients and queues one outbox row per
member, each delivered by its own ``deliver_notification`` task through SMTP to a sink
on 127.0.0.1. The script prints the time from sending the task to the last e-mail
received, and the count delivered (each recipient once).

It sets up everything it uses and removes it afterwards: a PostgreSQL database of its
own (``cln_bench_fanout``, created, migrated, then dropped; ``--keep`` leaves it), Redis
database 15 (flushed before and after; never db 0), an aiosmtpd sink on a free port.
Needs PostgreSQL and Redis on 127.0.0.1 (``make test`` starts them). Exit status 0 when
every recipient received exactly one e-mail, 1 otherwise.
"""

import argparse
import datetime
import os
import re
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=1000, help="members reminded (default 1000)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--database", default="cln_bench_fanout", help="database created for the run")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15", help="dedicated Redis database")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for delivery")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if "bench" not in args.database:
        parser.error("the database name must contain 'bench': it is dropped and recreated")
    return args


def database_recreate(name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def configure(args) -> datetime.datetime:
    """Environment of this process and of the worker; returns the reminders' due moment.

    Only the 1-day reminder is on, due at the current minute (Paris time) minus 2 minutes,
    for a sitting tomorrow evening: the task finds it due when it runs.
    """
    due = datetime.datetime.now(PARIS).replace(second=0, microsecond=0) - datetime.timedelta(minutes=2)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cln_portal.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": f"{POSTGRES}/{args.database}",
            "REDIS_URL": args.redis,
            "MEETING_REMINDER_DAYS": "1",
            "MEETING_REMINDER_TIME": due.strftime("%H:%M"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return due


def data_create(*, recipients: int, due: datetime.datetime):
    """A council, a sitting tomorrow at 18 h with its convocation sent, ``recipients`` convoked members."""
    from cln_portal.schedule import due_at
    from members.models import Council, Member, Role, User
    from sessions.models import InvitationAnswer, Meeting, MeetingInvitation, MeetingKind

    Council.objects.create(name="Conseil local du numérique", short_name="CLN", city="Villeneuve")
    convoked = due - datetime.timedelta(hours=1)
    meeting = Meeting.objects.create(
        kind=MeetingKind.PLENARY,
        title="Assemblée plénière (banc d’essai)",
        starts_at=due_at(day=due.date() + datetime.timedelta(days=1), at=datetime.time(18, 0)),
        convocation_sent_at=convoked,
    )
    users = User.objects.bulk_create(
        # "!" is Django's unusable password: these accounts cannot log in.
        User(email=f"membre{n:04d}@example.org", password="!")  # noqa: S106
        for n in range(recipients)
    )
    members = Member.objects.bulk_create(
        Member(
            user=user,
            first_name=f"Prénom{n:04d}",
            last_name=f"Nom{n:04d}",
            role=Role.COUNCILLOR,
            mandate_start=datetime.date(2025, 9, 1),
        )
        for n, user in enumerate(users)
    )
    MeetingInvitation.objects.bulk_create(
        MeetingInvitation(
            meeting=meeting, member=member, answer=InvitationAnswer.PENDING, convoked_at=convoked
        )
        for member in members
    )
    return meeting


def main(argv=None) -> int:
    args = parse_args(argv)
    due = configure(args)
    print(f"Preparing: database {args.database}, {args.recipients} members, Redis {args.redis}", flush=True)
    database_recreate(args.database)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count

    from cln_portal.celery import app
    from cln_portal.testing import SmtpSink, WorkerProcess, redis_flush, redis_ready
    from notifications.models import Notification, NotificationStatus
    from sessions import notification_kinds as sessions_kinds

    if not redis_ready(args.redis):
        print("Redis does not answer on 127.0.0.1:6379.", file=sys.stderr)
        database_recreate(args.database, drop_only=True)
        return 1
    call_command("migrate", verbosity=0, interactive=False)
    data_create(recipients=args.recipients, due=due)
    redis_flush(args.redis)

    sink = SmtpSink().start()
    log_dir = Path(tempfile.mkdtemp(prefix="cln-bench-"))
    worker = WorkerProcess(
        database_url=os.environ["DATABASE_URL"],
        redis_url=args.redis,
        email_url=sink.url,
        log_path=log_dir / "worker.log",
        concurrency=args.concurrency,
        extra_env={"LOG_LEVEL": "WARNING"},
        name="bench",
    )
    ok = False
    try:
        worker.start()
        print(f"Worker ready (prefork, {args.concurrency} processes); SMTP sink on 127.0.0.1:{sink.port}")
        start = time.perf_counter()
        app.send_task("meetings.send_meeting_reminders")
        delivered_all = sink.wait_for(args.recipients, timeout=args.timeout)
        elapsed = time.perf_counter() - start
        time.sleep(2)  # anything sent twice would arrive now
        delivered = sink.count()
        unique = len({message["To"] for message in sink.messages})
        rows = dict(
            Notification.objects.filter(kind=sessions_kinds.MEETING_REMINDER)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        match = re.search(
            r"meetings\.send_meeting_reminders\[[^\]]+\] succeeded in ([0-9.]+)s: (\d+)", worker.log()
        )
        print()
        print(f"Fan-out of one sitting reminder to {args.recipients} members through a real Celery worker")
        if match:
            print(f"  reminders queued by the task:  {match.group(2)} in {float(match.group(1)):.1f} s")
        print(
            f"  e-mails delivered:             {delivered} ({unique} distinct recipients) "
            f"in {elapsed:.1f} s, {delivered / elapsed:.0f} e-mails/s"
            + ("" if delivered_all else f" (timed out after {args.timeout:.0f} s)")
        )
        print(
            "  outbox rows:                   "
            + ", ".join(f"{rows.get(status, 0)} {status}" for status in NotificationStatus.values)
        )
        ok = (
            delivered == unique == args.recipients and rows.get(NotificationStatus.SENT, 0) == args.recipients
        )
        print(
            f"RESULT fanout_recipients={args.recipients} delivered={delivered} seconds={elapsed:.2f} ok={ok}"
        )
        if not ok:
            print(worker.log()[-4000:], file=sys.stderr)
    finally:
        worker.stop()
        sink.stop()
        redis_flush(args.redis)
        connections.close_all()
        if not args.keep:
            database_recreate(args.database, drop_only=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
