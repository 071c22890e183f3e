"""Search for members: questions and answers, proposals and published minutes, by words.

On PostgreSQL: full-text search with the ``french_unaccent`` configuration (French
stemming with accents folded, created by migration 0003), so "numerique" finds
"numérique" and "budget" finds "budgets"; the query is read like a web search engine's
(``websearch_to_tsquery``: "quoted phrase", ``-word``, ``or``). On SQLite (``make run``):
every word must appear in one of the searched fields, case and accents folded on both
sides by the ``unaccent`` SQL function that ``cln_portal.text.register_sqlite_unaccent`` adds to each
SQLite connection (no stemming; quotes are ignored, so a quoted phrase finds texts with
all its words). On both, a keyboard apostrophe (') and a typographic one (’) are the same.
Draft minutes never appear; archived axes only for staff.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Lower, Replace
from django.db.models.lookups import Contains

from cln_portal.text import APOSTROPHES, fold
from sessions.models import Minutes, MinutesSection, MinutesStatus
from workstreams.models import Proposal, Question
from workstreams.selectors import workstreams_visible_to

SEARCH_CONFIG = "french_unaccent"
# The longest query taken into account, and the most results of each kind shown.
MAX_QUERY_LENGTH = 200
MAX_RESULTS = 50


@dataclass
class SearchResults:
    query: str
    questions: list[Question] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    minutes: list[Minutes] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.questions) + len(self.proposals) + len(self.minutes)


# Quotation marks, dropped from the fallback's words.
QUOTES = str.maketrans({'"': " ", "\u00ab": " ", "\u00bb": " ", "\u201c": " ", "\u201d": " "})


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _full_text(queryset: QuerySet, fields: list[str], query: SearchQuery) -> QuerySet:
    vector = SearchVector(*fields, config=SEARCH_CONFIG)
    return queryset.annotate(search=vector).filter(search=query)


def _folded(name: str) -> Func:
    """The SQL for ``name`` folded like ``fold``. On SQLite ``unaccent`` does it all; the
    ``Lower``/``Replace`` around it make PostgreSQL's ``unaccent`` (accents only) agree."""
    text = TextField()
    return Replace(
        Lower(Func(F(name), function="unaccent", output_field=text)),
        Value("\u2019", output_field=text),
        Value("'", output_field=text),
        output_field=text,
    )


def _fallback_words(text: str) -> list[str]:
    """The words of a query for the fallback: folded, quotation marks (" « ») dropped."""
    return fold(text).translate(QUOTES).split()


def _words_match(fields: list[str], words: list[str]) -> Q:
    """Every word (already folded) in at least one field, accents and case folded (the SQLite fallback)."""
    return reduce(
        and_, (reduce(or_, (Q(Contains(_folded(name), word)) for name in fields)) for word in words)
    )


def search(*, user, text: str) -> SearchResults:
    """Search what ``user`` may read for ``text``; four queries at most.

    Questions match on their text and answer, proposals on their text, minutes on their
    title, headline, opening and section titles and bodies. Only published minutes are
    searched, whoever asks. Returns empty results for an anonymous user or empty text.
    """
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    results = SearchResults(query=text)
    if not text or not user.is_authenticated:
        return results
    axes = workstreams_visible_to(user=user)
    questions = (
        Question.objects.visible_to(user).filter(workstream__in=axes).select_related("workstream", "theme")
    )
    proposals = Proposal.objects.filter(workstream__in=axes).select_related("workstream", "member")
    minutes = Minutes.objects.filter(status=MinutesStatus.PUBLISHED).select_related("meeting")
    sections = MinutesSection.objects.filter(minutes=OuterRef("pk"))
    if _uses_postgres():
        query = SearchQuery(text.translate(APOSTROPHES), config=SEARCH_CONFIG, search_type="websearch")
        questions = _full_text(questions, ["text", "answer"], query)
        questions = questions.annotate(
            rank=SearchRank(SearchVector("text", "answer", config=SEARCH_CONFIG), query)
        ).order_by("-rank", "workstream__order", "order", "pk")
        proposals = _full_text(proposals, ["text"], query).order_by("workstream__order", "order", "pk")
        matching_sections = sections.annotate(
            search=SearchVector("title", "body", config=SEARCH_CONFIG)
        ).filter(search=query)
        minutes = minutes.annotate(
            search=SearchVector("title", "headline", "opening", "workstreams_intro", config=SEARCH_CONFIG)
        ).filter(Q(search=query) | Exists(matching_sections))
    else:
        words = _fallback_words(text)
        if not words:
            return results
        questions = questions.filter(_words_match(["text", "answer"], words)).order_by(
            "workstream__order", "order", "pk"
        )
        proposals = proposals.filter(_words_match(["text"], words)).order_by(
            "workstream__order", "order", "pk"
        )
        matching_sections = sections.filter(_words_match(["title", "body"], words))
        minutes = minutes.filter(
            _words_match(["title", "headline", "opening", "workstreams_intro"], words)
            | Exists(matching_sections)
        )
    results.questions = list(questions[:MAX_RESULTS])
    results.proposals = list(proposals[:MAX_RESULTS])
    results.minutes = list(minutes.order_by("-meeting__starts_at", "-version")[:MAX_RESULTS])
    return results
