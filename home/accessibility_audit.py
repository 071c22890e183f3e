"""The accessibility audit behind the « Déclaration d’accessibilité » (RGAA 4.1, art. 47 of loi 2005-102).

The statement page (``home.views.accessibility``) and the footer's « Accessibilité : … » are
computed from this file, never typed: the 106 criteria of RGAA 4.1 with the status found,
the pages of the sample, the automated checks and the manual ones. ``tests/home/
test_accessibility_statement.py`` fails when the page says what these data do not, when a
page of the sample is not one the quality crawl checks (``tests/quality/test_crawl.py``), or
when a criterion credited to an automated check names a test that does not exist or is
skipped. Change a status here when an audit or a fix changes it, with the evidence.

RGAA's rules (« Méthode de calcul du taux de conformité »): a criterion is « conforme » when
every page of the sample passes it, « non conforme » when one page fails it, « non
applicable » when no page has the content it is about. The rate is the share of
« conforme » among the applicable criteria; 100 % is « totalement conforme », at least 50 %
« partiellement conforme », below « non conforme ».
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

REFERENTIAL = "RGAA 4.1"
AUDIT_DATE = datetime.date(2026, 12, 2)
# The versions the suite runs (package-lock.json; the test checks they still match).
AXE_CORE_VERSION = "4.14.1"
VNU_VERSION = "26.9.27"

C, NC, NA = "C", "NC", "NA"
STATUS_LABELS = {C: _("conforme"), NC: _("non conforme"), NA: _("non applicable")}

# Evidence: the tests that check a criterion on every page state of the crawl (or on the
# pages named in the test). "manual" criteria were checked by reading the templates and
# using the pages with the keyboard, at the audit date.
CRAWL_AXE = "tests/quality/test_crawl.py::test_axe_finds_no_wcag_21_aa_violation"
CRAWL_NU = "tests/quality/test_crawl.py::test_every_page_is_valid_html"
CRAWL_LANG_H1 = "tests/quality/test_crawl.py::test_every_page_has_its_language_a_skip_link_and_one_h1"
CRAWL_TITLE = "tests/quality/test_crawl.py::test_every_page_has_a_unique_meaningful_title"
CRAWL_320 = "tests/quality/test_crawl.py::test_no_page_scrolls_sideways_at_320_px"
CRAWL_CSP = "tests/quality/test_crawl.py::test_pages_work_under_their_content_security_policy"
KEYBOARD = "tests/quality/test_journeys.py::test_visitor_goes_through_the_programme_by_keyboard_alone"
KEYBOARD_MEMBER = "tests/quality/test_journeys.py::test_member_logs_in_and_joins_an_axis_by_keyboard_alone"
ERROR_SUMMARY = "tests/browser/test_form_errors.py::test_bad_registration_gets_a_focused_error_summary"
ERROR_SUMMARY_SERVER = (
    "tests/quality/test_forms.py::test_every_failed_form_has_a_summary_linked_to_its_fields"
)
AUTOCOMPLETE = "tests/quality/test_forms.py::test_fields_about_the_person_say_their_purpose"
TEXT_SPACING = "tests/browser/test_text_spacing.py::test_imposed_text_spacing_loses_nothing"
ASTERISK = "tests/quality/test_forms.py::test_every_form_with_required_fields_explains_the_asterisk"


@dataclass(frozen=True)
class Criterion:
    """One RGAA 4.1 criterion: its number, what it asks (shortened), the status, the evidence."""

    number: str
    subject: str
    status: str
    evidence: tuple[str, ...] = ()
    note: str = ""

    @property
    def theme(self) -> int:
        return int(self.number.split(".")[0])


THEMES = {
    1: _("Images"),
    2: _("Cadres"),
    3: _("Couleurs"),
    4: _("Multimédia"),
    5: _("Tableaux"),
    6: _("Liens"),
    7: _("Scripts"),
    8: _("Éléments obligatoires"),
    9: _("Structuration de l’information"),
    10: _("Présentation de l’information"),
    11: _("Formulaires"),
    12: _("Navigation"),
    13: _("Consultation"),
}

CRITERIA: tuple[Criterion, ...] = (
    Criterion("1.1", "images porteuses d’information : alternative textuelle", C, (CRAWL_AXE,)),
    Criterion("1.2", "images de décoration ignorées", C, (CRAWL_AXE, "manual")),
    Criterion("1.3", "alternative pertinente", C, ("manual",), "le seul visuel est le logo du conseil"),
    Criterion("1.4", "CAPTCHA et images-test : alternative d’identification", NA),
    Criterion("1.5", "CAPTCHA : autre solution d’accès", NA, (), "pas de CAPTCHA (un champ piège invisible)"),
    Criterion("1.6", "images complexes : description détaillée", NA),
    Criterion("1.7", "description détaillée pertinente", NA),
    Criterion("1.8", "images texte remplacées par du texte stylé", C, ("manual",)),
    Criterion("1.9", "légendes d’images", NA),
    Criterion("2.1", "cadres : titre", NA, (), "aucun cadre (iframe)"),
    Criterion("2.2", "titre de cadre pertinent", NA),
    Criterion("3.1", "information pas donnée par la couleur seule", C, ("manual",)),
    Criterion("3.2", "contraste du texte", C, (CRAWL_AXE,)),
    Criterion("3.3", "contraste des composants d’interface", C, ("manual",)),
    *(Criterion(f"4.{n}", "médias temporels", NA, (), "ni vidéo ni son") for n in range(1, 14)),
    Criterion("5.1", "tableaux complexes : résumé", NA),
    Criterion("5.2", "résumé pertinent", NA),
    Criterion("5.3", "tableaux de mise en forme linéarisés", NA),
    Criterion("5.4", "tableaux de données : titre (caption)", C, ("manual",), "chaque tableau a sa légende"),
    Criterion("5.5", "titre de tableau pertinent", C, ("manual",)),
    Criterion("5.6", "en-têtes de tableaux (th)", C, (CRAWL_AXE,)),
    Criterion("5.7", "cellules associées à leurs en-têtes", C, (CRAWL_AXE,)),
    Criterion("5.8", "tableaux de mise en forme sans balise de données", NA),
    Criterion("6.1", "liens explicites", C, (CRAWL_AXE, "manual")),
    Criterion("6.2", "chaque lien a un intitulé", C, (CRAWL_AXE,)),
    Criterion("7.1", "scripts compatibles avec les technologies d’assistance", C, (ERROR_SUMMARY, "manual")),
    Criterion("7.2", "alternative aux scripts pertinente", C, ("manual",), "tout fonctionne sans JavaScript"),
    Criterion("7.3", "scripts contrôlables au clavier", C, (KEYBOARD, KEYBOARD_MEMBER)),
    Criterion("7.4", "changement de contexte annoncé", C, ("manual",)),
    Criterion("7.5", "messages de statut restitués", C, ("manual",)),
    Criterion("8.1", "type de document défini", C, (CRAWL_NU,)),
    Criterion("8.2", "code source valide", C, (CRAWL_NU,)),
    Criterion("8.3", "langue par défaut présente", C, (CRAWL_LANG_H1,)),
    Criterion("8.4", "langue par défaut pertinente", C, (CRAWL_LANG_H1,)),
    Criterion("8.5", "titre de page présent", C, (CRAWL_TITLE,)),
    Criterion("8.6", "titre de page pertinent", C, (CRAWL_TITLE,)),
    Criterion(
        "8.7",
        "changements de langue indiqués",
        NC,
        (
            "tests/test_markup_language.py::test_a_bracketed_phrase_with_a_language_becomes_a_span_with_lang",
            "tests/meetings/test_minutes_pdf_tags.py::test_the_english_phrase_is_tagged_english",
        ),
        "sur les pages en anglais, le français saisi par les personnes (propositions, lieux) "
        "n’a pas lang=fr ; seules les expressions balisées dans l’éditeur l’ont",
    ),
    Criterion("8.8", "code de langue valide", C, (CRAWL_LANG_H1,)),
    Criterion("8.9", "balises non utilisées à des fins de présentation", C, (CRAWL_NU, "manual")),
    Criterion("8.10", "changements du sens de lecture", NA),
    Criterion("9.1", "titres (h1 à h6)", C, (CRAWL_LANG_H1, CRAWL_AXE)),
    Criterion("9.2", "structure du document (zones)", C, (CRAWL_AXE,)),
    Criterion("9.3", "listes", C, (CRAWL_AXE,)),
    Criterion("9.4", "citations", NA),
    Criterion("10.1", "présentation par feuilles de styles", C, (CRAWL_NU,)),
    Criterion("10.2", "contenu visible sans feuille de styles", C, ("manual",)),
    Criterion("10.3", "contenu compréhensible sans feuille de styles", C, ("manual",)),
    Criterion("10.4", "texte lisible agrandi à 200 %", C, (CRAWL_320,)),
    Criterion("10.5", "couleurs de fond et de texte déclarées ensemble", C, ("manual",)),
    Criterion("10.6", "liens distincts du texte", C, (CRAWL_AXE,)),
    Criterion("10.7", "prise de focus visible", C, (KEYBOARD, KEYBOARD_MEMBER)),
    Criterion("10.8", "contenus cachés ignorés", C, (CRAWL_AXE,)),
    Criterion("10.9", "information pas donnée par la forme, la taille ou la position seules", C, ("manual",)),
    Criterion("10.10", "idem, par tous les moyens", C, ("manual",)),
    Criterion("10.11", "pas de défilement horizontal à 320 px", C, (CRAWL_320,)),
    Criterion("10.12", "espacement du texte redéfinissable", C, (TEXT_SPACING,)),
    Criterion("10.13", "contenus additionnels au survol ou au focus", NA),
    Criterion("10.14", "contenus additionnels en CSS accessibles", NA),
    Criterion("11.1", "champs de formulaire étiquetés", C, (CRAWL_AXE,)),
    Criterion("11.2", "étiquettes pertinentes", C, ("manual",)),
    Criterion("11.3", "étiquettes cohérentes d’une page à l’autre", C, ("manual",)),
    Criterion("11.4", "étiquette accolée à son champ", C, ("manual",)),
    Criterion("11.5", "champs de même nature regroupés", C, ("manual",)),
    Criterion("11.6", "regroupements titrés (legend)", C, (CRAWL_NU, "manual")),
    Criterion("11.7", "légende de regroupement pertinente", C, ("manual",)),
    Criterion("11.8", "listes de choix structurées", C, (CRAWL_AXE,)),
    Criterion("11.9", "intitulé des boutons", C, (CRAWL_AXE,)),
    Criterion(
        "11.10",
        "contrôle de saisie : champs obligatoires et erreurs",
        C,
        (ERROR_SUMMARY, ERROR_SUMMARY_SERVER, ASTERISK),
    ),
    Criterion("11.11", "suggestions de correction", C, (ERROR_SUMMARY_SERVER, "manual")),
    Criterion("11.12", "données financières, juridiques ou personnelles : confirmation", C, ("manual",)),
    Criterion("11.13", "finalité des champs de données personnelles (autocomplete)", C, (AUTOCOMPLETE,)),
    Criterion(
        "12.1",
        "deux systèmes de navigation",
        NC,
        (),
        "le public n’a que le menu : ni plan du site ni recherche",
    ),
    Criterion("12.2", "menu et navigation cohérents", C, ("manual",)),
    Criterion("12.3", "plan du site pertinent", NA, (), "pas de plan du site"),
    Criterion("12.4", "plan du site atteignable", NA),
    Criterion("12.5", "moteur de recherche atteignable de la même manière", C, ("manual",)),
    Criterion("12.6", "zones de regroupement identifiées", C, (CRAWL_AXE,)),
    Criterion("12.7", "lien d’évitement vers le contenu", C, (CRAWL_LANG_H1,)),
    Criterion("12.8", "ordre de tabulation cohérent", C, (KEYBOARD, KEYBOARD_MEMBER)),
    Criterion("12.9", "pas de piège au clavier", C, (KEYBOARD, KEYBOARD_MEMBER)),
    Criterion("12.10", "raccourcis clavier", NA),
    Criterion("12.11", "contenus additionnels atteignables au clavier", NA),
    Criterion(
        "13.1",
        "limites de temps contrôlables",
        C,
        ("manual",),
        "le code de connexion expire : un autre se demande",
    ),
    Criterion("13.2", "pas de nouvelle fenêtre sans action", C, ("manual",)),
    Criterion(
        "13.3",
        "documents en téléchargement : version accessible",
        NC,
        (),
        "les documents déposés pour les éditions du PDIN ne sont pas vérifiés",
    ),
    Criterion("13.4", "version accessible équivalente", NC, (), "idem"),
    Criterion("13.5", "contenu cryptique : alternative", NA),
    Criterion("13.6", "contenu cryptique : alternative pertinente", NA),
    Criterion("13.7", "changements brusques de luminosité", NA),
    Criterion("13.8", "contenus en mouvement contrôlables", NA),
    Criterion("13.9", "contenus consultables quelle que soit l’orientation", C, (CRAWL_320,)),
    Criterion("13.10", "gestes complexes : alternative", C, ("manual",), "glisser-déposer doublé de boutons"),
    Criterion("13.11", "actions au pointeur annulables", C, ("manual",)),
    Criterion("13.12", "fonctionnalités sans mouvement de l’appareil", NA),
)


@dataclass(frozen=True)
class SamplePage:
    """A page of the sample: the URL name the crawl records, and how the statement names it.

    ``checked_by`` names the test (``path::function``) that checks a page the crawl cannot
    reach with axe-core and the Nu checker, the crawl's own checks; empty for the others.
    """

    url_name: str
    label: str
    checked_by: str = ""


MINUTES_EDITOR_CHECK = (
    "tests/quality/test_minutes_editor.py"
    "::test_the_minutes_editor_passes_axe_before_and_after_a_failed_submit"
)

# RGAA asks for the home page, the contact and legal pages, the statement, and pages
# representative of each kind of content and each task. Pages the quality crawl reaches
# (and so checks with axe-core and the Nu checker), and the minutes editor, which the demo's
# published minutes do not open: its own test opens a draft under review the same way, in
# both languages, before and after a failed submit (``checked_by``).
SAMPLE: tuple[SamplePage, ...] = (
    SamplePage("pdin:programme", _("Accueil : programme des PDIN")),
    SamplePage("pdin:edition_detail", _("Une édition, avec le formulaire d’inscription")),
    SamplePage("pdin:venue_detail", _("Un lieu")),
    SamplePage("pdin:proposals", _("Propositions de thèmes et de lieux")),
    SamplePage("home:legal", _("Mentions légales et données personnelles")),
    SamplePage("home:accessibility", _("Déclaration d’accessibilité")),
    SamplePage("account_login", _("Connexion")),
    SamplePage("account_request_login_code", _("Connexion par code")),
    SamplePage("home:dashboard", _("Espace des membres")),
    SamplePage("meetings:minutes_detail", _("Un compte-rendu")),
    SamplePage("workstreams:detail", _("Un axe de travail (questions, propositions)")),
    SamplePage("members:my_data", _("Mes données personnelles")),
    SamplePage("notifications:preferences", _("Mes e-mails")),
    SamplePage("home:staff_home", _("Accueil de l’équipe")),
    SamplePage("meetings:attendance_sheet", _("Feuille de présence")),
    SamplePage("pdin:staff_group_registration", _("Inscription d’un groupe")),
    SamplePage(
        "meetings:minutes_edit",
        _("Rédaction d’un compte-rendu (éditeur de l’équipe)"),
        checked_by=MINUTES_EDITOR_CHECK,
    ),
)

MANUAL_CHECKS = (
    _("les alternatives des images et le logo"),
    _(
        "l’information donnée par la couleur, la forme ou la position, et le contraste des bordures et du focus"
    ),
    _("la légende et la pertinence de chaque tableau de données"),
    _("les pages sans feuille de styles (ordre de lecture)"),
    _("l’éditeur de compte-rendu sans JavaScript (boutons « Monter / Descendre ») et au clavier"),
    _(
        "les étiquettes, regroupements et légendes des formulaires, et la confirmation avant toute suppression"
    ),
    _("les messages de statut et les changements de contexte"),
)

# The content known not to be accessible, and why (what the statement lists).
NOT_ACCESSIBLE = (
    _(
        "Les documents PDF joints aux éditions du PDIN (présentations, supports) : déposés "
        "par l’équipe, leur accessibilité n’est pas vérifiée (critères 13.3 et 13.4)."
    ),
    _(
        "Les convocations papier et la feuille d’émargement en PDF, faites pour être "
        "imprimées : leur contenu est aussi sur la page de la séance (critère 13.3)."
    ),
    _(
        "Les changements de langue ne sont pas tous signalés (critère 8.7) : sur les pages en "
        "anglais, les textes saisis en français (titres et descriptions des propositions, "
        "noms et vocabulaire des lieux, comptes-rendus) ne sont pas signalés comme du français ; "
        "dans un compte-rendu, une expression dans une autre langue ne l’est que si l’équipe l’a "
        "balisée dans l’éditeur, et les textes anciens importés ne le sont pas tous."
    ),
    _(
        "Le public ne dispose que d’un système de navigation, le menu : ni plan du site, ni "
        "recherche (critère 12.1)."
    ),
)


def applicable(criteria=CRITERIA) -> list[Criterion]:
    return [c for c in criteria if c.status != NA]


def conformity_rate(criteria=CRITERIA) -> Decimal:
    """The share of « conforme » among the applicable criteria, in percent, to one decimal."""
    counted = applicable(criteria)
    if not counted:
        return Decimal(100)
    rate = Decimal(100) * sum(1 for c in counted if c.status == C) / len(counted)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def conformity_status(criteria=CRITERIA) -> str:
    """« totalement conforme » (100 %), « partiellement conforme » (≥ 50 %), « non conforme »."""
    rate = conformity_rate(criteria)
    if rate == 100:
        return str(_("totalement conforme"))
    if rate >= 50:
        return str(_("partiellement conforme"))
    return str(_("non conforme"))


def counts(criteria=CRITERIA) -> dict[str, int]:
    """How many criteria have each status: ``{"C": …, "NC": …, "NA": …}``."""
    return {status: sum(1 for c in criteria if c.status == status) for status in (C, NC, NA)}
