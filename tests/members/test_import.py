"""CSV import of invitations: all rows or none, a French message per bad row, nothing half-imported."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.imports import invitations_import
from members.models import Invitation, Member, Role, Sector
from notifications.models import Notification

from ..french import fr
from .factories import MemberFactory

pytestmark = pytest.mark.django_db

HEADER = "prénom;nom;e-mail;secteur;rôle;début du mandat\n"


def _import(staff_user, text: str, *, filename: str = "membres.csv", encoding: str = "utf-8"):
    return invitations_import(actor=staff_user, data=text.encode(encoding), filename=filename)


def _nothing_saved():
    assert not Invitation.objects.exists()
    assert not Notification.objects.exists()
    assert Member.objects.count() == 1  # the staff user's own record


def test_a_good_file_invites_everybody_names_with_accents_and_hyphens_addresses_lower_cased(
    staff_user, django_capture_on_commit_callbacks
):
    text = HEADER + (
        "Anaïs;Garnier-Dupré;Anais.Garnier@Example.ORG;Nord;conseillère;01/07/2025\n"
        "Jean-Émile;Lefèvre;jean-emile@example.org;sud;Conseiller;2025-07-01\n"
        "Karim;Ouali;karim@example.org;;observateur associé;01/07/2025\n"
        "Denis;Mallet;denis@example.org;;invité;\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = _import(staff_user, text)

    assert result.imported, (result.file_errors, [r.errors for r in result.rows])
    anais = Member.objects.get(last_name="Garnier-Dupré")
    assert (anais.first_name, anais.sector, anais.role) == ("Anaïs", Sector.NORD, Role.COUNCILLOR)
    assert anais.invitations.get().email == "anais.garnier@example.org"
    assert Member.objects.get(first_name="Jean-Émile").mandate_start.isoformat() == "2025-07-01"
    assert Member.objects.get(last_name="Ouali").role == Role.OBSERVER
    assert Member.objects.get(last_name="Mallet").mandate_start is None
    assert len(mail.outbox) == 4


def test_windows_spreadsheet_export_with_commas_is_read(staff_user):
    text = (
        "Prénom,Nom,E-mail,Secteur,Rôle,Début du mandat\r\n"
        "Léa,Roux,lea@example.org,Centre,conseillère,15/01/2026\r\n"
    )
    result = _import(staff_user, text, encoding="cp1252")
    assert result.imported
    assert Member.objects.get(last_name="Roux").first_name == "Léa"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Anaïs;Garnier;anais@example.org;Nordd;conseillère;01/07/2025", "Secteur inconnu « Nordd »"),
        ("Anaïs;Garnier;anais@example;Nord;conseillère;01/07/2025", "n’est pas valide"),
        ("Anaïs;Garnier;anais@example.org;Nord;maire;01/07/2025", "Rôle inconnu « maire »"),
        ("Anaïs;Garnier;anais@example.org;Nord;conseillère;32/13/2025", "n’est pas une date"),
        (";Garnier;anais@example.org;Nord;conseillère;01/07/2025", "Le prénom est vide"),
        ("Anaïs;Garnier;anais@example.org;;conseillère;01/07/2025", "Le secteur est vide"),
        ("Anaïs;Garnier;dominique.agent@EXAMPLE.org;Nord;conseillère;01/07/2025", "a déjà un compte"),
    ],
)
def test_one_bad_row_imports_nobody_and_says_which_and_why(staff_user, row, message):
    text = HEADER + "Karim;Ouali;karim@example.org;Est;conseiller;01/07/2025\n" + row + "\n"
    result = _import(staff_user, text)

    assert not result.imported
    assert [r.line for r in result.bad_rows] == [3]
    assert any(fr(message) in error for error in result.bad_rows[0].errors), result.bad_rows[0].errors
    _nothing_saved()


def test_duplicate_addresses_in_the_file_name_both_lines(staff_user):
    text = HEADER + (
        "Anaïs;Garnier;anais@example.org;Nord;conseillère;01/07/2025\n"
        "Anaïs;Garnier;ANAIS@example.org;Nord;conseillère;01/07/2025\n"
    )
    result = _import(staff_user, text)
    assert [r.line for r in result.bad_rows] == [3]
    assert "figure déjà ligne 2" in result.bad_rows[0].errors[0]
    _nothing_saved()


def test_wrong_columns_are_named(staff_user):
    result = _import(staff_user, "name;email\nAnaïs;anais@example.org\n")
    assert not result.imported
    assert "Colonnes manquantes" in result.file_errors[0]
    assert fr("« prénom »") in result.file_errors[0]
    assert fr("Colonnes inconnues : « name »") in result.file_errors[0]
    _nothing_saved()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"%PDF-1.7\x00\x01\x02binary", "membres.csv", "n’est pas un fichier CSV"),
        (b"PK\x03\x04\x00\x00", "membres.xlsx", "n’est pas un fichier CSV"),
        (b"", "membres.csv", "vide"),
        (HEADER.encode(), "membres.csv", "aucune personne"),
    ],
)
def test_files_that_are_not_csv_or_empty_get_a_french_message(staff_user, data, filename, message):
    result = invitations_import(actor=staff_user, data=data, filename=filename)
    assert not result.imported
    assert message in result.file_errors[0]
    _nothing_saved()


def test_an_address_taken_while_saving_rolls_back_the_rows_already_saved(staff_user, monkeypatch):
    from members import imports

    original = imports.person_invite
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["email"])
        if len(calls) == 2:
            MemberFactory(user__email=kwargs["email"])  # someone took it meanwhile
        return original(**kwargs)

    monkeypatch.setattr(imports, "person_invite", flaky)
    text = HEADER + (
        "Anaïs;Garnier;anais@example.org;Nord;conseillère;01/07/2025\n"
        "Karim;Ouali;karim@example.org;Est;conseiller;01/07/2025\n"
    )
    result = _import(staff_user, text)
    assert not result.imported
    assert [r.line for r in result.bad_rows] == [3]
    assert not Invitation.objects.exists()
    assert not Member.objects.filter(last_name="Garnier").exists()


def test_import_page_shows_each_bad_row_and_keeps_nothing(client, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile(
        "membres.csv",
        (HEADER + "Anaïs;Garnier;anais@example.org;Nordd;conseillère;01/07/2025\n").encode(),
        content_type="text/csv",
    )
    response = client.post(reverse("members:staff_import"), {"file": upload})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content
    assert "Aucune invitation n’a été envoyée" in content
    assert "Ligne 2" in content and fr("Secteur inconnu « Nordd »") in content
    _nothing_saved()


def test_import_page_with_a_good_file_lists_the_invitations(client, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile(
        "membres.csv", (HEADER + "Anaïs;Garnier;anais@example.org;Nord;conseillère;01/07/2025\n").encode()
    )
    response = client.post(reverse("members:staff_import"), {"file": upload}, follow=True)
    assert "1 invitation envoyée." in response.content.decode()
    assert Invitation.objects.get().email == "anais@example.org"


def test_import_and_single_invitation_agree_on_which_addresses_are_taken(staff_user):
    """One rule for "address already taken": an expired invitation frees its address in the CSV
    import as in the single invitation form; a pending one blocks both."""
    from django.utils import timezone

    from members.services import email_taken

    expired = MemberFactory(first_name="Ancien", last_name="Lien")
    Invitation.objects.create(
        member=expired,
        email="expire@example.org",
        token_hash="a" * 64,
        expires_at=timezone.now() - timezone.timedelta(days=1),
        created_by=staff_user,
    )
    assert email_taken("expire@example.org") is None

    result = _import(staff_user, HEADER + "Léa;Roux;expire@example.org;Centre;conseillère;15/01/2026\n")
    assert result.imported, [r.errors for r in result.rows]
