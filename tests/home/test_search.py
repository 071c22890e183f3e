"""Search: French stemming and accent folding on PostgreSQL, a plain fallback elsewhere."""

import datetime

import pytest
from django.urls import reverse

from home import search as search_module
from home.search import search
from sessions.models import MinutesStatus
from workstreams.models import QuestionStatus, WorkstreamStatus

from ..meetings.factories import MinutesFactory, MinutesSectionFactory
from ..members.factories import CouncilFactory, MemberFactory
from ..workstreams.factories import ProposalFactory, QuestionFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    CouncilFactory()
    axis = WorkstreamFactory(title="Budget")
    data = {
        "numerique": QuestionFactory(workstream=axis, text="Qu’englobe le « numérique municipal » ?"),
        "budgets": QuestionFactory(
            workstream=axis,
            text="Comment se répartissent-ils ?",
            status=QuestionStatus.ANSWERED,
            answer="Les budgets de fonctionnement et d’investissement.",
            answered_by_service="DSI",
        ),
        "proposal": ProposalFactory(workstream=axis, text="Présenter le schéma directeur du numérique."),
        "archived": QuestionFactory(
            workstream=WorkstreamFactory(status=WorkstreamStatus.ARCHIVED), text="Un budget archivé ?"
        ),
    }
    published = MinutesFactory(title="Séance de novembre", status=MinutesStatus.PUBLISHED)
    MinutesSectionFactory(
        minutes=published, title="Inclusion", body="Les centres sociaux et l’accompagnement."
    )
    draft = MinutesFactory(title="Projet de compte-rendu", status=MinutesStatus.DRAFT)
    MinutesSectionFactory(minutes=draft, title="Secret", body="Les centres sociaux en projet confidentiel.")
    data["published"], data["draft"] = published, draft
    return data


def test_numerique_without_accent_finds_numerique_with_accent(member_user, corpus):
    results = search(user=member_user, text="numerique")
    assert corpus["numerique"] in results.questions
    assert corpus["proposal"] in results.proposals


def test_budget_finds_budgets_in_answers(member_user, corpus):
    results = search(user=member_user, text="budget")
    assert results.questions == [corpus["budgets"]]  # the archived axis stays hidden


def test_draft_minutes_never_appear_even_for_staff(member_user, staff_user, corpus):
    for user in (member_user, staff_user):
        assert search(user=user, text="centres sociaux").minutes == [corpus["published"]]
    assert search(user=staff_user, text="confidentiel").minutes == []


def test_staff_also_find_archived_axes(staff_user, corpus):
    assert corpus["archived"] in search(user=staff_user, text="budget").questions


def test_public_finds_nothing(corpus):
    from django.contrib.auth.models import AnonymousUser

    assert search(user=AnonymousUser(), text="budget").total == 0


def test_sqlite_fallback_matches_every_word(member_user, corpus, monkeypatch):
    monkeypatch.setattr(search_module, "_uses_postgres", lambda: False)
    results = search(user=member_user, text="numérique municipal")
    assert results.questions == [corpus["numerique"]]
    assert search(user=member_user, text="centres confidentiel").minutes == []


def test_search_page(client, member_user, corpus, django_assert_num_queries):
    client.force_login(member_user)
    # user with their member record (session from the cache), council, questions, proposals, minutes
    with django_assert_num_queries(5):
        response = client.get(reverse("home:search"), {"q": "numerique"})
    content = response.content.decode()
    assert "numérique municipal" in content
    assert "2 résultats" in content
    assert client.get(reverse("home:search")).status_code == 200


def test_search_page_needs_a_login_and_a_mandate(client, corpus):
    assert client.get(reverse("home:search"), {"q": "budget"}).status_code == 302
    former = MemberFactory(mandate_start=datetime.date(2020, 1, 1), mandate_end=datetime.date(2021, 1, 1))
    client.force_login(former.user)
    assert client.get(reverse("home:search"), {"q": "budget"}).status_code == 403


@pytest.fixture
def apostrophes_and_phrases():
    CouncilFactory()
    axis = WorkstreamFactory(title="Numérique")
    return {
        "ia": QuestionFactory(workstream=axis, text="Comment former les agents à l’IA générative ?"),
        "phrase": QuestionFactory(workstream=axis, text="Le budget municipal du numérique pour 2027."),
        "apart": QuestionFactory(workstream=axis, text="Le budget des écoles, voté en conseil municipal."),
        "other": QuestionFactory(workstream=axis, text="Où trouver un atelier près de chez moi ?"),
    }


def test_keyboard_apostrophe_finds_typographic_one(member_user, apostrophes_and_phrases):
    assert search(user=member_user, text="l'IA").questions == [apostrophes_and_phrases["ia"]]


def test_quoted_phrase_finds_the_phrase(member_user, apostrophes_and_phrases):
    from django.db import connection

    found = search(user=member_user, text='"budget municipal"').questions
    assert apostrophes_and_phrases["phrase"] in found
    if connection.vendor == "postgresql":  # websearch_to_tsquery: the words next to each other
        assert found == [apostrophes_and_phrases["phrase"]]


def test_fold_lowers_and_strips_accents_and_apostrophes():
    assert search_module.fold("Numérique À L’ÉCOLE, œuvre") == "numerique a l'ecole, oeuvre"
    assert search_module.fold(None) is None


def test_sqlite_connections_get_an_unaccent_function():
    from django.db.backends.sqlite3.base import DatabaseWrapper

    sqlite = DatabaseWrapper({**connection_settings(), "NAME": ":memory:"}, alias="search_sqlite")
    try:
        with sqlite.cursor() as cursor:
            cursor.execute("SELECT unaccent(%s), unaccent(NULL)", ["Numérique Ça l’IA"])
            assert cursor.fetchone() == ("numerique ca l'ia", None)
    finally:
        sqlite.close()


def connection_settings() -> dict:
    from django.db import connections

    return {**connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("numerique", ["phrase"]),  # what the QA reported: no accent, nothing found
        ("NUMÉRIQUE", ["phrase"]),
        ("generative", ["ia"]),
        ("l'IA", ["ia"]),
        ("l’ia generative", ["ia"]),
        ('"budget municipal"', ["phrase", "apart"]),  # every word, anywhere
        ("« budget municipal »", ["phrase", "apart"]),
        ('"', []),
    ],
)
def test_sqlite_fallback_folds_accents_case_and_apostrophes(
    member_user, apostrophes_and_phrases, monkeypatch, text, expected
):
    monkeypatch.setattr(search_module, "_uses_postgres", lambda: False)
    results = search(user=member_user, text=text)
    assert sorted(q.pk for q in results.questions) == sorted(apostrophes_and_phrases[k].pk for k in expected)
