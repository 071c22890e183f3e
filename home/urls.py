"""URLs of the pages that gather from several apps. Their paths are those they had in the
apps they came from (/espace/, /espace/annuaire/, /mentions-legales/, /axes/recherche/,
/flux.atom): links already shared keep working."""

import re

from django.urls import path, re_path

from . import views
from .feeds import NewsFeed
from .opendata import views as open_data
from .opendata.exports import DATASETS

app_name = "home"

DATASET_NAMES = "|".join(re.escape(dataset.name) for dataset in DATASETS)

urlpatterns = [
    path("espace/", views.dashboard, name="dashboard"),
    path("espace/annuaire/", views.directory, name="directory"),
    path("espace/equipe/", views.staff_home, name="staff_home"),
    path("mentions-legales/", views.legal, name="legal"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("comment-ca-marche/", views.help_page, name="help"),
    path("axes/recherche/", views.search, name="search"),
    path("flux.atom", NewsFeed(), name="feed"),
    # The council's work as open data, beside the PDIN editions' /donnees/editions.csv.
    path("donnees/catalogue/", open_data.open_data_index, name="open_data_index"),
    # Only our datasets' names: /donnees/editions.csv and the like stay with pdin.
    re_path(
        rf"^donnees/schemas/(?P<name>{DATASET_NAMES})\.json$",
        open_data.open_data_schema,
        name="open_data_schema",
    ),
    re_path(rf"^donnees/(?P<name>{DATASET_NAMES})\.csv$", open_data.open_data_csv, name="open_data_csv"),
    re_path(rf"^donnees/(?P<name>{DATASET_NAMES})\.json$", open_data.open_data_json, name="open_data_json"),
]
