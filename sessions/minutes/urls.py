"""URLs of the minutes (readers' pages, review and the staff editor), added to the ``meetings``
namespace by ``sessions/urls.py``."""

from django.urls import path

from . import views
from .importing.views import minutes_import_view

urlpatterns = [
    path("", views.minutes_list, name="minutes_list"),
    path("<int:pk>/", views.minutes_detail, name="minutes_detail"),
    path("<int:pk>/pdf/", views.minutes_pdf, name="minutes_pdf"),
    # Public list, annex files, review, and the staff editor.
    path("publics/", views.public_minutes_list, name="public_minutes_list"),
    path("annexes/<int:pk>/", views.minutes_annex_file, name="minutes_annex_file"),
    path("<int:pk>/corrections/", views.correction_create, name="minutes_correction_create"),
    path("rediger/", views.minutes_create_view, name="minutes_create"),
    path("importer/", minutes_import_view, name="minutes_import"),
    path("<int:pk>/modifier/", views.minutes_edit, name="minutes_edit"),
    path(
        "<int:pk>/modifier/<slug:kind>/ajouter/",
        views.minutes_item_create,
        name="minutes_item_create",
    ),
    path("<int:pk>/modifier/<slug:kind>/<int:item>/", views.minutes_item_edit, name="minutes_item_edit"),
    path(
        "<int:pk>/modifier/<slug:kind>/<int:item>/supprimer/",
        views.minutes_item_delete,
        name="minutes_item_delete",
    ),
    path(
        "<int:pk>/modifier/section/<int:item>/deplacer/",
        views.minutes_section_move,
        name="minutes_section_move",
    ),
    # The one-page section editor, and the provisional PDF rendered by a task.
    path("<int:pk>/sections/<int:item>/modifier/", views.minutes_section_edit, name="minutes_section_edit"),
    path("<int:pk>/pdf-provisoire/", views.minutes_draft_pdf, name="minutes_draft_pdf"),
    path("<int:pk>/pdf-provisoire/fichier/", views.minutes_draft_pdf_file, name="minutes_draft_pdf_file"),
    path("<int:pk>/relecture/", views.minutes_review_send, name="minutes_review_send"),
    path("<int:pk>/relecture/arreter/", views.minutes_review_stop, name="minutes_review_stop"),
    path(
        "<int:pk>/corrections/<int:item>/<slug:decision>/",
        views.correction_decide_view,
        name="minutes_correction_decide",
    ),
    path("<int:pk>/publier/", views.minutes_publish_view, name="minutes_publish"),
    path("<int:pk>/publier/reessayer/", views.minutes_publish_retry_view, name="minutes_publish_retry"),
    path("<int:pk>/nouvelle-version/", views.minutes_new_version_view, name="minutes_new_version"),
    path("<int:pk>/approbation/", views.minutes_approve_view, name="minutes_approve"),
]
