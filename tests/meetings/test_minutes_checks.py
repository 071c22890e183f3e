"""Consistency checks before publication (sessions.minutes.checks): one test per warning."""

import datetime

import pytest

from sessions.demo import demo_seed
from sessions.minutes.checks import minutes_check
from sessions.models import CalendarEntry, MinutesSection

from .factories import (
    CalendarEntryFactory,
    FootnoteFactory,
    MinutesSectionFactory,
    NextStepFactory,
    ProposalFactory,
)
from .minutes_support import councillor, sitting_with_minutes

pytestmark = pytest.mark.django_db


def _codes(minutes) -> dict[str, list]:
    result: dict[str, list] = {}
    for warning in minutes_check(minutes=minutes):
        result.setdefault(warning.code, []).append(warning)
    return result


def test_consistent_minutes_have_no_warning():
    anna = councillor("Anna", "Lenoir")
    minutes = sitting_with_minutes(present=[anna], opening="Anna Lenoir a ouvert la séance.")
    assert minutes_check(minutes=minutes) == []


def test_the_seed_step_dated_december_2024_is_caught_on_the_reference_minutes():
    result = demo_seed(with_accounts=False)
    warnings = [w for w in minutes_check(minutes=result.minutes) if w.code == "dated_before_meeting"]
    assert len(warnings) == 1
    message = warnings[0].message
    assert "18 décembre 2024" in message and "28 novembre 2025" in message
    assert "erreur d’année" in message


def test_calendar_entry_dated_before_the_sitting_is_caught_but_a_later_range_is_not():
    minutes = sitting_with_minutes()
    section = MinutesSectionFactory(minutes=minutes, part=2, title="Calendrier prévisionnel")
    CalendarEntryFactory(
        section=section,
        date=datetime.date(2025, 1, 17),
        date_end=datetime.date(2025, 1, 31),
        date_precision="range",
        text="plénière",
    )
    CalendarEntryFactory(section=section, date=datetime.date(2026, 1, 17), text="plénière 2026")
    warnings = _codes(minutes)["dated_before_meeting"]
    assert len(warnings) == 1
    assert "entre le 17 et le 31 janvier 2025" in warnings[0].message


def test_a_member_named_in_the_text_but_not_in_the_attendance_lists():
    present = councillor("Anna", "Lenoir")
    councillor("Bruno", "Hallé")
    minutes = sitting_with_minutes(
        present=[present], opening="Anna Lenoir et bruno HALLE ont présenté le budget."
    )
    warnings = _codes(minutes)["named_not_in_attendance"]
    assert [w.key.split(":")[0] for w in warnings] == ["named-not-listed"]
    assert "Bruno Hallé" in warnings[0].message and "Ouverture" in warnings[0].message


def test_a_proposal_attributed_to_someone_not_listed():
    minutes = sitting_with_minutes(present=[councillor("Anna", "Lenoir")])
    section = minutes.sections.get()
    ProposalFactory(
        workstream=section.workstream, meeting=minutes.meeting, member=councillor("Zoé", "Absente")
    )
    assert "Zoé Absente" in _codes(minutes)["named_not_in_attendance"][0].message


def test_a_misspelt_member_name_is_pointed_at():
    nadia = councillor("Nadia", "Amrani")
    minutes = sitting_with_minutes(present=[nadia], opening="Proposition de Nadia Amrouni.")
    warnings = _codes(minutes)["name_variant"]
    assert "« Nadia Amrouni »" in warnings[0].message.replace("\u00a0", " ")


def test_an_excused_person_also_marked_present():
    # Two records of one person, one in each list.
    minutes = sitting_with_minutes(
        present=[councillor("Karim", "Ouali")], excused=[councillor("Karim", "Ouali")]
    )
    assert _codes(minutes)["excused_and_present"][0].key.startswith("excused-present:")


def test_an_excused_person_credited_with_a_proposal_at_the_sitting():
    hicham = councillor("Hicham", "Idrissi")
    minutes = sitting_with_minutes(present=[councillor("Anna", "Lenoir")], excused=[hicham])
    section = minutes.sections.get()
    ProposalFactory(workstream=section.workstream, meeting=minutes.meeting, member=hicham)
    warnings = _codes(minutes)["excused_and_present"]
    assert "Hicham Idrissi" in warnings[0].message and "excusé" in warnings[0].message


def test_an_empty_section():
    minutes = sitting_with_minutes()
    empty = MinutesSectionFactory(minutes=minutes, part=2, title="Modalités", body="  ")
    warnings = _codes(minutes)["empty_section"]
    assert [w.key for w in warnings] == [f"empty-section:{empty.pk}"]
    assert "Modalités" in warnings[0].message


def test_a_footnote_without_link_and_links_that_are_not_http():
    minutes = sitting_with_minutes(opening="Voir la source[^a] et [le fichier](file:///etc/passwd).")
    note = FootnoteFactory(minutes=minutes, key="a", url="")
    FootnoteFactory(minutes=minutes, key="b", url="ftp://example.org/plan.pdf")
    codes = _codes(minutes)
    assert [w.key for w in codes["footnote_without_link"]] == [f"footnote-no-link:{note.pk}"]
    links = " ".join(w.message for w in codes["link_not_http"])
    assert "ftp://example.org/plan.pdf" in links and "file:///etc/passwd" in links
    assert len(codes["link_not_http"]) == 2


def test_a_call_to_a_footnote_that_does_not_exist():
    minutes = sitting_with_minutes(opening="Texte[^inconnue].")
    assert "[^inconnue]" in _codes(minutes)["footnote_unknown"][0].message


def test_public_minutes_naming_someone_without_consent():
    anna = councillor("Anna", "Lenoir", name_public=False)
    minutes = sitting_with_minutes(present=[anna], visibility="public", opening="Anna Lenoir a ouvert.")
    assert "RGPD" in _codes(minutes)["public_name_without_consent"][0].message


def test_a_step_dated_before_the_sitting_from_the_axis_records():
    minutes = sitting_with_minutes()
    section = minutes.sections.get()
    NextStepFactory(workstream=section.workstream, meeting=minutes.meeting, date=datetime.date(2024, 12, 18))
    assert "18 décembre 2024" in _codes(minutes)["dated_before_meeting"][0].message


def test_checks_take_a_fixed_number_of_queries(django_assert_max_num_queries):
    minutes = sitting_with_minutes(present=[councillor("Anna", "Lenoir")])
    for index in range(5):
        section = MinutesSectionFactory(minutes=minutes, part=2, title=f"Étape {index}", body="Texte.")
        CalendarEntry.objects.create(section=section, date=datetime.date(2026, 1, 1 + index), text="x")
    with django_assert_max_num_queries(16):
        minutes_check(minutes=minutes)
    assert MinutesSection.objects.filter(minutes=minutes).count() == 6
