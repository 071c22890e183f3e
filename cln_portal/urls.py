"""Root URLs. French paths: the portal's public is French."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from cln_portal.health import health
from cln_portal.media import public_media

urlpatterns = [
    path("admin/", admin.site.urls),
    # Health check (public, no database): also the benchmark's trivial view (bench/run.py).
    path("sante/", health, name="health"),
    path("comptes/", include("allauth.urls")),
    # Pages that gather from several apps (dashboard, directory, legal, search, feed): home/.
    path("", include("home.urls")),
    path("espace/", include("members.urls")),
    # Public pages of the members app: /invitation/<token>/.
    path("", include("members.public_urls")),
    path("axes/", include("workstreams.urls")),
    path("comptes-rendus/", include("sessions.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("pdin.urls")),
    path("ou-se-faire-aider/", include("places.urls")),
    path("budget-numerique/", include("budget.urls")),
    # Public uploaded files (edition resources, logo), in development and production alike:
    # attachment, nosniff, and only the public folders (cln_portal/media.py).
    path(settings.MEDIA_URL.lstrip("/") + "<path:path>", public_media, name="media"),
]
