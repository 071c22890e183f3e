"""cln_portal.pdf_tags on small documents: notes, links and languages as a screen reader meets them."""

from cln_portal.pdf import html_to_pdf

from .meetings.pdf_checks import normalise, page_annotations, structure_tree

STYLE = """<style>
@page { size: A6; margin: 10mm; }
html { font-family: "Liberation Sans", "DejaVu Sans"; font-size: 10pt; }
.footnote { float: footnote; }
</style>"""


def _pdf(body: str) -> bytes:
    return html_to_pdf(
        f'<!doctype html><html lang="fr"><head><title>Essai</title>{STYLE}</head><body>{body}</body></html>'
    )


def test_an_element_with_lang_carries_it_in_the_pdf():
    tree = structure_tree(
        _pdf(
            '<p>Texte en français.</p><p lang="en">A whole paragraph in English.</p>'
            '<p>Et <span lang="nl-BE">dank u</span>.</p>'
        )
    )
    tagged = {
        node.type: (node.attributes["Lang"], normalise(node.text))
        for node in tree.walk()
        if "Lang" in node.attributes
    }
    assert tagged == {"P": ("en", "a whole paragraph in english."), "Span": ("nl-BE", "dank u")}


def test_a_link_broken_over_two_lines_is_one_link_with_one_annotation_per_line():
    url = "https://example.org/" + "un-chemin-tres-long/" * 6
    pdf = _pdf(f'<p>Voir <a href="{url}">{url}</a> pour la suite.</p>')
    links = structure_tree(pdf).find_all("Link")
    assert len(links) == 1
    assert (
        len(links[0].annotations) == len([a for a in page_annotations(pdf) if a["Subtype"] == "/Link"]) >= 2
    )
    assert {annotation["Contents"] for annotation in links[0].annotations} == {url}
    assert "Alt" not in links[0].attributes  # its printed text is its own: nothing generated to hide


def test_a_note_called_in_a_list_item_is_read_there():
    pdf = _pdf(
        "<ul><li>Premier point<span class='footnote'>Une note sur le premier point.</span> suivi d’autre chose.</li>"
        "<li>Second point.</li></ul>"
    )
    tree = structure_tree(pdf)
    (note,) = tree.find_all("Note")
    assert note.parent.type == "LBody"
    assert note.previous_sibling().type == "Reference"
    assert normalise(note.text).endswith("une note sur le premier point.")
    assert normalise(note.parent.text_without("Note")) == normalise("Premier point1 suivi d’autre chose.")


def test_a_document_without_notes_links_or_languages_is_written_as_before():
    tree = structure_tree(_pdf("<h1>Titre</h1><p>Un paragraphe.</p>"))
    assert [node.type for node in tree.walk()] == ["StructTreeRoot", "Document", "H1", "Span", "P", "Span"]
