"""Template helpers of the programme: ``{{ edition.start_time|heure }}`` → "8 h 30", and
``{% edition_summary edition %}``, an edition's card in the lists."""

import datetime
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cln_portal.dates import DatePrecision
from cln_portal.markup import french_typography
from pdin.models import french_time

register = template.Library()


@register.filter
def heure(value: datetime.time | None) -> str:
    """A time as French typography writes it: "9 h", "8 h 30"; "" for None."""
    return french_time(value) if value else ""


@register.simple_tag
def edition_summary(edition) -> SafeString:
    """An edition's card in the lists (programme, venue page): its linked title, then its
    date, venue and theme::

        <h3><a href="/pdin/pdin/11/">PDIN n° 11 – Titre</a> <span class="badge">démonstration</span></h3>
        <p class="meta"><time datetime="2026-02-13">13 février 2026</time> · Lieu (Quartier) · Thème</p>

    Written in Python rather than as an included template: a list page prints up to
    thirteen, and the template engine spent about 0.15 ms of CPU on each (issue 17). Every
    value is HTML-escaped (``html.escape``, as Django's ``escape``). The badge shows on
    demonstration editions only; an undated edition says « date à préciser ».
    """
    badge = f' <span class="badge">{escape(gettext("démonstration"))}</span>' if edition.is_demo else ""
    title = french_typography(escape(edition.title))
    if edition.date:
        iso = edition.date.strftime("%Y-%m" if edition.date_precision == DatePrecision.MONTH else "%Y-%m-%d")
        meta = [f'<time datetime="{iso}">{escape(edition.date_display)}</time>']
    else:
        meta = [escape(gettext("date à préciser"))]
    venue = edition.venue
    if venue:
        meta.append(
            f"{escape(venue.name)} ({escape(venue.neighbourhood)})"
            if venue.neighbourhood
            else escape(venue.name)
        )
    if edition.theme:
        meta.append(escape(edition.theme.name))
    return mark_safe(  # noqa: S308 -- every value escaped above
        f'<h3><a href="{escape(edition.get_absolute_url())}">{escape(edition.label)} – {title}</a>{badge}</h3>\n'
        f'<p class="meta">{" · ".join(meta)}</p>'
    )
