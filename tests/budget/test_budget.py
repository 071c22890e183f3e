"""The budget page (issue 15, axis 2): SCDL import, tags, public page with accessible charts."""

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from budget import services
from budget.models import Budget, BudgetLine, DigitalCategory, DigitalGroup
from workstreams.models import Question

from ..french import fr

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "budget-primitif-2025-avec-erreurs.csv"


def _import(path=FIXTURE):
    with path.open("rb") as file:
        return services.budget_import(file=file, file_name=path.name)


def _file_totals(path=FIXTURE):
    """Expense totals per section read straight from the file, skipping rows the schema refuses."""
    totals = {"fonctionnement": Decimal(0), "investissement": Decimal(0)}
    with path.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            try:
                amount = Decimal(row["BGT_MTPREV"])
            except InvalidOperation:
                continue
            if row["BGT_SECTION"] in totals and row["BGT_CODRD"] == "dépense":
                totals[row["BGT_SECTION"]] += amount
    return totals


def test_import_keeps_valid_rows_and_its_totals_match_the_file():
    result = _import()
    with FIXTURE.open(encoding="utf-8") as file:
        data_rows = sum(1 for _ in file) - 1
    assert result.imported == data_rows - 2
    lines = BudgetLine.objects.filter(budget=result.budget, flow="dépense")
    for section, expected in _file_totals().items():
        assert sum(line.amount for line in lines if line.section == section) == expected
    assert sum(_file_totals().values()) == Decimal("229510000.00")
    assert result.budget.year == 2025 and result.budget.stage == "budget primitif"


def test_invalid_rows_are_reported_in_french_with_line_and_field():
    result = _import()
    assert [(e["line"], e["field"]) for e in result.errors] == [(12, "BGT_SECTION"), (33, "BGT_MTPREV")]
    assert fr("« fonctionement » n’est pas admise") in result.errors[0]["message"]
    assert fr("« 12 000,00 »") in result.errors[1]["message"]
    assert not BudgetLine.objects.filter(line_number__in=[12, 33]).exists()


def test_a_file_without_the_schema_columns_is_refused(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("nom;montant\nLicences;12\n", encoding="utf-8")
    with pytest.raises(services.ValidationError, match="colonnes manquantes"):
        _import(path)
    assert not Budget.objects.exists()


def test_import_command_prints_the_skipped_lines(capsys):
    call_command("import_budget", str(FIXTURE))
    out, err = capsys.readouterr()
    assert "Ligne 12, champ BGT_SECTION" in err
    assert "62 lignes importées, 2 écartées." in out


def test_staff_upload_page_lists_skipped_lines(staff_client):
    with FIXTURE.open("rb") as file:
        response = staff_client.post(reverse("budget:staff_import"), {"file": file})
    assert response.status_code == 200
    assert "Ligne 33, champ BGT_MTPREV" in response.content.decode()
    assert Budget.objects.count() == 1


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def member_client(member_user):
    member = Client()
    member.force_login(member_user)
    return member


@pytest.fixture
def demo():
    from sessions.demo import demo_seed

    return demo_seed(with_accounts=False)


def test_public_page_shows_share_sections_directions_and_inclusion(client, demo):
    response = client.get(reverse("budget:public"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "229,51\u00a0M€" in html
    digital = sum(line.amount for line in BudgetLine.objects.filter(is_digital=True))
    share = (100 * digital / Decimal("229510000")).quantize(Decimal("0.1"))
    assert f"{share}".replace(".", ",") + "\u00a0%" in html
    assert "Direction des systèmes d’information" in html
    assert "Autre personnel extérieur" in html  # the écrivains publics, an inclusion line


def test_each_chart_is_an_svg_with_title_desc_and_a_data_table(client, demo):
    html = client.get(reverse("budget:public")).content.decode()
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg
        assert re.search(r"<title id=\"chart-[a-z]+-title\">[^<]+</title>", svg)
        assert re.search(r"<desc id=\"chart-[a-z]+-desc\">[^<]+</desc>", svg)
        assert "url(#" in svg  # bars carry a pattern, not only a colour
    assert html.count("<caption") >= 4
    assert html.count('<th scope="col">') >= 8
    assert "<script" not in html


def test_only_public_questions_show(client, demo):
    group = DigitalGroup.objects.get(category=DigitalCategory.INCLUSION)
    question = group.questions.first()
    assert question.text[:40] in client.get(reverse("budget:public")).content.decode()
    draft = Question.objects.create(
        workstream=question.workstream, text="Question d’un compte-rendu en projet", raised_at=demo.meeting
    )
    demo.minutes.status = "draft"
    demo.minutes.save(update_fields=["status"])
    group.questions.add(draft)
    html = client.get(reverse("budget:public")).content.decode()
    assert "Question d’un compte-rendu en projet" not in html


def test_public_page_query_count_does_not_grow_with_the_lines(client, demo, django_assert_num_queries):
    # budget, totals, digital lines, groups, their public questions, the council (base layout)
    with django_assert_num_queries(6):
        assert client.get(reverse("budget:public")).status_code == 200
    BudgetLine.objects.filter(flow="dépense").update(is_digital=True, category="software", service="DSI")
    with django_assert_num_queries(6):
        assert client.get(reverse("budget:public")).status_code == 200


def test_staff_tag_lines_in_one_save(staff_client):
    budget = _import().budget
    line = budget.lines.get(account="2051")
    response = staff_client.post(
        reverse("budget:staff_lines"),
        {f"{line.pk}-is_digital": "on", f"{line.pk}-category": "software", f"{line.pk}-service": "DSI"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.is_digital, line.category, line.service) == (True, "software", "DSI")
    assert "Concessions et droits similaires" in staff_client.get(reverse("budget:public")).content.decode()


def test_tags_carry_to_the_next_import():
    budget = _import().budget
    budget.lines.filter(account="2051").update(is_digital=True, category="software", service="DSI")
    again = _import().budget
    assert again.lines.get(account="2051").service == "DSI"


def test_budget_page_is_linked_from_home_and_axis_two(client, member_client, demo):
    url = reverse("budget:public")
    assert url in client.get(reverse("pdin:programme")).content.decode()
    axis = reverse("workstreams:detail", args=["budget-numerique-2025"])
    assert url in member_client.get(axis).content.decode()


def test_a_digital_line_without_category_is_refused_in_french(staff_client):
    budget = _import().budget
    line = budget.lines.get(account="2051")
    response = staff_client.post(reverse("budget:staff_lines"), {f"{line.pk}-is_digital": "on"}, follow=True)
    assert "choisissez la catégorie de cette ligne numérique" in response.content.decode()
    line.refresh_from_db()
    assert not line.is_digital


def test_staff_explain_a_group_and_pin_a_question(staff_client, demo):
    question = Question.objects.get(
        workstream__slug="budget-numerique-2025", text__startswith="Comment se répartit ce budget entre inv"
    )
    data = {}
    for other in DigitalGroup.objects.all():
        data[f"{other.category}-explanation"] = other.explanation
        for pk in other.questions.values_list("pk", flat=True):
            data.setdefault(f"{other.category}-questions", []).append(pk)
    data["schools-explanation"] = "Les tableaux numériques des écoles."
    data["schools-questions"] = [question.pk]
    response = staff_client.post(reverse("budget:staff_groups"), data)
    assert response.status_code == 302
    assert list(DigitalGroup.objects.get(category=DigitalCategory.SCHOOLS).questions.all()) == [question]
    html = staff_client.get(reverse("budget:public")).content.decode()
    schools = html.split('id="groupe-schools"')[1].split("</section>")[0]
    assert "Les tableaux numériques des écoles." in schools
    assert "Comment se répartit ce budget entre investissement et fonctionnement" in schools
