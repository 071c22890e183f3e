"""``{% accessibility_status %}``: the statement's conformity status, for the footer of every page."""

from django import template

from home.accessibility_audit import conformity_status

register = template.Library()


@register.simple_tag
def accessibility_status() -> str:
    """« partiellement conforme » or whatever ``home.accessibility_audit`` computes."""
    return conformity_status()
