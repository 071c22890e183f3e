"""Verifiable stratified sortition (issue 14, section 1): the algorithm, the services, the
standalone verification script and the pages."""

import datetime
import hashlib
import io
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pikepdf
import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from members import sortition, sortition_services
from members.models import AuditAction, AuditEntry, DrawStatus, SortitionDraw
from members.sortition_pdf import render_report_pdf

from ..french import fr
from .factories import MemberFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PUBLISHED = datetime.datetime(2025, 6, 2, 10, 0, tzinfo=PARIS)
SEED_TIME = datetime.datetime(2025, 6, 13, 21, 30, tzinfo=PARIS)
AFTER_SEED = datetime.datetime(2025, 6, 14, 10, 0, tzinfo=PARIS)
SEED = "5 12 27 33 48 3 9"

# 30 volunteers: 8 Nord, 5 Sud, 6 Est, 4 Ouest, 7 Centre.
STRATA = ["nord"] * 8 + ["sud"] * 5 + ["est"] * 6 + ["ouest"] * 4 + ["centre"] * 7
POOL = "numéro;initiales;strate\n" + "".join(
    f"{n};{chr(64 + n % 26 + 1)}. {chr(64 + (n * 7) % 26 + 1)}.;{stratum}\n"
    for n, stratum in enumerate(STRATA, start=1)
)
SEATS = {"nord": 2, "sud": 1, "est": 1, "ouest": 1, "centre": 2}


def _published(**overrides) -> SortitionDraw:
    values = {
        "actor": None,
        "title": "Tirage au sort du conseil, juin 2025",
        "pool_text": POOL,
        "seats": SEATS,
        "randomness_source": "numéros du tirage EuroMillions du 13 juin 2025, dans l’ordre de sortie",
        "seed_available_at": SEED_TIME,
    }
    values.update(overrides)
    draw = sortition_services.draw_create(**values)
    return sortition_services.draw_publish(actor=None, draw=draw, now=PUBLISHED)


def _drawn() -> SortitionDraw:
    draw = _published()
    return sortition_services.draw_perform(
        actor=None,
        draw=draw,
        seed=SEED,
        seed_confirmation=f" {SEED} ",
        witnesses="Julie Témoin",
        now=AFTER_SEED,
    )


# -- The algorithm (no database)


def test_canonical_text_is_one_line_per_candidate_by_number():
    text = sortition.canonical_text(sortition.parse_pool("3;C. C.;sud\n1;A. A.;nord\n\n2 ; B. B. ; nord\n"))
    assert text == "1;A. A.;nord\n2;B. B.;nord\n3;C. C.;sud\n"


def test_same_inputs_give_the_same_panel_twice_and_another_seed_another_panel():
    candidates = sortition.parse_pool(POOL)
    first = sortition.draw(candidates, SEATS, SEED)
    assert first == sortition.draw(list(reversed(candidates)), SEATS, SEED)
    assert sortition.draw(candidates, SEATS, "5 12 27 33 48 3 10") != first
    assert [len(first[s]["panel"]) for s in sorted(SEATS)] == [SEATS[s] for s in sorted(SEATS)]
    # Panel and reserve together are the stratum, each number once.
    assert sorted(first["nord"]["panel"] + first["nord"]["reserve"]) == [
        n for n, s in enumerate(STRATA, 1) if s == "nord"
    ]


def test_ranking_is_sha256_of_seed_bar_number():
    result = sortition.draw(sortition.parse_pool(POOL), SEATS, SEED)
    ouest = [n for n, s in enumerate(STRATA, 1) if s == "ouest"]
    expected = sorted(ouest, key=lambda n: hashlib.sha256(f"{SEED}|{n}".encode()).hexdigest())
    assert result["ouest"]["panel"] + result["ouest"]["reserve"] == expected


def test_a_changed_pool_changes_its_hash():
    text = sortition.canonical_text(sortition.parse_pool(POOL))
    changed = sortition.canonical_text(sortition.parse_pool(POOL.replace(";nord\n", ";sud\n", 1)))
    assert sortition.pool_sha256(text) != sortition.pool_sha256(changed)
    assert len(sortition.pool_sha256(text)) == 64


def test_seats_by_largest_remainder_with_one_per_sector():
    counts = sortition.strata_counts(sortition.parse_pool(POOL))
    seats = sortition.seats_largest_remainder(counts, 7, minimum=1)
    # 2 seats left for 30 people: Nord (8 → 0.53) and Centre (7 → 0.47) have the largest remainders.
    assert seats == {"centre": 2, "est": 1, "nord": 2, "ouest": 1, "sud": 1}
    assert sortition.seats_largest_remainder({"a": 50, "b": 30, "c": 20}, 10) == {"a": 5, "b": 3, "c": 2}


def test_malformed_pool_lines_get_a_french_message_with_the_line():
    with pytest.raises(sortition.PoolError, match=fr("Ligne 2 : le numéro 1 figure deux fois")):
        sortition.parse_pool("1;A. A.;nord\n1;B. B.;nord\n")
    with pytest.raises(sortition.PoolError, match=fr("Ligne 1 : trois champs attendus")):
        sortition.parse_pool("1;A. A.\n")


# -- The verification script, as a visitor runs it


def test_the_standalone_script_recomputes_the_portals_result(db, client, tmp_path):
    draw = _drawn()
    listing = client.get(reverse("public:draw_pool", args=[draw.pk]))
    list_file = tmp_path / "liste.txt"
    list_file.write_bytes(listing.content)
    script = client.get(reverse("public:draw_verifier"))
    script_file = tmp_path / "verifier_tirage.py"
    script_file.write_bytes(b"".join(script.streaming_content))
    script.close()
    seats = sortition_services.seats_text(draw.seats).split()
    # -I: isolated mode, no site-packages, nothing from the portal on the path.
    run = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "-I", str(script_file), str(list_file), SEED, *seats],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    lines = run.stdout.splitlines()
    assert lines[0] == f"Empreinte SHA-256 de la liste : {draw.pool_sha256}"
    for stratum, part in draw.result.items():
        assert f"{stratum} tirés : " + " ".join(map(str, part["panel"])) in lines
        assert f"{stratum} réserve : " + " ".join(map(str, part["reserve"])) in lines


def test_the_script_uses_the_standard_library_only():
    source = Path(finders.find("members/verifier_tirage.py")).read_text(encoding="utf-8")
    imports = {line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imports == {"hashlib", "sys"}


# -- Services: the rules around the draw


@pytest.mark.django_db
def test_publishing_freezes_the_list_with_its_hash_and_the_algorithm():
    draw = _published()
    assert draw.status == DrawStatus.PUBLISHED
    assert draw.pool_sha256 == sortition.pool_sha256(draw.pool_text)
    assert (draw.algorithm, draw.algorithm_version) == ("cln-tirage-sha256", "1")
    with pytest.raises(ValidationError, match="Créez un nouveau tirage"):
        sortition_services.draw_update(actor=None, draw=draw, pool_text=POOL + "31;Z. Z.;nord\n")
    draw.refresh_from_db()
    assert draw.pool_sha256 == sortition.pool_sha256(draw.pool_text)
    other = _published(pool_text=POOL + "31;Z. Z.;nord\n")
    assert other.pool_sha256 != draw.pool_sha256


@pytest.mark.django_db
def test_publishing_needs_the_minimum_notice(settings):
    settings.SORTITION_MIN_NOTICE_DAYS = 7
    draw = sortition_services.draw_create(
        actor=None,
        title="Trop tôt",
        pool_text=POOL,
        seats=SEATS,
        randomness_source="drand, tour n° 4 200 000",
        seed_available_at=PUBLISHED + datetime.timedelta(days=6),
    )
    with pytest.raises(ValidationError, match="au moins 7 jours après la publication"):
        sortition_services.draw_publish(actor=None, draw=draw, now=PUBLISHED)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAFT and draw.pool_sha256 == ""


@pytest.mark.django_db
def test_too_few_people_in_a_stratum_is_refused():
    draw = sortition_services.draw_create(
        actor=None,
        title="Trop de sièges",
        pool_text=POOL,
        seats={**SEATS, "ouest": 5},
        randomness_source="drand, tour n° 4 200 000",
        seed_available_at=SEED_TIME,
    )
    with pytest.raises(ValidationError) as refused:
        sortition_services.draw_publish(actor=None, draw=draw, now=PUBLISHED)
    assert fr("strate « ouest » : 4 personne(s) pour 5 siège(s)") in refused.value.messages[0]


@pytest.mark.django_db
def test_the_seed_is_refused_before_its_announced_time():
    draw = _published()
    with pytest.raises(ValidationError) as refused:
        sortition_services.draw_perform(
            actor=None,
            draw=draw,
            seed=SEED,
            seed_confirmation=SEED,
            now=SEED_TIME - datetime.timedelta(minutes=1),
        )
    assert refused.value.messages[0].startswith(fr("Trop tôt : la valeur publique du hasard"))
    assert "le 13 juin 2025 à 21 h 30." in refused.value.messages[0]
    draw.refresh_from_db()
    assert draw.status == DrawStatus.PUBLISHED and draw.seed == "" and draw.result == {}


@pytest.mark.django_db
def test_a_seed_typed_twice_differently_is_refused():
    draw = _published()
    with pytest.raises(ValidationError, match="Les deux saisies de la graine diffèrent"):
        sortition_services.draw_perform(
            actor=None, draw=draw, seed=SEED, seed_confirmation="5 12 27 33 48 3 8", now=AFTER_SEED
        )
    draw.refresh_from_db()
    assert draw.result == {}


@pytest.mark.django_db
def test_the_draw_stores_the_result_audits_every_step_and_renders_the_report(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        draw = _drawn()
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN
    assert draw.result == sortition.draw(sortition.parse_pool(POOL), SEATS, SEED)
    actions = list(
        AuditEntry.objects.filter(about=f"members.sortitiondraw:{draw.pk}").values_list("action", flat=True)
    )
    assert set(actions) == {AuditAction.DRAW_CREATED, AuditAction.DRAW_PUBLISHED, AuditAction.DRAW_DONE}
    assert draw.report_pdf and len(draw.report_pdf_sha256) == 64
    with draw.report_pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


@pytest.mark.django_db
def test_the_report_is_a_tagged_french_pdf_with_hash_seed_and_result():
    draw = _drawn()
    data = render_report_pdf(draw=draw)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "fr"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert draw.pool_sha256 in text.replace("\n", "") and SEED in text and "Julie Témoin" in text
    assert "Procès-verbal de tirage au sort".upper() in text.upper()
    # The PDF prints the typeset French catalogue (issue 13).
    assert fr("Strate « nord » :") in text


@pytest.mark.django_db
def test_a_cancelled_draw_keeps_its_record_and_reason():
    draw = _drawn()
    with pytest.raises(ValidationError):
        sortition_services.draw_cancel(actor=None, draw=draw, reason="  ")
    sortition_services.draw_cancel(actor=None, draw=draw, reason="Liste incomplète (secteur Sud)")
    draw.refresh_from_db()
    assert draw.status == DrawStatus.CANCELLED and draw.result
    assert AuditEntry.objects.filter(action=AuditAction.DRAW_CANCELLED).exists()


@pytest.mark.django_db
def test_a_mandate_links_to_its_draw_on_the_person_page(client, staff_user):
    draw = _drawn()
    number = draw.result["nord"]["panel"][0]
    member = MemberFactory()
    with pytest.raises(ValidationError, match="ni tiré ni en réserve"):
        sortition_services.draw_mandate_link(actor=None, draw=draw, member=member, number=999)
    client.force_login(staff_user)
    response = client.post(
        reverse("members:staff_draw_mandate", args=[draw.pk]), {"member": member.pk, "number": number}
    )
    assert response.status_code == 302
    page = client.get(reverse("members:staff_person", args=[member.pk])).content.decode()
    assert "Mandat issu du tirage du 14 juin 2025" in page
    assert reverse("public:draw", args=[draw.pk]) in page


# -- Pages


@pytest.mark.django_db
def test_public_page_shows_hash_seed_result_and_downloads(client):
    draw = _drawn()
    page = client.get(reverse("public:draw", args=[draw.pk])).content.decode()
    assert draw.pool_sha256 in page and SEED in page and "Julie Témoin" in page
    assert reverse("public:draw_pool", args=[draw.pk]) in page and reverse("public:draw_verifier") in page
    assert client.get(reverse("public:draw_pool", args=[draw.pk])).content.decode() == draw.pool_text


@pytest.mark.django_db
def test_the_record_writes_times_the_french_way(client, staff_user):
    draw = _drawn()
    page = " ".join(client.get(reverse("public:draw", args=[draw.pk])).content.decode().split())
    assert "2 juin 2025 à 10 h" in page  # published
    assert "13 juin 2025 à 21 h 30" in page  # the seed's announced time
    assert "14 juin 2025 à 10 h" in page  # drawn
    assert "21:30" not in page
    client.force_login(staff_user)
    staff_list = client.get(reverse("members:staff_draws")).content.decode()
    assert "13 juin 2025 à 21 h 30" in staff_list and "21:30" not in staff_list

    client.cookies["django_language"] = "en"
    english = " ".join(client.get(reverse("public:draw", args=[draw.pk])).content.decode().split())
    assert "13 June 2025 at 9:30 pm" in english and "21:30" not in english


@pytest.mark.django_db
def test_a_draw_in_preparation_is_not_public(client):
    draw = sortition_services.draw_create(actor=None, title="Brouillon", pool_text=POOL)
    assert client.get(reverse("public:draw", args=[draw.pk])).status_code == 404
    assert client.get(reverse("public:draw_pool", args=[draw.pk])).status_code == 404


@pytest.mark.django_db
def test_staff_create_publish_and_draw_through_the_pages(client, staff_user):
    client.force_login(staff_user)
    with time_machine.travel(PUBLISHED, tick=False):
        response = client.post(
            reverse("members:staff_draw_create"),
            {
                "title": "Tirage de juin",
                "pool_text": POOL,
                "proportional_total": "7",
                "proportional_minimum": "1",
                "randomness_source": "drand, tour n° 4 200 000",
                "seed_available_at": "2025-06-13T21:30",
            },
        )
        assert response.status_code == 302
        draw = SortitionDraw.objects.get()
        assert draw.seats == SEATS
        client.post(reverse("members:staff_draw_publish", args=[draw.pk]))
        early = client.post(
            reverse("members:staff_draw_perform", args=[draw.pk]), {"seed": SEED, "seed_confirmation": SEED}
        )
        assert "Trop tôt" in early.content.decode()
    with time_machine.travel(AFTER_SEED, tick=False):
        mismatch = client.post(
            reverse("members:staff_draw_perform", args=[draw.pk]),
            {"seed": SEED, "seed_confirmation": "1 2 3"},
        )
        assert "Les deux saisies de la graine diffèrent" in mismatch.content.decode()
        done = client.post(
            reverse("members:staff_draw_perform", args=[draw.pk]),
            {"seed": SEED, "seed_confirmation": SEED, "witnesses": "Julie Témoin"},
        )
        assert done.status_code == 302
        page = client.get(reverse("members:staff_draw", args=[draw.pk])).content.decode()
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN
    first_nord = draw.result["nord"]["panel"][0]
    assert f'<th scope="row">{first_nord}</th>' in page


@pytest.mark.django_db
def test_too_many_seats_on_the_page_get_a_french_message(client, staff_user):
    client.force_login(staff_user)
    draw = sortition_services.draw_create(
        actor=None,
        title="Trop de sièges",
        pool_text=POOL,
        seats={**SEATS, "ouest": 5},
        randomness_source="drand",
        seed_available_at=SEED_TIME,
    )
    with time_machine.travel(PUBLISHED, tick=False):
        response = client.post(reverse("members:staff_draw_publish", args=[draw.pk]), follow=True)
    assert "Trop peu de personnes pour les sièges demandés" in response.content.decode()


@pytest.mark.django_db
def test_staff_edit_a_draw_in_preparation_but_not_a_published_one(client, staff_user):
    client.force_login(staff_user)
    draw = sortition_services.draw_create(
        actor=None,
        title="Brouillon",
        pool_text=POOL,
        seats=SEATS,
        randomness_source="drand",
        seed_available_at=SEED_TIME,
    )
    form = {
        "title": "Tirage de juin",
        "pool_text": POOL,
        "seats": sortition_services.seats_text(SEATS),
        "randomness_source": "drand, tour n° 4 200 000",
        "seed_available_at": "2025-06-13T21:30",
    }
    edit = reverse("members:staff_draw_edit", args=[draw.pk])
    assert "Brouillon" in client.get(edit).content.decode()  # the form shows what is stored
    with time_machine.travel(PUBLISHED, tick=False):
        assert client.post(edit, form).status_code == 302
        draw.refresh_from_db()
        assert draw.title == "Tirage de juin"
        client.post(reverse("members:staff_draw_publish", args=[draw.pk]))
        refused = client.post(edit, {**form, "title": "Autre titre"})
    assert "nouvelle empreinte" in refused.content.decode()
    draw.refresh_from_db()
    assert draw.title == "Tirage de juin"


@pytest.mark.django_db
def test_public_page_queries_do_not_grow_with_mandates(client, django_assert_max_num_queries):
    draw = _drawn()
    url = reverse("public:draw", args=[draw.pk])
    numbers = [n for part in draw.result.values() for n in part["panel"]]
    sortition_services.draw_mandate_link(actor=None, draw=draw, member=MemberFactory(), number=numbers[0])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in numbers[1:]:
        sortition_services.draw_mandate_link(actor=None, draw=draw, member=MemberFactory(), number=number)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("n° ") >= len(numbers)
