"""``{% budget_link workstream %}``: the link to the budget page on the budget axis's page."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("budget/_axis_link.html")
def budget_link(workstream) -> dict:
    """Shows the link only on the axis named by ``BUDGET_WORKSTREAM_SLUG``."""
    return {"show": getattr(workstream, "slug", None) == settings.BUDGET_WORKSTREAM_SLUG}
