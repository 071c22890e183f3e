"""Import of the national standard: valid rows kept, invalid rows reported (line + field, French)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from places.models import Place
from places.services import places_import, read_rows

from ..french import fr
from .factories import PlaceFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "lieux-roubaix.csv"


def _rows():
    with SAMPLE.open("rb") as handle:
        return read_rows(content=handle.read(), filename=SAMPLE.name)


def test_sample_import_keeps_valid_rows_and_reports_invalid_ones_in_french():
    report = places_import(rows=_rows(), commune="Roubaix", insee="59512")

    # lieu-1, lieu-2 and lieu-7 (no INSEE code, commune « ROUBAIX » by name) are valid.
    assert sorted(Place.objects.values_list("standard_id", flat=True)) == ["lieu-1", "lieu-2", "lieu-7"]
    assert (report.rows_read, report.other_communes, report.created, report.skipped) == (8, 1, 3, 4)
    messages = [str(problem) for problem in report.problems]
    assert (
        fr("Ligne 4, champ « code_postal » : « 5910 » ne suit pas le format du standard (^\\d{5}$).")
        in messages
    )
    assert any(
        m.startswith(fr("Ligne 5, champ « services » : « Cours de cuisine » ne fait pas partie"))
        for m in messages
    )
    assert fr("Ligne 7, champ « date_maj » : « 15/09/2026 » n’est pas une date AAAA-MM-JJ.") in messages
    assert any(m.startswith(fr("Ligne 7, champ « telephone »")) for m in messages)
    assert fr("Ligne 9, champ « nom » : valeur obligatoire manquante.") in messages
    place = Place.objects.get(standard_id="lieu-1")
    assert place.services_list == [
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
    ]
    assert place.support_list == ["Surdité", "Illettrisme"]


def test_reimport_updates_by_id_and_keeps_our_fields():
    places_import(rows=_rows(), commune="Roubaix", insee="59512")
    place = Place.objects.get(standard_id="lieu-1")
    place.neighbourhood = "Le Pile"
    place.save()
    rows = _rows()
    rows[0]["nom"] = "Espace numérique du Pile (nouveau nom)"
    report = places_import(rows=rows, commune="Roubaix", insee="59512")
    place.refresh_from_db()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert place.nom == "Espace numérique du Pile (nouveau nom)"
    assert place.neighbourhood == "Le Pile"
    assert Place.objects.count() == 3


def test_local_correction_is_kept_against_an_older_national_row():
    PlaceFactory(standard_id="lieu-1", nom="Corrigé par l’équipe", edited_locally=True, date_maj="2026-10-01")
    report = places_import(rows=_rows(), commune="Roubaix", insee="59512")
    assert report.kept_local == 1
    assert Place.objects.get(standard_id="lieu-1").nom == "Corrigé par l’équipe"


def test_json_in_the_standard_is_imported():
    content = b'[{"id": "j-1", "pivot": "21590512800011", "nom": "Lieu JSON", "commune": "Roubaix",'
    content += (
        b' "code_postal": "59100", "code_insee": "59512", "adresse": "1 rue A", "date_maj": "2026-01-02",'
    )
    content += b' "latitude": 50.69, "longitude": 3.17}]'
    report = places_import(rows=read_rows(content=content, filename="lieux.json"), insee="59512")
    assert report.created == 1
    assert str(Place.objects.get().latitude) == "50.690000"


def test_command_imports_a_local_file(capsys):
    call_command("import_places", str(SAMPLE), "--insee", "59512", "--commune", "Roubaix")
    out = capsys.readouterr().out
    assert "3 lieux créés" in out
    assert fr("Ligne 9, champ « nom » : valeur obligatoire manquante.") in out


def test_staff_upload_shows_the_report(client, staff_user):
    client.force_login(staff_user)
    with SAMPLE.open("rb") as handle:
        response = client.post(
            reverse("places:staff_import"), {"file": handle, "commune": "Roubaix", "insee": "59512"}
        )
    assert response.status_code == 200
    assert fr("Ligne 4, champ « code_postal »") in response.content.decode()
    assert Place.objects.count() == 3


def test_upload_of_a_broken_file_says_why(client, staff_user):
    client.force_login(staff_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("lieux.json", b"[{]", content_type="application/json")
    response = client.post(reverse("places:staff_import"), {"file": upload, "commune": "Roubaix"})
    assert response.status_code == 200
    assert "Ce fichier JSON est illisible" in response.content.decode()
    assert not Place.objects.exists()
