"""Reads of the public programme: programme, edition, venue and series pages, staff lists, open data."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cln_portal.compiled import CompiledQuery
from cln_portal.dates import last_day_covered

from .models import (
    HOLDS_PLACE,
    Contributor,
    ContributorKind,
    Edition,
    EventSeries,
    Proposal,
    ProposalPublication,
    ProposalStatus,
    ProposalSupport,
    Registration,
    RegistrationStatus,
    Resource,
    Sequence,
    SequenceKind,
    Venue,
)


@dataclass(frozen=True)
class ThemeChoice:
    """A theme offered by the programme's filter: its slug (the query's value) and name."""

    slug: str
    name: str


@dataclass
class Programme:
    """The public programme: the next edition (if any), then the others grouped by year.

    ``years`` is a list of ``(year, [editions])``, newest year first and newest edition
    first within a year; editions without a date come last under ``year`` None.
    ``themes`` (``ThemeChoice``, by name) and ``neighbourhoods`` are the filter's choices
    (from every edition, whatever the filter); ``theme`` and ``neighbourhood`` the filter
    applied ("" for none).
    """

    coming: Edition | None = None
    years: list[tuple[int | None, list[Edition]]] = field(default_factory=list)
    themes: list[ThemeChoice] = field(default_factory=list)
    neighbourhoods: list[str] = field(default_factory=list)
    theme: str = ""
    neighbourhood: str = ""
    page: int = 1
    pages: int = 1

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def is_empty(self) -> bool:
        return self.coming is None and not self.years

    @property
    def is_filtered(self) -> bool:
        return bool(self.theme or self.neighbourhood)


def _edition_queryset() -> QuerySet[Edition]:
    """Editions with series, venue and theme, and ``held`` = places held (confirmed or offered)."""
    return Edition.objects.select_related("series", "venue", "theme").annotate(
        held=Count("registrations", filter=Q(registrations__status__in=HOLDS_PLACE))
    )


def places_left(edition: Edition) -> int | None:
    """Free places of an edition from ``_edition_queryset`` (None without capacity)."""
    if not edition.capacity:
        return None
    return max(0, edition.capacity - getattr(edition, "held", 0))


def edition_is_past(edition: Edition, *, today: datetime.date) -> bool:
    """Whether the edition's last day (the month's last day for a month-only date) is over."""
    last_day = edition.date_last_day
    return last_day is not None and last_day < today


# Editions listed per page of the programme (besides the coming one).
PROGRAMME_PAGE_SIZE = 12
# Fields of an edition and its relations the programme never shows.
PROGRAMME_DEFERRED = (
    "description",
    "created_at",
    "updated_at",
    "venue__accessibility",
    "venue__public_transport",
    "series__description",
)


@dataclass(frozen=True)
class _ProgrammeRow:
    """What the programme needs of every edition to choose the ones it shows."""

    pk: int
    number: int
    date: datetime.date | None
    last_day: datetime.date | None
    theme: ThemeChoice | None
    neighbourhood: str


# The programme's queries, compiled once per process (cln_portal/compiled.py). The cards' query
# has one shape per number of editions shown (at most a page and the coming one).
_PROGRAMME_ROWS = CompiledQuery(
    lambda by_series, series_id: (
        (Edition.objects.filter(series_id=series_id) if by_series else Edition.objects.all())
        .order_by("-date", "-number")
        .values_list(
            "pk",
            "number",
            "date",
            "date_end",
            "date_precision",
            "theme__slug",
            "theme__name",
            "venue__neighbourhood",
        )
    ),
    series_id=int,
)
_PROGRAMME_CARDS = CompiledQuery(
    lambda count, **pks: (
        _edition_queryset().filter(pk__in=[pks[f"pk{i}"] for i in range(count)]).defer(*PROGRAMME_DEFERRED)
    ),
    **{f"pk{i}": int for i in range(PROGRAMME_PAGE_SIZE + 1)},
)
_SERIES = CompiledQuery(lambda: EventSeries.objects.all())


def programme_get(
    *,
    today: datetime.date | None = None,
    series: EventSeries | None = None,
    theme: str = "",
    neighbourhood: str = "",
    page: int = 1,
) -> Programme:
    """The programme of every edition (of ``series`` when given), in two queries.

    The coming edition is the nearest one whose date is not over (``today`` defaults to
    the current date in Europe/Paris); it is taken out of the yearly list so it shows once.
    ``theme`` is a theme slug and ``neighbourhood`` a venue's neighbourhood; unknown values
    match nothing. The other editions are listed ``PROGRAMME_PAGE_SIZE`` at a time, newest
    first (``page`` from 1; out of range: the last page).

    The first query reads a few columns of every edition (tuples, no model instance): the
    filter's choices, the filtering, the coming edition and the page are worked out from
    them. The second reads the cards of the editions shown, at most
    ``PROGRAMME_PAGE_SIZE`` + 1: the page costs the same with 12 editions or 120 (issue 17).
    """
    today = today or timezone.localdate()
    rows = [
        _ProgrammeRow(
            pk=pk,
            number=number,
            date=date,
            last_day=last_day_covered(date, date_end, precision),
            theme=ThemeChoice(slug=theme_slug, name=theme_name) if theme_slug is not None else None,
            neighbourhood=venue_neighbourhood or "",
        )
        for pk, number, date, date_end, precision, theme_slug, theme_name, venue_neighbourhood in (
            _PROGRAMME_ROWS.list(by_series=series is not None, series_id=series.pk if series else 0)
        )
    ]
    themes = sorted({row.theme for row in rows if row.theme}, key=lambda t: (t.name, t.slug))
    neighbourhoods = sorted({row.neighbourhood for row in rows if row.neighbourhood})
    if theme:
        rows = [row for row in rows if row.theme and row.theme.slug == theme]
    if neighbourhood:
        rows = [row for row in rows if row.neighbourhood == neighbourhood]

    upcoming = [row for row in rows if row.date is not None and not row.last_day < today]
    coming = min(upcoming, key=lambda row: (row.date, row.number)) if upcoming else None
    listed = [row for row in rows if row is not coming]
    # Dated editions are already newest first; undated ones go to the end.
    listed.sort(key=lambda row: row.date is None)
    pages = max(1, -(-len(listed) // PROGRAMME_PAGE_SIZE))
    page = min(max(page, 1), pages)
    listed = listed[(page - 1) * PROGRAMME_PAGE_SIZE : page * PROGRAMME_PAGE_SIZE]

    shown = [row.pk for row in listed] + ([coming.pk] if coming else [])
    cards = (
        {
            edition.pk: edition
            for edition in _PROGRAMME_CARDS.list(
                count=len(shown), **{f"pk{i}": pk for i, pk in enumerate(shown)}
            )
        }
        if shown
        else {}
    )
    coming_edition = cards.get(coming.pk) if coming else None
    if coming_edition is not None:
        coming_edition.places_left = places_left(coming_edition)
    editions = [cards[row.pk] for row in listed if row.pk in cards]
    years = [
        (year, list(group))
        for year, group in groupby(editions, key=lambda e: e.date.year if e.date else None)
    ]
    return Programme(
        coming=coming_edition,
        years=years,
        themes=themes,
        neighbourhoods=neighbourhoods,
        theme=theme,
        neighbourhood=neighbourhood,
        page=page,
        pages=pages,
    )


def series_list() -> list[EventSeries]:
    """Every event series (PDIN, Cafés IA), for the programme's links."""
    return _SERIES.list()


def series_get(*, slug: str) -> EventSeries:
    return get_object_or_404(EventSeries, slug=slug)


def edition_get(*, series_slug: str, number: int) -> Edition:
    """One edition by its series and number, with its series and venue; 404 when unknown."""
    return get_object_or_404(_edition_queryset(), series__slug=series_slug, number=number)


# The edition page's queries, compiled once per process (cln_portal/compiled.py): building and
# compiling them was most of the page's CPU (issue 17).
_EDITION_PAGE = CompiledQuery(
    lambda series_slug, number: Edition.objects.select_related("series", "venue", "theme").filter(
        series__slug=series_slug, number=number
    )[:1],
    series_slug=str,
    number=int,
)
_EDITION_SEQUENCES = CompiledQuery(
    lambda edition_id: Sequence.objects.filter(edition_id=edition_id).order_by("order", "pk"), edition_id=int
)
_EDITION_CONTRIBUTORS = CompiledQuery(
    lambda edition_id: Contributor.objects.filter(edition_id=edition_id).order_by("kind", "order", "pk"),
    edition_id=int,
)
_EDITION_RESOURCES = CompiledQuery(
    lambda edition_id: Resource.objects.filter(edition_id=edition_id), edition_id=int
)
_EDITION_COUNTS = CompiledQuery(
    lambda edition_id: (
        Registration.objects.filter(edition_id=edition_id)
        .order_by()
        .values_list("status", "attended")
        .annotate(count=Count("pk"))
    ),
    edition_id=int,
)


def edition_page_get(*, series_slug: str, number: int) -> Edition:
    """An edition for its public page, with its programme, speakers, partners and resources.

    Adds ``plenary`` and ``interactive`` (sequences), ``speakers`` and ``partners`` lists,
    ``resource_list``, ``held`` and ``places_left``, and ``attended_count`` /
    ``confirmed_count`` (registrations marked present, registrations confirmed: what a past
    edition shows when no participants count was recorded). Five queries; 404 when unknown.

    The counts come from one query of registrations grouped by status and presence, not
    from annotations on the edition: those group by every column of the edition, its
    series, venue and theme, and building that query was a third of the page's CPU.
    """
    found = _EDITION_PAGE.list(series_slug=series_slug, number=number)
    if not found:
        raise Http404
    edition = found[0]
    edition.held = edition.attended_count = edition.confirmed_count = 0
    for status, attended, count in _EDITION_COUNTS.list(edition_id=edition.pk):
        if status in HOLDS_PLACE:
            edition.held += count
        if status == RegistrationStatus.CONFIRMED:
            edition.confirmed_count += count
        if attended:
            edition.attended_count += count
    sequences = _EDITION_SEQUENCES.list(edition_id=edition.pk)
    edition.plenary = [s for s in sequences if s.kind == SequenceKind.PLENARY]
    edition.interactive = [s for s in sequences if s.kind == SequenceKind.INTERACTIVE]
    contributors = _EDITION_CONTRIBUTORS.list(edition_id=edition.pk)
    edition.speakers = [c for c in contributors if c.kind == ContributorKind.SPEAKER]
    edition.partners = [c for c in contributors if c.kind == ContributorKind.PARTNER]
    edition.resource_list = _EDITION_RESOURCES.list(edition_id=edition.pk)
    edition.places_left = places_left(edition)
    return edition


# The venue page's queries, compiled once per process (cln_portal/compiled.py): its editions with
# the venue, in one query; the venue alone only when it has no edition.
_VENUE = CompiledQuery(lambda slug: Venue.objects.filter(slug=slug)[:1], slug=str)
_VENUE_EDITIONS = CompiledQuery(
    lambda slug: (
        Edition.objects.filter(venue__slug=slug)
        .select_related("venue", "series", "theme")
        .defer("description", "created_at", "updated_at", "series__description")
        .order_by("-date", "-number")
    ),
    slug=str,
)


def venue_page_get(
    *, slug: str, today: datetime.date | None = None
) -> tuple[Venue, list[Edition], list[Edition]]:
    """A venue, its coming editions (soonest first) and its past ones (newest first).

    An edition is past once its last day is over (``edition_is_past``; ``today`` defaults
    to the current date in Europe/Paris); an undated one counts as coming. One query when
    the venue has editions (with the venue, their series and theme, which the cards
    print), two when it has none. Raises ``Http404`` for an unknown slug.
    """
    today = today or timezone.localdate()
    editions = _VENUE_EDITIONS.list(slug=slug)
    if editions:
        venue = editions[0].venue
    else:
        found = _VENUE.list(slug=slug)
        if not found:
            raise Http404
        venue = found[0]
    for edition in editions:
        edition.venue = venue  # one instance for every card
    past = [edition for edition in editions if edition_is_past(edition, today=today)]
    coming = [edition for edition in reversed(editions) if not edition_is_past(edition, today=today)]
    return venue, coming, past


def registrations_for_staff(*, edition: Edition) -> list[Registration]:
    """Every registration of an edition, confirmed first then the waiting list in order (staff)."""
    order = {
        RegistrationStatus.CONFIRMED: 0,
        RegistrationStatus.OFFERED: 1,
        RegistrationStatus.WAITING: 2,
        RegistrationStatus.EXPIRED: 3,
        RegistrationStatus.CANCELLED: 4,
    }
    registrations = list(Registration.objects.filter(edition=edition).order_by("created_at", "pk"))
    registrations.sort(key=lambda r: order.get(r.status, 9))
    return registrations


def registration_counts(*, edition: Edition) -> dict[str, int]:
    """Registrations by status, and ``attended`` (one query); kept true after the data are purged."""
    counts = Registration.objects.filter(edition=edition).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in RegistrationStatus.values},
        attended=Count("pk", filter=Q(attended=True)),
    )
    return counts


def proposals_ranked(*, user, series: EventSeries | None = None) -> list[Proposal]:
    """Proposals, open first, most supported first; with ``support_count`` and ``supported``
    (whether ``user`` supports it) and ``is_own``. One query."""
    queryset = (
        Proposal.objects.select_related("series", "author__member")
        .annotate(
            support_count=Count("supports"),
            supported=Exists(ProposalSupport.objects.filter(proposal=OuterRef("pk"), user=user)),
        )
        .order_by("-support_count", "created_at", "pk")
    )
    if series is not None:
        queryset = queryset.filter(series=series)
    # Residents' proposals reach members once staff published them (they may be spam).
    queryset = queryset.filter(Q(from_public_form=False) | Q(publication=ProposalPublication.PUBLISHED))
    proposals = list(queryset)
    proposals.sort(key=lambda p: p.status != ProposalStatus.OPEN)
    for proposal in proposals:
        proposal.is_own = proposal.author_id == user.pk
    return proposals


def proposals_public() -> list[Proposal]:
    """The proposals staff published, open ones first, most supported first (members' and
    visitors' supports together), each with ``support_count``. One query.

    Pending and refused proposals never appear; who proposes is read through
    ``Proposal.public_author`` (a name only with consent).
    """
    proposals = list(
        Proposal.objects.filter(publication=ProposalPublication.PUBLISHED)
        .select_related("series", "author__member")
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "created_at", "pk")
    )
    proposals.sort(key=lambda p: p.status != ProposalStatus.OPEN)
    return proposals


def proposal_public_get(*, pk: int) -> Proposal:
    """One published proposal with its support count; 404 for any other (pending, refused, unknown)."""
    return get_object_or_404(
        Proposal.objects.filter(publication=ProposalPublication.PUBLISHED)
        .select_related("series")
        .annotate(support_count=Count("supports")),
        pk=pk,
    )


def proposals_for_moderation() -> dict[str, list[Proposal]]:
    """Every proposal by publication state for staff (``pending``, ``published``, ``refused``),
    oldest pending first, with ``support_count``, author and moderator. One query."""
    groups: dict[str, list[Proposal]] = {value: [] for value in ProposalPublication.values}
    queryset = (
        Proposal.objects.select_related("series", "author__member", "moderated_by")
        .annotate(support_count=Count("supports"))
        .order_by("created_at", "pk")
    )
    for proposal in queryset:
        groups[proposal.publication].append(proposal)
    groups[ProposalPublication.PUBLISHED].reverse()
    groups[ProposalPublication.REFUSED].reverse()
    return groups


def open_data_editions() -> list[Edition]:
    """Every real edition (demonstration ones left out), by series and number, for open data."""
    return list(
        Edition.objects.filter(is_demo=False)
        .select_related("series", "venue", "theme")
        .order_by("series__pk", "number")
    )


def coming_editions(*, series: EventSeries, today: datetime.date | None = None) -> list[Edition]:
    """The editions of ``series`` whose last day is not over, soonest first (the calendar feed)."""
    today = today or timezone.localdate()
    editions = Edition.objects.filter(series=series, date__isnull=False).select_related("series", "venue")
    return sorted(
        (e for e in editions if not edition_is_past(e, today=today)),
        key=lambda e: (e.date, e.number),
    )


# --- Staff --------------------------------------------------------------------------------


def _with_registration_counts(queryset: QuerySet[Edition]) -> QuerySet[Edition]:
    """Annotate ``held`` (confirmed or offered), ``n_confirmed``, ``n_offered`` and ``n_waiting``."""
    status = "registrations__status"
    return queryset.select_related("series", "venue", "theme").annotate(
        held=Count("registrations", filter=Q(**{f"{status}__in": HOLDS_PLACE})),
        n_confirmed=Count("registrations", filter=Q(**{status: RegistrationStatus.CONFIRMED})),
        n_offered=Count("registrations", filter=Q(**{status: RegistrationStatus.OFFERED})),
        n_waiting=Count("registrations", filter=Q(**{status: RegistrationStatus.WAITING})),
    )


def editions_for_staff() -> list[Edition]:
    """Every edition, newest first (undated last), with its registration counts and
    ``places_left`` (one query)."""
    editions = list(_with_registration_counts(Edition.objects.all()).order_by("-date", "-number"))
    editions.sort(key=lambda e: e.date is None)
    for edition in editions:
        edition.places_left = places_left(edition)
    return editions


def coming_editions_for_staff(*, today: datetime.date | None = None) -> list[Edition]:
    """Editions whose last day is not over, soonest first, with registration counts and
    ``places_left`` (one query): what the staff home lists."""
    today = today or timezone.localdate()
    # A month-only edition is dated by its 1st: keep the month's editions, sort out in Python.
    first_of_month = today.replace(day=1)
    editions = _with_registration_counts(Edition.objects.filter(date__gte=first_of_month))
    coming = sorted(
        (e for e in editions if not edition_is_past(e, today=today)), key=lambda e: (e.date, e.number)
    )
    for edition in coming:
        edition.places_left = places_left(edition)
    return coming


def venues_for_staff() -> QuerySet[Venue]:
    """Every venue by name, with ``edition_count`` (one query)."""
    return Venue.objects.annotate(edition_count=Count("editions")).order_by("name")


def registration_for_staff(*, edition: Edition, pk: int) -> Registration:
    """One registration of ``edition``; 404 when it belongs to another edition or does not exist."""
    return get_object_or_404(Registration, edition=edition, pk=pk)


def registration_waiting_position(registration: Registration) -> int:
    """A waiting person's rank on the waiting list (1 = next to be offered a place).

    The list is ordered by ``created_at`` then ``pk``; only waiting registrations count. One query.
    """
    return (
        Registration.objects.filter(edition_id=registration.edition_id, status=RegistrationStatus.WAITING)
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lte=registration.pk)
        )
        .count()
    )
