"""Load the reference sitting of 28 November 2025 and the PDIN programme (``seed_demo``).

Every record is found by a natural key and updated in place, so loading twice gives the
same database (same rows, same primary keys, same values).
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from cln_portal.demo import demo_loaders
from members import demo as members_demo
from members.models import Council, Member, User
from pdin import demo as pdin_demo
from pdin.models import Edition, EventSeries, Venue
from workstreams import demo as workstreams_demo
from workstreams.models import (
    Contact,
    NextStep,
    Proposal,
    Question,
    QuestionStatus,
    QuestionTheme,
    Workstream,
)

from ..models import (
    AgendaItem,
    Annex,
    Attendance,
    AttendanceStatus,
    CalendarEntry,
    Footnote,
    Meeting,
    Minutes,
    MinutesSection,
    MinutesStatus,
    SectionPart,
)
from . import extra as meetings_demo
from . import reference as ref

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@dataclass
class DemoSeedResult:
    """What ``demo_seed`` loaded: the sitting, its minutes, and the demo accounts created.

    ``accounts`` holds (e-mail, password, is_staff) tuples, empty unless asked for.
    """

    meeting: Meeting
    minutes: Minutes
    people: dict[str, Member] = field(default_factory=dict)
    accounts: list[tuple[str, str, bool]] = field(default_factory=list)


def _upsert(model, *, defaults: dict, **lookup):
    """Like ``update_or_create``, but saves nothing when the row already has these values.

    Returns ``(instance, created)``. Leaving unchanged rows alone keeps ``auto_now`` fields
    still, so that loading twice gives the very same database.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**{**defaults, **lookup}), True
    changed = [name for name, value in defaults.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, defaults[name])
        instance.save()
    return instance, False


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _aware(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value).replace(tzinfo=PARIS)


@transaction.atomic
def demo_seed(*, with_accounts: bool | None = None) -> DemoSeedResult:
    """Load the reference data idempotently and return what was loaded.

    ``with_accounts`` creates the two demo accounts (a chargé de mission with staff rights
    and a council member) with the passwords of ``reference.DEMO_ACCOUNTS``; by default
    only when ``settings.DEBUG`` is on, so a production database never gets them.
    """
    if with_accounts is None:
        with_accounts = settings.DEBUG
    people = _load_people()
    _load_council(people)
    venues = _load_venues()
    _load_programme(venues)
    meeting = _load_meeting(people)
    workstreams = _load_workstreams(people, meeting)
    minutes = _load_minutes(meeting, workstreams)
    accounts = _load_accounts(people) if with_accounts else []
    result = DemoSeedResult(meeting=meeting, minutes=minutes, people=people, accounts=accounts)
    # Each app adds its own demo records (a former member, a coming edition, a campaign…).
    for load in (members_demo.load, meetings_demo.load, workstreams_demo.load, pdin_demo.load):
        load(seed=result)
    # Apps beside this one on the floors (places) register their loaders (cln_portal/demo.py).
    for load in demo_loaders():
        load(seed=result)
    return result


def _load_people() -> dict[str, Member]:
    people = {}
    for key, (first, last, role, sector, form, position) in ref.PEOPLE.items():
        in_mandate = key not in ref.WITHOUT_MANDATE
        member, _ = _upsert(
            Member,
            first_name=first,
            last_name=last,
            defaults={
                "role": role,
                "sector": sector,
                "title_form": form,
                "position": position,
                "mandate_start": _date(ref.MANDATE_START) if in_mandate else None,
            },
        )
        people[key] = member
    return people


def _load_council(people: dict[str, Member]) -> None:
    values = {**ref.COUNCIL, "followed_by": people[ref.COUNCIL["followed_by"]]}
    council = Council.objects.order_by("pk").first()
    if council is None:
        Council.objects.create(**values)
    else:
        for name, value in values.items():
            setattr(council, name, value)
        council.save()


def _load_venues() -> dict[str, Venue]:
    venues = {}
    for slug, values in ref.VENUES.items():
        city = "Roubaix"
        postal_code = "59100" if values["address"] else ""
        venues[slug], _ = _upsert(
            Venue, slug=slug, defaults={**values, "city": city, "postal_code": postal_code}
        )
    return venues


def _load_programme(venues: dict[str, Venue]) -> None:
    series = {}
    for values in ref.SERIES:
        series[values["slug"]], _ = _upsert(EventSeries, slug=values["slug"], defaults=values)
    for number, date, precision, venue, title, subtitle in ref.EDITIONS:
        _upsert(
            Edition,
            series=series["pdin"],
            number=number,
            defaults={
                "date": _date(date),
                "date_precision": precision,
                "venue": venues[venue],
                "title": title,
                "subtitle": subtitle,
                "description": ref.EDITION_DESCRIPTIONS.get(number, ""),
            },
        )


def _load_meeting(people: dict[str, Member]) -> Meeting:
    starts_at = _aware(ref.MEETING["starts_at"])
    meeting, _ = _upsert(
        Meeting,
        starts_at=starts_at,
        kind=ref.MEETING["kind"],
        defaults={
            "title": ref.MEETING["title"],
            "ends_at": _aware(ref.MEETING["ends_at"]),
            "convener": people[ref.MEETING["convener"]],
        },
    )
    listed = [(key, AttendanceStatus.PRESENT) for key in ref.PRESENT]
    listed += [(key, AttendanceStatus.EXCUSED) for key in ref.EXCUSED]
    for order, (key, status) in enumerate(listed):
        member = people[key]
        _upsert(
            Attendance,
            meeting=meeting,
            member=member,
            defaults={"status": status, "role_label": member.title, "order": order},
        )
    return meeting


def _load_workstreams(people: dict[str, Member], meeting: Meeting) -> list[Workstream]:
    workstreams = []
    answered_by = people[ref.ANSWERED_BY]
    for order, data in enumerate(ref.WORKSTREAMS):
        workstream, _ = _upsert(
            Workstream,
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "kind": data["kind"],
                "objective": data["objective"],
                "order": order,
            },
        )
        workstreams.append(workstream)
        _upsert(
            AgendaItem,
            meeting=meeting,
            order=order,
            defaults={"title": data["title"], "workstream": workstream},
        )
        question_order = 0
        for theme_order, (theme_title, questions) in enumerate(data["themes"]):
            theme, _ = _upsert(
                QuestionTheme, workstream=workstream, title=theme_title, defaults={"order": theme_order}
            )
            for item in questions:
                text, answer = item if isinstance(item, tuple) else (item, "")
                answered = {
                    "status": QuestionStatus.ANSWERED,
                    "answer": answer,
                    "answered_by": answered_by,
                    "answered_on": meeting.date,
                    "answered_at_meeting": meeting,
                }
                _upsert(
                    Question,
                    workstream=workstream,
                    raised_at=meeting,
                    order=question_order,
                    defaults={"theme": theme, "text": text, **(answered if answer else {})},
                )
                question_order += 1
        for proposal_order, (person, text) in enumerate(data.get("proposals", [])):
            _upsert(
                Proposal,
                workstream=workstream,
                meeting=meeting,
                order=proposal_order,
                defaults={"member": people[person], "text": text},
            )
        contacts = data.get("contacts")
        for contact_order, (body, person, note) in enumerate(contacts["items"] if contacts else []):
            _upsert(
                Contact,
                workstream=workstream,
                meeting=meeting,
                order=contact_order,
                defaults={
                    "heading": contacts["heading"],
                    "body": body,
                    "followed_by": people[person],
                    "note": note,
                },
            )
        for step_order, step in enumerate(data.get("next_steps", [])):
            _upsert(
                NextStep,
                workstream=workstream,
                meeting=meeting,
                order=step_order,
                defaults={
                    "label": step["label"],
                    "text": step["text"],
                    "date": _date(step["date"]),
                    "date_precision": "day",
                    "owner": people[step["owner"]],
                },
            )
    return workstreams


def _load_minutes(meeting: Meeting, workstreams: list[Workstream]) -> Minutes:
    values = {key: value for key, value in ref.MINUTES.items() if key != "published_at"}
    minutes = Minutes.objects.filter(meeting=meeting, version=1).first()
    if minutes is None or not minutes.pdf:
        # A stored PDF means the version is frozen: the loader never rewrites it.
        minutes, _ = _upsert(
            Minutes,
            meeting=meeting,
            version=1,
            defaults={
                **values,
                "issued_on": _date(values["issued_on"]),
                "status": MinutesStatus.PUBLISHED,
                "published_at": _aware(ref.MINUTES["published_at"]),
            },
        )
    else:
        return minutes
    for note in ref.FOOTNOTES:
        _upsert(
            Footnote, minutes=minutes, key=note["key"], defaults={"text": note["text"], "url": note["url"]}
        )
    for order, workstream in enumerate(workstreams):
        data = ref.WORKSTREAMS[order]
        _upsert(
            MinutesSection,
            minutes=minutes,
            part=SectionPart.WORKSTREAMS,
            order=order,
            defaults={"title": workstream.title, "workstream": workstream, "body": data.get("body", "")},
        )
    for order, data in enumerate(ref.NEXT_STEP_SECTIONS):
        section, _ = _upsert(
            MinutesSection,
            minutes=minutes,
            part=SectionPart.NEXT_STEPS,
            order=order,
            defaults={"title": data["title"], "workstream": None, "body": data["body"]},
        )
        for entry_order, entry in enumerate(data.get("calendar", [])):
            _upsert(
                CalendarEntry,
                section=section,
                order=entry_order,
                defaults={
                    "text": entry["text"],
                    "date": _date(entry["date"]),
                    "date_end": _date(entry.get("date_end")),
                    "date_precision": entry["precision"],
                },
            )
    _upsert(
        Annex,
        minutes=minutes,
        order=0,
        defaults={
            "title": ref.ANNEX["title"],
            "body": ref.ANNEX["body"],
            "caption": ref.ANNEX["caption"],
            "include_pdin_history": True,
        },
    )
    return minutes


def _load_accounts(people: dict[str, Member]) -> list[tuple[str, str, bool]]:
    accounts = []
    for account in ref.DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account["email"]).first()
        if user is None:
            user = User(email=account["email"])
        user.is_staff = account["staff"]
        # The demo chargé de mission manages everything through the admin until staff
        # pages and groups land (members and accounts issue).
        user.is_superuser = account["staff"]
        user.is_active = True
        if not user.check_password(account["password"]):
            user.set_password(account["password"])
        user.save()
        member = people[account["person"]]
        if member.user_id != user.pk:
            member.user = user
            member.save(update_fields=["user"])
        accounts.append((account["email"], account["password"], account["staff"]))
    return accounts
