"""Root URLs. French paths: the portal's public is French."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("espace/", include("members.urls")),
    path("axes/", include("workstreams.urls")),
    path("comptes-rendus/", include("sessions.urls")),
    path("notifications/", include("cln_portal.notification_urls")),
    path("", include("pdin.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
