"""URLs of the pages that gather from several apps. Their paths are those they had in the
apps they came from (/espace/, /espace/annuaire/, /mentions-legales/, /axes/recherche/,
/flux.atom): links already shared keep working."""

from django.urls import path

from . import views
from .feeds import NewsFeed

app_name = "home"

urlpatterns = [
    path("espace/", views.dashboard, name="dashboard"),
    path("espace/annuaire/", views.directory, name="directory"),
    path("espace/equipe/", views.staff_home, name="staff_home"),
    path("mentions-legales/", views.legal, name="legal"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("comment-ca-marche/", views.help_page, name="help"),
    path("axes/recherche/", views.search, name="search"),
    path("flux.atom", NewsFeed(), name="feed"),
]
