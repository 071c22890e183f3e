"""The minutes PDF as a screen reader reads it: its structure tree, walked with pikepdf.

The reference sitting of 28 November 2025 (``seed_demo``) is rendered once; each test reads
the tags a screen reader follows: one list item per person, one described link per entry of
the table of contents, footnotes as notes beside their calls, and the English phrase marked.
"""

import datetime
import io

import pikepdf
import pytest
from django.db import transaction

from sessions.demo import demo_seed
from sessions.minutes.pdf import render_minutes_pdf
from sessions.minutes.selectors import minutes_document, minutes_get_by_meeting_date
from sessions.templatetags.minutes import attendee_label

from .pdf_checks import normalise, page_annotations, pages_text, structure_tree, tag_figures, toc_entries
from .test_minutes_pdf import SEED_EXCUSED, SEED_PRESENT, SEED_TOC

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    """The reference minutes rendered once, with the attendance lists and notes they must show."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_seed(with_accounts=False)
        minutes = minutes_get_by_meeting_date(date=datetime.date(2025, 11, 28))
        document = minutes_document(minutes=minutes)
        pdf = render_minutes_pdf(minutes=minutes)
        expected = {
            "present": [attendee_label(a, document["public_names"]) for a in document["present"]],
            "excused": [attendee_label(a, document["public_names"]) for a in document["excused"]],
            "notes": [note.text for note in document["footnotes"]],
        }
        transaction.set_rollback(True)
    return {"pdf": pdf, "tree": structure_tree(pdf), **expected}


def _list_after(tree, label: str):
    """The list (``L``) right after the paragraph whose text is ``label``."""
    for node in tree.walk():
        if node.type == "P" and normalise(node.text) == normalise(label):
            following = node.parent.children[node.parent.children.index(node) + 1]
            assert following.type == "L"
            return following
    raise AssertionError(f"no paragraph {label!r} in the structure tree")


def _item_text(item) -> str:
    return normalise(item.text).removesuffix(",")


def test_the_seed_has_nine_present_and_eight_excused(reference):
    assert len(reference["present"]) == len(SEED_PRESENT) == 9
    assert len(reference["excused"]) == len(SEED_EXCUSED) == 8


@pytest.mark.parametrize(
    ("label", "key"), [("Étaient présents :", "present"), ("Absences excusées :", "excused")]
)
def test_each_attendance_list_has_one_item_per_person(reference, label, key):
    attendance = _list_after(reference["tree"], label)
    # Only items in the list: no stray text between or after them.
    assert [child.type for child in attendance.children] == ["LI"] * len(reference[key])
    assert [_item_text(item) for item in attendance.children] == [normalise(name) for name in reference[key]]


def test_no_person_s_role_is_split_over_two_lines(reference):
    lines = [normalise(line) for line in pages_text(reference["pdf"], layout=True)[0].splitlines()]
    for name in reference["present"] + reference["excused"]:
        assert any(normalise(name) in line for line in lines), name


def _table_of_contents(tree):
    heading = next(n for n in tree.find_all("H2") if normalise(n.text) == normalise("Table des matières"))
    siblings = heading.parent.children
    return siblings[siblings.index(heading) + 1]


def test_each_table_of_contents_entry_is_one_link_described_by_its_heading(reference):
    links = _table_of_contents(reference["tree"]).find_all("Link")
    assert len(links) == len(toc_entries(reference["pdf"])) == len(SEED_TOC)
    for link, title in zip(links, SEED_TOC, strict=True):
        assert not any(node.type == "Link" for node in link.children)  # no nested links
        assert len(link.annotations) == 1
        assert normalise(link.annotations[0]["Contents"]) == normalise(title)
        assert normalise(link.attributes["Alt"]) == normalise(title)


def test_the_table_of_contents_has_one_annotation_per_entry_and_none_named_by_an_id(reference):
    internal = [a for a in page_annotations(reference["pdf"]) if a["Dest"]]
    assert len(internal) == len(SEED_TOC)
    assert not [a for a in internal if a["Contents"] == a["Dest"]]  # « section-1-titre »


def test_footnotes_are_notes_right_after_their_calls(reference):
    tree = reference["tree"]
    notes = tree.find_all("Note")
    assert len(notes) == len(reference["notes"]) == 4
    for text in reference["notes"]:  # each footnote is in exactly one note
        assert len([note for note in notes if normalise(text)[:40] in normalise(note.text)]) == 1
    for number, note in enumerate(notes, start=1):
        assert normalise(note.text).startswith(f"{number}. ")
        call = note.previous_sibling()
        assert call.type == "Reference"
        assert normalise(call.text) == str(number)
        # In the paragraph or list item of its call, not at the foot of the page's tags.
        assert note.parent.type in {"P", "LBody", "LI", "Span"}
        assert note.children[0].type == "Lbl"
    assert len({note.attributes["ID"] for note in notes}) == len(notes)


def test_no_footnote_text_is_read_outside_its_note(reference):
    """Each note's text is read once, at its call: nowhere else in the tree (the foot of a page)."""
    outside = normalise(reference["tree"].text_without("Note"))
    for text in reference["notes"]:
        assert normalise(text)[:40] not in outside


def test_the_english_phrase_is_tagged_english(reference):
    tagged = [node for node in reference["tree"].walk() if node.attributes.get("Lang") == "en"]
    assert [normalise(node.text) for node in tagged] == [normalise("Open Education Global")]
    assert tagged[0].type == "Span"


def test_tag_figures_of_the_reference_minutes(reference):
    """The figures issue 13's closing note reports (``pytest -s`` prints them)."""
    figures = tag_figures(reference["pdf"])
    print(f"minutes PDF tags: {figures}")
    assert figures == {
        "attendance_items": [len(reference["present"]), len(reference["excused"])],
        "toc_links": len(SEED_TOC),
        "toc_annotations": len(SEED_TOC),
        "notes": len(reference["notes"]),
        "language_spans": [("Span", "en", "Open Education Global")],
    }


def test_parent_tree_and_annotations_point_back_to_the_elements_that_hold_them(reference):
    """After notes and links were moved and merged, what a reader finds at a point still matches the tree."""
    with pikepdf.open(io.BytesIO(reference["pdf"])) as document:
        nums = list(document.Root.StructTreeRoot.ParentTree.Nums)
        pages = {page.obj.objgen: number for number, page in enumerate(document.pages)}
        by_key = dict(zip(nums[::2], nums[1::2], strict=True))
        for number, page in enumerate(document.pages):
            for mcid, element in enumerate(by_key[number]):
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                owned = [
                    kid
                    for kid in kids
                    if (isinstance(kid, int) and kid == mcid and pages[element.Pg.objgen] == number)
                    or (
                        isinstance(kid, pikepdf.Dictionary)
                        and kid.get("/Type") == "/MCR"
                        and kid.MCID == mcid
                    )
                ]
                assert owned, (number, mcid, str(element.S))
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                element = by_key[int(annotation.StructParent)]
                assert str(element.S) == "/Link"
                assert any(
                    isinstance(kid, pikepdf.Dictionary)
                    and kid.get("/Type") == "/OBJR"
                    and kid.Obj == annotation
                    for kid in element.K
                )
        notes = [n for n in reference["tree"].find_all("Note")]
        id_tree = list(document.Root.StructTreeRoot.IDTree.Names)
        assert {note.attributes["ID"] for note in notes} <= {str(key) for key in id_tree[::2]}
