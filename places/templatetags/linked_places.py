"""``{% linked_places record %}``: the places linked to an edition or an axis, for their pages,
which know nothing of this app."""

from django import template

from ..selectors import places_linked_to

register = template.Library()


@register.inclusion_tag("places/_linked_places.html")
def linked_places(record) -> dict:
    """The "Où se faire aider ?" section of ``record`` (an edition or an axis); nothing
    when no place is linked to it."""
    return {"places": places_linked_to(record)}
