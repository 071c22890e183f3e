"""Template tags of the workstreams app, for pages other apps own (the member dashboard)."""

from django import template

from ..selectors import campaign_open_for_member

register = template.Library()


@register.inclusion_tag("workstreams/_positioning_banner.html", takes_context=True)
def positioning_banner(context):
    """The "Formulaire de positionnement à remplir" block: one query, nothing without a member."""
    request = context.get("request")
    member = getattr(request.user, "member", None) if request is not None else None
    if member is not None and not member.is_council_member_in_mandate():
        member = None  # staff and former members have no form to fill
    campaign, has_answered = campaign_open_for_member(member=member)
    return {"campaign": campaign, "has_answered": has_answered}
