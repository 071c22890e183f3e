"""The axis page's empty forms (workstreams.views._blank_form_html): crispy's HTML kept per
process, never for a filled-in form, never across languages or other themes."""

from types import SimpleNamespace

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.urls import reverse
from django.utils import translation

from workstreams.forms import ProposalForm, QuestionAskForm
from workstreams.views import _blank_form_html

from ..members.factories import CouncilFactory, MemberFactory
from .factories import QuestionThemeFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


def test_a_blank_form_renders_as_crispy_does_and_is_kept():
    first = _blank_form_html("ask", ((1, "Accès aux droits"),), "fr")

    with translation.override("fr"):
        expected = as_crispy_form(QuestionAskForm(themes=[SimpleNamespace(pk=1, title="Accès aux droits")]))
    assert first == expected
    assert "Accès aux droits" in first
    assert _blank_form_html("ask", ((1, "Accès aux droits"),), "fr") is first


def test_other_choices_give_other_html():
    _blank_form_html("ask", ((1, "Accès aux droits"),), "fr")

    other = _blank_form_html("ask", ((2, "Numérique responsable"),), "fr")

    assert "Numérique responsable" in other
    assert "Accès aux droits" not in other


def test_a_filled_in_form_shows_its_own_text_and_errors(client):
    CouncilFactory()
    workstream = WorkstreamFactory()
    QuestionThemeFactory(workstream=workstream)
    client.force_login(MemberFactory().user)
    client.get(workstream.get_absolute_url())  # the blank forms are kept

    refused = client.post(reverse("workstreams:make_proposal", args=[workstream.slug]), {"text": ""})
    kept_text = client.post(
        reverse("workstreams:ask_question", args=[workstream.slug]),
        {"theme": "999999", "text": "Des ateliers le samedi"},
    )

    assert "is-invalid" in refused.content.decode()
    assert "Des ateliers le samedi" in kept_text.content.decode()
    assert "is-invalid" in kept_text.content.decode()
    blank = client.get(workstream.get_absolute_url()).content.decode()
    assert "Des ateliers le samedi" not in blank
    assert "is-invalid" not in blank


def test_each_language_has_its_own_copy():
    french = _blank_form_html("proposal", (), "fr")
    english = _blank_form_html("proposal", (), "en")

    assert "Votre proposition" in french
    assert "Votre proposition" not in english
    with translation.override("fr"):
        assert french == as_crispy_form(ProposalForm())
