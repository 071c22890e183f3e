"""Filters of the positioning results page."""

from django import template

register = template.Library()


@register.filter
def over_maximum(rows):
    """Rows of members involved in more axes than the campaign allows."""
    return [row for row in rows if row.above_maximum]


@register.filter
def below_minimum(axes):
    """Axes with fewer involved members than the campaign asks."""
    return [axis for axis in axes if axis.below_minimum]


@register.filter
def with_text(rows):
    """Rows whose answer has suggestions or availability notes."""
    return [r for r in rows if r.response and (r.response.suggestions or r.response.availability_note)]


@register.filter
def get_label(mapping, key):
    return mapping.get(key, key)
