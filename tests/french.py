"""What a French reader sees of an interface string: tests assert the text typeset.

The French catalogue gives every interface string in French typography (no-break spaces
before : ; ! ? and inside « », ’: scripts/french_catalogue.py), so a page shows
"Votre place est confirmée\u00a0:" where the template says "Votre place est confirmée :".
Tests write the text as the code types it and compare it through ``fr``, the same function
the catalogue uses::

    assert fr("Votre place est confirmée :") in html

Playwright's text, label and role matchers fold every space, no-break ones included, into
one before comparing (a regular expression in ``get_by_text`` excepted): they find the
typeset text with the string as typed. What Python compares itself (HTML, e-mails, command
output, exception messages) needs ``fr``.
"""

from cln_portal.markup import NBSP, NNBSP, french_typography

__all__ = ["NBSP", "NNBSP", "fr"]


def fr(text: str) -> str:
    """``text`` in French typography, as the French catalogue prints it.

    For the interface's words only: data a person typed (a title with a straight
    apostrophe, an OpenStreetMap time) is printed as typed, so add it outside ``fr``.
    """
    return french_typography(text)
