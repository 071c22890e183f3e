"""The portal's periodic tasks, created in django-celery-beat's tables for staff to edit in the admin.

Beat only sends a task's *name* at the scheduled moment: a name no app registers yet is
harmless (the worker logs it as unknown and drops the message), so the schedule can be
created before the task that it names is written.

The reminder tasks run every 15 minutes and send what is due then (see
``cln_portal.schedule``): their due moments are computed in Europe/Paris by the tasks
themselves, so a reminder "the day before at 9 h" is right across daylight saving
whatever the beat's cadence. The weekly digest runs on Mondays at 8 h Europe/Paris; the
crontab's time zone makes beat follow the change of hour.

:func:`periodic_tasks_ensure` runs after every ``migrate`` (a ``post_migrate`` handler,
see ``apps.py``). It creates what is missing and never changes what exists: staff edits
in the admin (another time, a task disabled) survive. A task deleted in the admin comes
back at the next ``migrate``; to stop one, untick "Enabled" instead.
"""

from dataclasses import dataclass

from django.apps import apps as installed_apps
from django.utils import timezone

TIME_ZONE = "Europe/Paris"


@dataclass(frozen=True)
class PeriodicSpec:
    """One periodic task: its admin name, the Celery task name, and a crontab in Europe/Paris."""

    name: str
    task: str
    description: str
    minute: str = "*/15"
    hour: str = "*"
    day_of_week: str = "*"


PERIODIC_TASKS = (
    PeriodicSpec(
        name="Rappels de séance (7 jours et veille)",
        task="meetings.send_meeting_reminders",
        description="Toutes les 15 minutes : envoie les rappels de séance arrivés à échéance.",
    ),
    PeriodicSpec(
        name="Rappels du formulaire de positionnement",
        task="workstreams.send_positioning_reminders",
        description="Toutes les 15 minutes : rappels avant la date limite aux membres sans réponse.",
    ),
    PeriodicSpec(
        name="Rappels aux services avant la date de réponse à une question",
        task="workstreams.send_answer_reminders",
        description="Toutes les 15 minutes : rappel, une fois, aux services dont la réponse est attendue sous peu.",
    ),
    PeriodicSpec(
        name="Rappels de la veille d’une édition du PDIN",
        task="pdin.send_edition_reminders",
        description=(
            "De 9 h à 15 h, toutes les 15 minutes : rappel aux inscrit·es la veille d’une édition "
            "(envoyé une fois, au premier passage après 9 h)."
        ),
        # pdin.reminders_send sends tomorrow's reminders whenever it runs (due at 9 h): a
        # window from 9 h keeps it from going out at midnight, and covers a missed 9 h run.
        hour="9-14",
    ),
    PeriodicSpec(
        name="Places proposées sur liste d’attente : expiration",
        task="pdin.expire_waitlist_offers",
        description="Toutes les 15 minutes : libère les places proposées et non confirmées à temps.",
    ),
    PeriodicSpec(
        name="Purge des inscriptions au PDIN (RGPD)",
        task="pdin.purge_registrations",
        description="Chaque nuit à 3 h 30 : efface les inscriptions au-delà de la durée de conservation.",
        minute="30",
        hour="3",
    ),
    PeriodicSpec(
        name="Comptes des anciens membres : fin de conservation (RGPD)",
        task="members.expire_former_accounts",
        description="Chaque nuit à 3 h 15 : supprime comptes et coordonnées au-delà de la durée affichée.",
        minute="15",
        hour="3",
    ),
    PeriodicSpec(
        name="Purge de la boîte d’envoi (RGPD)",
        task="cln_portal.purge_outbox",
        description="Chaque nuit à 3 h 45 : efface les e-mails envoyés au-delà de la durée de conservation.",
        minute="45",
        hour="3",
    ),
    PeriodicSpec(
        name="Lettre hebdomadaire (lundi 8 h)",
        task="cln_portal.send_weekly_digest",
        description="Le lundi à 8 h (heure de Paris) : lettre aux membres qui l’ont demandée.",
        minute="0",
        hour="8",
        day_of_week="1",
    ),
)


def periodic_tasks_ensure(*, apps=None, using: str = "default") -> list[str]:
    """Create the missing crontabs and periodic tasks; return the names of the tasks created.

    Idempotent: a task is looked up by its Celery task name (staff may rename it in the
    admin). ``apps`` is a migration state's registry (``post_migrate`` passes one) or
    None for the current models.
    """
    if apps is None:
        apps = installed_apps
    try:
        crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
        task_model = apps.get_model("django_celery_beat", "PeriodicTask")
        tracker_model = apps.get_model("django_celery_beat", "PeriodicTasks")
    except LookupError:  # django_celery_beat not installed or not migrated yet
        return []
    created = []
    for spec in PERIODIC_TASKS:
        if task_model.objects.using(using).filter(task=spec.task).exists():
            continue
        cron = dict(
            minute=spec.minute,
            hour=spec.hour,
            day_of_week=spec.day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone=TIME_ZONE,
        )
        crontab = crontab_model.objects.using(using).filter(**cron).first()
        if crontab is None:
            crontab = crontab_model.objects.using(using).create(**cron)
        name = spec.name
        if task_model.objects.using(using).filter(name=name).exists():
            name = f"{name} ({spec.task})"
        task_model.objects.using(using).create(
            name=name, task=spec.task, crontab=crontab, description=spec.description, enabled=True
        )
        created.append(name)
    if created:
        # What PeriodicTasks.changed() does on save: a running beat reloads its schedule.
        tracker_model.objects.using(using).update_or_create(ident=1, defaults={"last_update": timezone.now()})
    return created


def on_post_migrate(sender, *, apps=None, using: str = "default", **kwargs) -> None:
    """``post_migrate`` handler (connected in ``PortalConfig.ready``)."""
    periodic_tasks_ensure(apps=apps, using=using)
