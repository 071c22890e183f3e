"""Importing an existing compte-rendu (issue 12 §1): ``import_minutes`` and its services.

The reference tests import the real seed (``../shared/seed``) on an empty database, render
the PDF and compare it with the seed's own text; they also run on a compte-rendu written
for the tests (``data/``), so that nothing is skipped where ``../shared`` is absent. What
is expected is read from the source text itself (its table of contents, its attendance
lines, its « - … ? » questions, its notes), never typed in the test.
"""

import datetime
import io
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from members.models import Council, Member, Role
from sessions.minutes.checks import minutes_check
from sessions.minutes.importing.names import best_match, split_name
from sessions.minutes.importing.parser import ParsedMinutes, parse_date, parse_file
from sessions.minutes.importing.readers import ImportFileError
from sessions.minutes.importing.services import ImportRefused, minutes_import, minutes_import_preview
from sessions.minutes.pdf import render_minutes_pdf
from sessions.models import Attendance, Meeting, Minutes, MinutesStatus
from workstreams.models import Proposal, Question, QuestionStatus

from ..french import fr
from .factories import MeetingFactory, MemberFactory, MinutesFactory
from .import_documents import make_docx, make_markdown, make_odt
from .pdf_checks import heading_pages, normalise, pages_text, toc_entries

pytestmark = pytest.mark.django_db

SEED = settings.BASE_DIR.parent / "shared" / "seed" / "compte-rendu-cln-2025-11-28.txt"
OWN = Path(__file__).with_name("data") / "compte-rendu-essai-2025-03-14.txt"
# The seed when CI has ../shared, and always the test document: both go through every test.
SOURCES = [p for p in (SEED, OWN) if p.exists()]

_TOC_ENTRY = re.compile(r"^(?P<title>\S.*?)(?:\.{2,})?\t\s*\d{1,3}$")
_NOTE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d+\]|\d{1,2})\s+(?P<text>\S.*?)\s*:?\s*<?(?P<url>https?://[^\s>]+)>?")


# --- What the source text says, read independently of the importer ----------------------------


def source_toc(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("Table des matières") + 1
    titles = []
    for line in lines[start:]:
        if not line.strip():
            if titles:
                break
            continue
        match = _TOC_ENTRY.match(line.strip())
        if not match:
            break
        titles.append(match["title"])
    return titles


def source_people(text: str) -> list[tuple[str, str]]:
    """``[(label, "present"|"excused")]`` with label "Name (role)" as the source writes it."""
    people = []
    lines = text.splitlines()
    for label, status in (("Étaient présents :", "present"), ("Absences excusées :", "excused")):
        at = lines.index(label)
        line = next(item for item in lines[at + 1 :] if item.strip())
        people += [(match.strip(" ,"), status) for match in re.findall(r"[^,]+?\([^)]*\)", line)]
    return people


def source_questions(text: str) -> list[str]:
    """The « - … ? » lines of the axes, before « Prochaines étapes », without their answers."""
    body = text.split("Questions et propositions formulées", 1)[1].split("\nProchaines étapes\n", 1)[0]
    questions = []
    for line in body.splitlines():
        if line.startswith("- ") and "?" in line:
            questions.append(re.sub(r"\s*\(Réponse apportée.*$", "", line[2:]).strip())
    return questions


def source_notes(text: str) -> list[tuple[str, str]]:
    return [(m["text"], m["url"]) for line in text.splitlines() if (m := _NOTE.match(line.strip()))]


def fold_typography(text: str) -> str:
    """What differs between a source line and the PDF's text without changing a word:
    Markdown marks, quotes, apostrophes, dashes, superscripts, list bullets, spaces, case."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\^\{([^}]*)\}", r"\1", text)
    # A note call is printed as its number: « M€¹ », « neuves[2] », « [^note-1] » alike.
    text = re.sub(r"\[\^note-(\d+)\]|\[(\d{1,3})\]", lambda m: m[1] or m[2], text)
    text = re.sub(r"^\s*[-•]\s+", "", text)
    text = re.sub(r"[*<>«»“”\"•]", "", text)
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def body_lines(text: str) -> tuple[list[str], list[str]]:
    """``(body lines, note lines)`` of the source before its annex, longer than 25 characters.

    The table of contents is not body (the PDF recomputes it); note definitions are
    returned apart: the PDF prints a note as « text : link », they are checked on their own.
    """
    lines = text.splitlines()
    end = max(i for i, line in enumerate(lines) if line.strip() == "Annexe")
    kept = [line for line in lines[:end] if len(line.strip()) > 25 and not _TOC_ENTRY.match(line.strip())]
    notes = [line for line in kept if _NOTE.match(line.strip())]
    return [line for line in kept if line not in notes], notes


def pdf_plain_text(pdf: bytes) -> str:
    """The PDF's text without the running header and footer (they cut lines at page ends)."""
    text = " ".join(pages_text(pdf))
    text = re.sub(r"PROJET – DOCUMENT DE TRAVAIL NON PUBLIÉ", " ", text)
    text = re.sub(
        r"Conseil local du numérique – compte-rendu de la séance du [^\n]*?page \d+ / \d+", " ", text
    )
    return fold_typography(text)


# --- The reference import -----------------------------------------------------------------------


def _records(minutes: Minutes) -> dict:
    """What the import created, as plain values (to compare two imports of one document)."""
    meeting = minutes.meeting
    return {
        "minutes": (minutes.title, minutes.headline, minutes.issued_on, minutes.addressee),
        "opening": " ".join(minutes.opening.split()),
        "attendance": list(
            Attendance.objects.filter(meeting=meeting)
            .order_by("order")
            .values_list("member__first_name", "member__last_name", "status", "role_label")
        ),
        "sections": [
            (s.part, s.order, s.title, s.workstream.title if s.workstream else "", " ".join(s.body.split()))
            for s in minutes.sections.order_by("part", "order")
        ],
        "objectives": [
            " ".join(s.workstream.objective.split()) for s in minutes.sections.exclude(workstream=None)
        ],
        "questions": list(
            Question.objects.filter(raised_at=meeting)
            .order_by("workstream__order", "order")
            .values_list("theme__title", "text", "answer", "status")
        ),
        "proposals": list(
            Proposal.objects.filter(meeting=meeting).values_list("member__last_name", "text").order_by("pk")
        ),
        "steps": list(meeting.next_steps.values_list("label", "text", "date", "date_precision")),
        "contacts": list(meeting.contacts.values_list("heading", "body", "note", "followed_by__last_name")),
        "calendar": [
            (e.text, e.date, e.date_end, e.date_precision)
            for s in minutes.sections.all()
            for e in s.calendar_entries.order_by("order")
        ],
        "notes": list(minutes.footnotes.order_by("key").values_list("key", "text", "url")),
        "annexes": [(a.title, " ".join(a.body.split())) for a in minutes.annexes.order_by("order")],
    }


def _import(data: bytes, filename: str) -> tuple[Minutes, object]:
    result = minutes_import(parsed=parse_file(data, filename), actor=None)
    return result.minutes, result.summary


@pytest.fixture(scope="module", params=SOURCES, ids=lambda p: p.stem)
def reference(request, django_db_setup, django_db_blocker):
    """One source imported on an empty database and rendered, once per module (rolled back)."""
    path = request.param
    text = path.read_text(encoding="utf-8")
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        minutes, summary = _import(path.read_bytes(), path.name)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        pdf = render_minutes_pdf(minutes=minutes)
        rendered = time.perf_counter() - started
        records = _records(minutes)
        checks = [w.code for w in minutes_check(minutes=minutes)]
        people = Member.objects.count()
        transaction.set_rollback(True)
    return {
        "path": path,
        "text": text,
        "pdf": pdf,
        "summary": summary,
        "records": records,
        "checks": checks,
        "people": people,
        "seconds": (imported, rendered),
    }


def test_reference_pdf_prints_the_source_contents_in_order_at_the_right_pages(reference):
    printed = toc_entries(reference["pdf"])
    assert [normalise(title) for title, _page in printed] == [
        normalise(title) for title in source_toc(reference["text"])
    ]
    starts = heading_pages(reference["pdf"], [title for title, _page in printed])
    assert [page for _title, page in printed] == starts
    assert starts == sorted(starts) and starts[0] == 1


def test_reference_pdf_names_everyone_in_the_right_list(reference):
    people = source_people(reference["text"])
    text = normalise(" ".join(pages_text(reference["pdf"])[:2]))
    present_at = text.index(normalise("Étaient présents :"))
    excused_at = text.index(normalise("Absences excusées :"))
    toc_at = text.index(normalise("Table des matières"))
    for label, status in people:
        position = text.index(normalise(label))
        assert (
            (present_at < position < excused_at) if status == "present" else (excused_at < position < toc_at)
        )
    # One record per person, none created twice for a second spelling in a proposal.
    assert reference["people"] == len(people)
    assert len(reference["summary"].people_created) == len(people)
    if reference["path"] == SEED:
        assert len(people) == 17


def test_reference_keeps_every_question_with_its_answer_given_on_the_spot(reference):
    expected = source_questions(reference["text"])
    stored = reference["records"]["questions"]
    assert [fold_typography(text) for _theme, text, _a, _s in stored] == [
        fold_typography(q) for q in expected
    ]
    pdf = pdf_plain_text(reference["pdf"])
    assert all(fold_typography(q) in pdf for q in expected)
    answered = [
        (text, answer) for _theme, text, answer, status in stored if status == QuestionStatus.ANSWERED
    ]
    assert answered and all(answer for _text, answer in answered)
    assert len(answered) == reference["text"].count("(Réponse apportée")
    if reference["path"] == SEED:
        assert len(expected) == 54


def test_reference_notes_keep_their_links_and_print_at_their_call(reference):
    notes = source_notes(reference["text"])
    stored = reference["records"]["notes"]
    assert [url for _key, _text, url in stored] == [url for _text, url in notes]
    pdf = pdf_plain_text(reference["pdf"])
    for (_key, text, url), (source_text, _url) in zip(stored, notes, strict=True):
        assert fold_typography(source_text.split(" : ")[0]) in fold_typography(text)
        assert fold_typography(text) in pdf
        assert fold_typography(url).replace("/", "") in pdf.replace(" ", "").replace("/", "")
    # Every call turned into a note of the minutes: no call is left unknown.
    assert "footnote_unknown" not in reference["checks"]
    if reference["path"] == SEED:
        assert len(notes) == 4


def test_reference_body_lines_are_found_word_for_word_in_the_pdf(reference):
    lines, note_lines = body_lines(reference["text"])
    pdf = pdf_plain_text(reference["pdf"])
    found = [line for line in lines if fold_typography(line) in pdf]
    share = len(found) / len(lines)
    missing = [line[:70] for line in lines if line not in found]
    print(
        f"{reference['path'].name}: {len(found)}/{len(lines)} body lines word for word ({share:.1%}), "
        f"{len(note_lines)} note lines apart; import {reference['seconds'][0]:.2f} s, "
        f"render {reference['seconds'][1]:.2f} s; not found: {missing}"
    )
    assert share >= 0.95, missing


def test_reference_nothing_is_left_unplaced(reference):
    # Every line found its place: the seed and the test document give no warning.
    assert reference["summary"].warnings == []


def test_reference_keeps_the_seeds_slip_and_the_publication_check_warns(reference):
    step = reference["records"]["steps"][0]
    match = re.search(r"Point d'étape : .*? le (\d{1,2} \w+ \d{4})", reference["text"].replace("’", "'"))
    assert step[2] == datetime.date.fromisoformat(parse_date(match[1]).start)
    assert "dated_before_meeting" in reference["checks"]


def test_calendar_entries_keep_their_precision(reference):
    calendar = reference["records"]["calendar"]
    precisions = {precision for _text, _date, _end, precision in calendar}
    assert "range" in precisions and "day" in precisions
    for _text, date, end, precision in calendar:
        assert (end is not None) == (precision == "range")
        if precision == "month":
            assert date.day == 1


@pytest.mark.parametrize("extension", [".md", ".docx", ".odt"])
def test_markdown_word_and_opendocument_versions_give_the_same_records(extension):
    path = SOURCES[0]
    text = path.read_text(encoding="utf-8")
    maker = {".md": make_markdown, ".docx": make_docx, ".odt": make_odt}[extension]
    with transaction.atomic():
        expected = _records(_import(path.read_bytes(), path.name)[0])
        transaction.set_rollback(True)
    minutes, summary = _import(maker(text), path.stem + extension)
    assert _records(minutes) == expected
    assert summary.warnings == []


def test_docx_and_odt_read_real_styles_and_footnotes():
    from sessions.minutes.importing.readers import FOOTNOTE, HEADING, LIST_ITEM, TITLE, read_document

    text = OWN.read_text(encoding="utf-8")
    for maker, name in ((make_docx, "cr.docx"), (make_odt, "cr.odt")):
        blocks = read_document(maker(text), name).blocks
        kinds = {b.kind for b in blocks}
        assert {HEADING, LIST_ITEM, FOOTNOTE, TITLE} <= kinds, name
        assert [b.text for b in blocks if b.kind == HEADING and b.level == 1][:2] == [
            "Ouverture",
            "Axes de travail identifiés",
        ]
        notes = [b for b in blocks if b.kind == FOOTNOTE]
        assert len(notes) == 3 and all(f"[^{n.key}]" in " ".join(b.text for b in blocks) for n in notes)


# --- Matching people -------------------------------------------------------------------------


def test_names_match_across_case_accents_and_close_spellings_but_not_other_first_names():
    people = [
        ("nadia", "Nadia", "Amrani"),
        ("pauline", "Pauline", "De Kérmarec"),
        ("julien", "Julien", "Morel"),
    ]
    assert best_match("Nadia Amrouni", people)[0] == "nadia"
    assert best_match("pauline de kermarec", people)[0] == "pauline"
    assert best_match("Julie Morel", people)[0] is None
    assert best_match("Nadia Benali", people)[0] is None
    assert split_name("Hicham El Idrissi") == ("Hicham", "El Idrissi")


def test_known_people_are_matched_not_created_and_keep_the_documents_role():
    path = SOURCES[0]
    people = source_people(path.read_text(encoding="utf-8"))
    first_label = people[0][0]
    first, last = split_name(first_label.split(" (")[0])
    # Recorded without accents and in capitals: still the same person.
    known = MemberFactory(
        first_name=unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode(),
        last_name=last.upper(),
        role=Role.COUNCILLOR,
    )
    minutes, summary = _import(path.read_bytes(), path.name)
    assert [p.member for p in summary.people_matched] == [known]
    attendance = Attendance.objects.get(meeting=minutes.meeting, member=known)
    assert attendance.role_label == first_label.split(" (", 1)[1].rstrip(")")
    assert Member.objects.count() == len(people)
    guests = Member.objects.exclude(pk=known.pk)
    assert set(guests.values_list("role", flat=True)) == {Role.GUEST}
    # Proposals and contacts point at the people of the attendance lists.
    assert all(p.member_id for p in Proposal.objects.all())


def test_import_into_an_existing_sitting_without_minutes():
    path = OWN
    meeting = MeetingFactory(starts_at=datetime.datetime(2025, 3, 14, 9, 30, tzinfo=datetime.UTC))
    minutes, summary = _import(path.read_bytes(), path.name)
    assert minutes.meeting == meeting and summary.meeting == meeting
    assert Meeting.objects.count() == 1
    assert minutes.status == MinutesStatus.DRAFT and minutes.version == 1


def test_the_letterhead_becomes_the_council_only_when_none_is_recorded():
    minutes, _summary = _import(OWN.read_bytes(), OWN.name)
    council = Council.objects.get()
    assert council.city == "Tourcoing" and council.followed_by.last_name == "Ferrand"
    assert council.service == "Service Démocratie locale"


# --- Preview ------------------------------------------------------------------------------------


def test_preview_writes_nothing_and_announces_what_the_import_does():
    parsed = parse_file(OWN.read_bytes(), OWN.name)
    # The preview page keeps the parse between its two steps: a JSON round trip.
    parsed = ParsedMinutes.from_dict(parsed.to_dict())
    preview = minutes_import_preview(parsed=parsed)
    assert not Meeting.objects.exists() and not Member.objects.exists()
    result = minutes_import(parsed=parsed, actor=None)
    assert preview.lines() == result.summary.lines()
    assert result.summary.questions == Question.objects.count()


# --- The command, good and bad input --------------------------------------------------------------


def test_command_prints_the_summary_and_warnings_and_keeps_unplaced_lines(tmp_path):
    text = OWN.read_text(encoding="utf-8")
    text = text.replace("Proposition : Elodie Fontanie propose", "Proposition : quelqu'un propose")
    text = text.replace(
        "plutôt que par courriel.",
        "plutôt que par courriel.\n\nRéponse apportée : une réponse sans question.",
    )
    path = tmp_path / "cr.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_minutes", str(path), stdout=out)
    output = out.getvalue()
    assert fr(f"questions : {len(source_questions(text))}") in output
    assert fr("Notes de bas de page : 3") in output
    assert "Avertissements (2)" in output
    assert fr("« Réponse apportée » sans question") in output and "Proposition sans membre reconnu" in output
    section = Minutes.objects.get().sections.get(title__startswith="Outils")
    assert "une réponse sans question" in section.body
    assert Proposal.objects.get().member is None


def test_command_meeting_option_overrides_the_title_date(tmp_path):
    out = io.StringIO()
    call_command("import_minutes", str(OWN), "--meeting", "2025-03-13", stdout=out)
    assert Minutes.objects.get().meeting.date == datetime.date(2025, 3, 13)
    assert "date la séance du 14 mars 2025" in out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.txt", b"", "Le fichier est vide"),
        ("vide.md", b"\n  \n", "Le fichier est vide"),
        (
            "recette.txt",
            "Crêpes\n\n- 250 g de farine\n- 3 œufs\n".encode(),
            "ne ressemble pas à un compte-rendu",
        ),
        ("abime.docx", b"PK\x03\x04 not really a zip", "Le document Word (.docx) est illisible"),
        ("abime.odt", b"not an odt at all", "Le document OpenDocument (.odt) est illisible"),
        ("ancien.txt", "Étaient présents : Anaïs Garnier\n".encode("cp1252"), "Windows-1252"),
        ("tableur.xlsx", b"data", "Format non pris en charge"),
    ],
)
def test_bad_input_gets_one_french_line_and_nothing_is_written(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import_minutes", str(path), stdout=io.StringIO())
    assert not Meeting.objects.exists() and not Member.objects.exists()


def test_a_not_a_compte_rendu_docx_is_refused():
    with pytest.raises(ImportFileError, match="ne ressemble pas"):
        parse_file(make_docx("Liste de courses\n\n- pain\n- lait\n"), "courses.docx")


def test_importing_into_a_sitting_whose_minutes_are_published_is_refused():
    meeting = MeetingFactory(starts_at=datetime.datetime(2025, 3, 14, 18, tzinfo=datetime.UTC))
    MinutesFactory(meeting=meeting, status=MinutesStatus.PUBLISHED)
    with pytest.raises(CommandError, match=fr("est publié :") + " .* nouvelle version"):
        call_command("import_minutes", str(OWN), stdout=io.StringIO())
    with pytest.raises(ImportRefused):
        minutes_import_preview(parsed=parse_file(OWN.read_bytes(), OWN.name))
    assert Minutes.objects.count() == 1 and not Attendance.objects.exists()


def test_a_draft_already_there_or_a_sitting_to_come_is_refused(tmp_path):
    meeting = MeetingFactory(starts_at=datetime.datetime(2025, 3, 14, 18, tzinfo=datetime.UTC))
    MinutesFactory(meeting=meeting, status=MinutesStatus.DRAFT)
    with pytest.raises(CommandError, match="déjà un compte-rendu en projet"):
        call_command("import_minutes", str(OWN), stdout=io.StringIO())
    future = tmp_path / "futur.txt"
    future.write_text(
        OWN.read_text(encoding="utf-8").replace("14 MARS 2025", "14 MARS 2099"), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="n’a pas encore eu lieu"):
        call_command("import_minutes", str(future), stdout=io.StringIO())


def test_bad_input_exits_1_without_traceback_from_the_shell(tmp_path):
    path = tmp_path / "ancien.txt"
    path.write_bytes("Étaient présents : Anaïs Garnier\n".encode("cp1252"))
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_minutes", str(path)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "UTF-8" in completed.stderr and len(completed.stderr.strip().splitlines()) == 1


# --- Parser details -----------------------------------------------------------------------------


def test_dates_keep_their_precision_as_written():
    assert parse_date("Entre le 17 et le 31 janvier 2026").precision == "range"
    assert parse_date("Entre le 17 et le 31 janvier 2026").end == "2026-01-31"
    assert parse_date("Vendredi 13 février 2026").start == "2026-02-13"
    assert parse_date("Mars 2026", whole=True).start == "2026-03-01"
    assert parse_date("Mars 2026", whole=True).precision == "month"
    assert parse_date("du 28 février au 3 mars 2026").start == "2026-02-28"
    assert parse_date("31 février 2026") is None


def test_each_footnote_call_style_is_recognised():
    text = (
        "Compte-rendu aux membres du Conseil local du numérique\n\n"
        "**CONSEIL LOCAL DU NUMÉRIQUE DU 2 JUIN 2025 : ESSAI**\n\n"
        "Étaient présents :\n\nAnne Durand (conseillère Nord)\n\n"
        "Ouverture\n\nUn exposant¹, un crochet[2] et un chiffre collé Matrix3, puis 7 500 hab./km².\n\n"
        "¹ Première note : <https://example.org/1>\n\n[2] Deuxième note - https://example.org/2\n\n"
        "3 Troisième note : https://example.org/3\n"
    )
    parsed = parse_file(text.encode(), "essai.txt")
    assert [n.url for n in parsed.footnotes] == [f"https://example.org/{n}" for n in (1, 2, 3)]
    assert "exposant[^note-1]" in parsed.opening and "crochet[^note-2]" in parsed.opening
    assert "Matrix[^note-3]" in parsed.opening and "km²" in parsed.opening
    assert parsed.warnings == []
