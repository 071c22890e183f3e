"""``|crispy_blank`` (cln_portal/templatetags/blank_forms.py): an empty form's crispy HTML kept
per process, never for a filled-in form, never across languages or other choices."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.utils import translation

from cln_portal.templatetags import blank_forms
from cln_portal.templatetags.blank_forms import crispy_blank
from workstreams.forms import ProposalForm, QuestionAskForm

pytestmark = pytest.mark.django_db


class _Theme:
    def __init__(self, pk: int, title: str):
        self.pk, self.title = pk, title


@pytest.fixture(autouse=True)
def empty():
    blank_forms._KEPT.clear()
    yield
    blank_forms._KEPT.clear()


def test_a_blank_form_renders_as_crispy_does_and_is_kept():
    form = QuestionAskForm(themes=[_Theme(1, "Accès aux droits")])

    first = crispy_blank(form)

    assert first == as_crispy_form(QuestionAskForm(themes=[_Theme(1, "Accès aux droits")]))
    assert "Accès aux droits" in first
    assert crispy_blank(QuestionAskForm(themes=[_Theme(1, "Accès aux droits")])) is first


def test_other_choices_give_other_html():
    crispy_blank(QuestionAskForm(themes=[_Theme(1, "Accès aux droits")]))

    other = crispy_blank(QuestionAskForm(themes=[_Theme(2, "Numérique responsable")]))

    assert "Numérique responsable" in other
    assert "Accès aux droits" not in other


def test_a_filled_in_form_shows_its_own_text_and_errors():
    crispy_blank(ProposalForm())

    refused = ProposalForm({"text": ""})
    refused.is_valid()
    kept_text = ProposalForm({"text": "Des ateliers le samedi"})
    kept_text.is_valid()

    assert "is-invalid" in crispy_blank(refused)
    assert "Des ateliers le samedi" in crispy_blank(kept_text)
    assert "Des ateliers le samedi" not in crispy_blank(ProposalForm())


def test_each_language_has_its_own_copy():
    with translation.override("fr"):
        french = crispy_blank(ProposalForm())
    with translation.override("en"):
        english = crispy_blank(ProposalForm())

    assert "Votre proposition" in french
    assert "Votre proposition" not in english
