"""The Atom feed of the portal's news: new editions and published public minutes (public).

Editions come from ``pdin``, minutes from ``sessions`` (status "published", visibility
"public"), linked to their ``get_absolute_url()``; this app never writes them.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .selectors import feed_items


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Conseil local du numérique : nouvelles éditions et comptes-rendus publiés")
    subtitle = _("Les éditions du programme et les comptes-rendus publics du conseil.")

    def link(self) -> str:
        return reverse("pdin:programme")

    def items(self):
        return feed_items()

    def item_title(self, item) -> str:
        _moment, kind, obj = item
        if kind == "edition":
            return f"{obj.label} – {obj.title}"
        return str(_("Compte-rendu : %(title)s") % {"title": obj.title})

    def item_description(self, item) -> str:
        _moment, kind, obj = item
        if kind == "edition":
            return " – ".join(
                p for p in [obj.date_display, obj.venue.name if obj.venue else "", obj.subtitle] if p
            )
        return obj.headline

    def item_link(self, item) -> str:
        return item[2].get_absolute_url()

    def item_guid(self, item) -> str:
        # Stable ids: an entry keeps its id when its title or link changes.
        _moment, kind, obj = item
        return f"tag:cln-portal,2025:{kind}-{obj.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[0]

    def item_updateddate(self, item):
        return item[0]
