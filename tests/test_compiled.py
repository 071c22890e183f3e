"""Queries compiled once per process (cln_portal/compiled.py): the same rows as the queryset
they stand for, for every value; related records loaded as Django loads them; the check of
the tests catches a builder that freezes a value it reads itself."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cln_portal.compiled import CompiledQuery, CompiledQueryMismatch
from members.models import User
from sessions.models import Meeting, Minutes, MinutesStatus
from tests.members.factories import MeetingFactory, MemberFactory, MinutesFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_run_gets_the_rows_of_its_own_values_with_related_records_loaded(django_assert_num_queries):
    first, second = MemberFactory(), MemberFactory()
    account_only = UserFactory()
    query = CompiledQuery(lambda pk: User.objects.select_related("member").filter(pk=pk), pk=int)

    for member in (first, second, first):
        with django_assert_num_queries(1):
            (user,) = query.list(pk=member.user_id)
            assert user.member.last_name == member.last_name  # no second query
    (user,) = query.list(pk=account_only.pk)
    assert not hasattr(user, "member")
    assert query.list(pk=123_456_789) == []


def test_built_and_compiled_once_per_shape(settings):
    settings.COMPILED_QUERIES_CHECK = False  # the check builds afresh on purpose
    built = []

    def build(status, pk):
        built.append(status)
        return Minutes.objects.filter(status=status, pk=pk)

    query = CompiledQuery(build, pk=int)
    published = MinutesFactory(status=MinutesStatus.PUBLISHED)
    draft = MinutesFactory(status=MinutesStatus.DRAFT)

    assert query.list(status=MinutesStatus.PUBLISHED, pk=published.pk) == [published]
    assert query.list(status=MinutesStatus.PUBLISHED, pk=draft.pk) == []
    assert query.list(status=MinutesStatus.DRAFT, pk=draft.pk) == [draft]
    assert query.list(status=MinutesStatus.DRAFT, pk=published.pk) == []
    assert built == [MinutesStatus.PUBLISHED, MinutesStatus.DRAFT]


def test_a_value_used_twice_and_date_and_datetime_slots():
    early = MeetingFactory(starts_at=datetime.datetime(2025, 3, 1, 17, tzinfo=datetime.UTC))
    late = MeetingFactory(starts_at=datetime.datetime(2025, 9, 1, 17, tzinfo=datetime.UTC))
    MinutesFactory(meeting=early, issued_on=datetime.date(2025, 3, 5))
    MinutesFactory(meeting=late, issued_on=datetime.date(2025, 9, 5))
    query = CompiledQuery(
        lambda after, issued_after: (
            Minutes.objects.filter(
                meeting__starts_at__gte=after, issued_on__gte=issued_after, meeting__ends_at__isnull=True
            )
            .exclude(meeting__starts_at=after)
            .order_by("issued_on")
        ),
        after=datetime.datetime,
        issued_after=datetime.date,
    )
    june = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    assert [m.meeting for m in query.list(after=june, issued_after=datetime.date(2025, 1, 1))] == [late]
    january = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    assert [m.meeting for m in query.list(after=january, issued_after=datetime.date(2025, 1, 1))] == [
        early,
        late,
    ]
    assert query.list(after=january, issued_after=datetime.date(2025, 12, 1)) == []


def test_prefetches_still_run():
    member = MemberFactory()
    query = CompiledQuery(
        lambda pk: User.objects.filter(pk=pk).prefetch_related("groups").select_related("member"), pk=int
    )
    with CaptureQueriesContext(connection) as queries:
        (user,) = query.list(pk=member.user_id)
        assert list(user.groups.all()) == []
    assert len(queries) == 2  # the account, then its groups: nothing more when they are read


def test_a_builder_that_reads_the_time_itself_is_caught():
    MeetingFactory(starts_at=datetime.datetime(2025, 11, 28, 17, tzinfo=datetime.UTC))
    frozen = CompiledQuery(
        lambda pk: Meeting.objects.filter(pk__gte=pk, starts_at__lte=timezone.now()), pk=int
    )
    with pytest.raises(CompiledQueryMismatch, match="does not match"):
        frozen.list(pk=0)
        frozen.list(pk=0)  # the time read by the builder has moved since it was kept
    slotted = CompiledQuery(
        lambda pk, now: Meeting.objects.filter(pk__gte=pk, starts_at__lte=now), pk=int, now=datetime.datetime
    )
    assert len(slotted.list(pk=0, now=timezone.now())) == 1
    assert slotted.list(pk=0, now=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)) == []


def test_only_plain_values_are_slots():
    with pytest.raises(TypeError, match="a slot is"):
        CompiledQuery(lambda emails: User.objects.filter(email__in=emails), emails=list)


def test_text_slots_and_a_lookup_that_changes_the_value_is_caught():
    first, second = UserFactory(), UserFactory()
    exact = CompiledQuery(lambda email: User.objects.filter(email=email), email=str)
    assert exact.list(email=first.email) == [first]
    assert exact.list(email=second.email) == [second]
    assert exact.list(email="personne@example.org' OR 1=1 --") == []
    contains = CompiledQuery(lambda part: User.objects.filter(email__contains=part), part=str)
    with pytest.raises(CompiledQueryMismatch):
        contains.list(part="example")


def test_columns_are_converted_as_django_converts_them():
    minutes = MinutesFactory(acknowledged_warnings=["annexes", "quorum"])
    query = CompiledQuery(lambda pk: Minutes.objects.filter(pk=pk), pk=int)
    for _ in range(2):
        (read,) = query.list(pk=minutes.pk)
        assert read.acknowledged_warnings == ["annexes", "quorum"]
        assert read.issued_on == datetime.date(2025, 12, 2)
    values = CompiledQuery(
        lambda pk: Minutes.objects.filter(pk=pk).values_list("acknowledged_warnings"), pk=int
    )
    assert values.list(pk=minutes.pk) == [(["annexes", "quorum"],)]


def test_a_slot_on_a_small_integer_column_is_kept_too(settings):
    settings.COMPILED_QUERIES_CHECK = False
    built = []

    def build(version):
        built.append(version)
        return Minutes.objects.filter(version=version)  # a positive smallint: no negative stand-in fits

    first, second = MinutesFactory(version=1), MinutesFactory(version=2)
    query = CompiledQuery(build, version=int)
    assert query.list(version=1) == [first]
    assert query.list(version=2) == [second]
    assert len(built) == 2  # the first stand-in was refused by the column's range, the second kept
