"""Property-based: random and hostile values posted to every form the crawl finds, as each role.

Whatever is posted, the portal answers with a page (a clear error, a redirect), never a
500: the test client re-raises any exception a view lets through. Each example runs in a
savepoint rolled back afterwards, so examples do not pile up state; 20 examples per form,
one form per view posted to (the same view behind six "join" buttons is tested once).
Random on a developer's machine, the same examples every run in CI (the "ci" Hypothesis
profile of tests/conftest.py, loaded when CI is set; the run's header names the profile).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from .crawler import ROLES, Form, login
from .hostile import PAYLOADS

pytestmark = pytest.mark.django_db

EXAMPLES_PER_FORM = 20

# Text a person could type, plus what people and robots send on purpose.
_hostile_text = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.sampled_from(
        [
            *PAYLOADS,
            "",
            " ",
            "\x00",
            "a\x00b",
            "9" * 40,
            "-1",
            "0",
            "1e309",
            "NaN",
            "2025-02-30",
            "31/12/9999",
            "0000-00-00",
            "'; DROP TABLE members_member; --",
            "%s%s%n",
            "{{ 7*7 }}",
            "../../etc/passwd",
            "x" * 5000,
            "é" * 300,
            "\u202e\u200b\ufeff",
            "https://evil.example/",
            "//evil.example/",
            "javascript:alert(1)",
            "mailto:a@example.org",
            "@",
            "a@b",
            "anais.garnier@example.org",
        ]
    ),
)


def _field_values(control) -> st.SearchStrategy:
    if control.kind in ("checkbox", "radio"):
        return st.one_of(st.just(None), st.just(control.value or "on"), _hostile_text)
    if control.kind == "select" and control.options:
        return st.one_of(st.sampled_from(control.options), _hostile_text, st.lists(_hostile_text, max_size=3))
    if control.kind in ("submit", "button"):
        return st.one_of(st.just(control.value), st.just(None))
    return st.one_of(st.just(control.value), _hostile_text, st.lists(_hostile_text, max_size=3))


def _form_data(form: Form) -> st.SearchStrategy:
    names = {c.name: c for c in form.fields if c.kind not in ("file", "image", "reset")}
    return st.fixed_dictionaries({name: _field_values(control) for name, control in names.items()}).map(
        lambda data: {name: value for name, value in data.items() if value is not None}
    )


@pytest.mark.parametrize("role", ROLES)
def test_no_form_answers_500_to_random_or_hostile_values(crawl_as, role):
    client, result = crawl_as(role)
    forms = result.forms_per_view()
    assert forms or role == "public", "the crawl found no form to test"

    for form in forms:
        _never_a_500(client, role, form)()


def _never_a_500(client, role: str, form: Form):
    """A Hypothesis test posting ``EXAMPLES_PER_FORM`` generated bodies to ``form``."""

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        # No shrinking: a failing form is reported with the values that broke it, without
        # minutes spent searching for a smaller example.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=_form_data(form))
    def post(data):
        with transaction.atomic():
            response = client.post(form.action, data)
            assert response.status_code < 500, (form.action, data, response.status_code)
            transaction.set_rollback(True)
        # A form that logs out or switches the account must not change the next example.
        login(client, role)

    # Always tried, before the random ones: every field at once too big for a PostgreSQL
    # integer, a NUL byte (refused by PostgreSQL text), far too long, every payload.
    defaults = form.defaults()
    for value in ("9" * 40, "2200000000", "\x00", "x" * 5000, " ".join(PAYLOADS)):
        post = example(data={**defaults, **{c.name: value for c in form.fields if _typed(c)}})(post)
    return post


def _typed(control) -> bool:
    return control.is_text or control.kind in ("hidden", "textarea") and control.name != "csrfmiddlewaretoken"
