"""Root URLs. French paths: the portal's public is French."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from cln_portal.health import health

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
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
