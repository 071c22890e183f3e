"""The « Déclaration d’accessibilité » says only what the audit data and the suite's checks support.

The figures are recomputed here from ``home.accessibility_audit`` with RGAA's rule, not
taken from the module's own functions; the automated checks a criterion is credited to must
exist as tests that run. That every page of the sample is one the quality crawl reaches and
checks is tested by the crawl itself (``tests/quality/test_crawl.py``).
"""

import ast
import json
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from home import accessibility_audit as audit

from ..members.factories import CouncilFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# RGAA 4.1: the number of criteria in each of the 13 themes (106 in all).
RGAA_41_THEMES = {1: 9, 2: 2, 3: 3, 4: 13, 5: 8, 6: 2, 7: 5, 8: 10, 9: 4, 10: 14, 11: 13, 12: 11, 13: 12}


def _expected_rate() -> Decimal:
    statuses = Counter(c.status for c in audit.CRITERIA)
    rate = Decimal(100) * statuses["C"] / (statuses["C"] + statuses["NC"])
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _expected_status() -> str:
    rate = _expected_rate()
    return (
        "totalement conforme" if rate == 100 else "partiellement conforme" if rate >= 50 else "non conforme"
    )


def test_the_audit_covers_every_criterion_of_rgaa_41_once():
    numbers = [c.number for c in audit.CRITERIA]
    assert len(numbers) == len(set(numbers)) == 106
    assert Counter(c.theme for c in audit.CRITERIA) == RGAA_41_THEMES
    for theme, count in RGAA_41_THEMES.items():
        assert {n for n in numbers if n.startswith(f"{theme}.")} == {
            f"{theme}.{i}" for i in range(1, count + 1)
        }
    assert {c.status for c in audit.CRITERIA} <= {"C", "NC", "NA"}


def test_statement_shows_the_rate_and_status_the_audit_gives(client):
    CouncilFactory()
    html = client.get(reverse("home:accessibility")).content.decode()

    shown = re.search(r"data-conformity-rate>([\d,]+)\xa0%<", html).group(1)
    assert Decimal(shown.replace(",", ".")) == _expected_rate()
    assert f"<strong>{_expected_status()}</strong>" in html
    statuses = Counter(c.status for c in audit.CRITERIA)
    assert f"{statuses['C']} critères conformes sur {statuses['C'] + statuses['NC']}" in html
    assert f"{statuses['NC']} critère{'s' if statuses['NC'] > 1 else ''} non conforme" in html
    assert f"{statuses['NA']} critères non applicables" in html


def test_every_page_links_to_the_statement_with_its_status(client):
    CouncilFactory()
    for url in (reverse("pdin:programme"), reverse("home:legal"), reverse("account_login")):
        html = client.get(url).content.decode()
        assert (
            f'<a href="{reverse("home:accessibility")}">Accessibilité\xa0: {_expected_status()}</a>' in html
        )


def test_every_criterion_not_met_is_explained_on_the_page(client):
    CouncilFactory()
    html = client.get(reverse("home:accessibility")).content.decode()
    explained = " ".join(str(text) for text in audit.NOT_ACCESSIBLE)

    for criterion in audit.CRITERIA:
        if criterion.status == "NC":
            assert re.search(rf"\b{re.escape(criterion.number)}\b", explained), criterion
            assert criterion.number in html


def test_statement_gives_the_contact_and_the_recourse(client):
    CouncilFactory(
        email="cln@ville.example.org", phone="03 20 00 00 00", address="1 place de la Mairie, 59000 Lille"
    )
    html = client.get(reverse("home:accessibility")).content.decode()

    assert "mailto:cln@ville.example.org" in html
    assert "03 20 00 00 00" in html and "1 place de la Mairie, 59000 Lille" in html
    assert "Défenseur des droits" in html and "09 69 39 00 00" in html
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in html
    assert "https://formulaire.defenseurdesdroits.fr/" in html
    assert "article 47 de la loi nº 2005-102" in html
    assert "2 décembre 2026" in html  # the audit's date


def _test_functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _skipped(function: ast.FunctionDef) -> bool:
    return any("skip" in ast.unparse(d) or "xfail" in ast.unparse(d) for d in function.decorator_list)


def test_criteria_credited_to_automated_checks_name_tests_that_exist_and_run():
    automated = {e for c in audit.CRITERIA for e in c.evidence if e != "manual"}
    assert automated, "no criterion is credited to an automated check"
    for evidence in sorted(automated):
        path, name = evidence.split("::")
        assert (ROOT / path).is_file(), evidence
        functions = _test_functions(ROOT / path)
        assert name in functions, evidence
        assert not _skipped(functions[name]), evidence
        module = ast.parse((ROOT / path).read_text())
        marks = [ast.unparse(n) for n in module.body if isinstance(n, ast.Assign)]
        assert not any("skip" in m for m in marks if m.startswith("pytestmark")), evidence


def test_sample_pages_the_crawl_cannot_reach_name_a_check_that_exists_and_runs(client):
    own_checks = [page for page in audit.SAMPLE if page.checked_by]
    assert "meetings:minutes_edit" in {page.url_name for page in own_checks}
    for page in own_checks:
        path, name = page.checked_by.split("::")
        functions = _test_functions(ROOT / path)
        assert name in functions and not _skipped(functions[name]), page
        # The check opens that very page and runs axe-core on it.
        source = ast.unparse(functions[name])
        assert page.url_name in source and "_axe(" in source, page
    CouncilFactory()
    html = client.get(reverse("home:accessibility")).content.decode()
    assert "Rédaction d’un compte-rendu (éditeur de l’équipe)" in html


def test_every_criterion_marked_conforme_has_its_evidence():
    for criterion in audit.CRITERIA:
        if criterion.status == "C":
            assert criterion.evidence, f"{criterion.number} is « conforme » without a check saying so"


def test_the_tool_versions_named_are_those_the_suite_installs():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert lock["node_modules/axe-core"]["version"] == audit.AXE_CORE_VERSION
    assert lock["node_modules/vnu-jar"]["version"] == audit.VNU_VERSION


def test_every_content_listed_as_not_accessible_names_criteria_marked_non_conforming():
    """The list of non-conformities and the criteria's statuses say the same thing."""
    failing = {c.number for c in audit.CRITERIA if c.status == "NC"}
    for text in audit.NOT_ACCESSIBLE:
        named = set(re.findall(r"\b\d{1,2}\.\d{1,2}\b", str(text)))
        assert named, f"names no criterion: {text}"
        assert named <= failing, f"{named - failing} marked conforming, yet listed: {text}"


def test_statement_names_its_publisher_in_a_sentence_and_shows_no_editor_syntax(client):
    CouncilFactory(name="Conseil local du numérique", city="Roubaix")
    html = client.get(reverse("home:accessibility")).content.decode()

    assert "Éditeur du portail\xa0: Conseil local du numérique (Roubaix). Il s’engage" in html
    assert "{lang=" not in html and "[expression]" not in html


def test_statement_in_english_has_english_punctuation(client):
    CouncilFactory(email="cln@ville.example.org", phone="03 20 00 00 00", address="1 place de la Mairie")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("fr"):  # the English the page activates ends with the test
        html = client.get(reverse("home:accessibility")).content.decode()

    assert "Phone: 03 20 00 00 00" in html
    assert not re.search(r"[ \xa0\u202f][:;!?](?=[\s<])", html)
