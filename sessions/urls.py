"""URLs of the minutes, under /comptes-rendus/."""

from django.urls import path

from . import meeting_urls, minutes_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.minutes_list, name="minutes_list"),
    path("<int:pk>/", views.minutes_detail, name="minutes_detail"),
    path("<int:pk>/pdf/", views.minutes_pdf, name="minutes_pdf"),
    # Minutes: public list, annex files, review, and the staff editor (sessions/minutes_views.py).
    path("publics/", views.public_minutes_list, name="public_minutes_list"),
    path("annexes/<int:pk>/", views.minutes_annex_file, name="minutes_annex_file"),
    path("<int:pk>/corrections/", minutes_views.correction_create, name="minutes_correction_create"),
    path("rediger/", minutes_views.minutes_create_view, name="minutes_create"),
    path("<int:pk>/modifier/", minutes_views.minutes_edit, name="minutes_edit"),
    path(
        "<int:pk>/modifier/<slug:kind>/ajouter/",
        minutes_views.minutes_item_create,
        name="minutes_item_create",
    ),
    path(
        "<int:pk>/modifier/<slug:kind>/<int:item>/", minutes_views.minutes_item_edit, name="minutes_item_edit"
    ),
    path(
        "<int:pk>/modifier/<slug:kind>/<int:item>/supprimer/",
        minutes_views.minutes_item_delete,
        name="minutes_item_delete",
    ),
    path(
        "<int:pk>/modifier/section/<int:item>/deplacer/",
        minutes_views.minutes_section_move,
        name="minutes_section_move",
    ),
    path("<int:pk>/relecture/", minutes_views.minutes_review_send, name="minutes_review_send"),
    path("<int:pk>/relecture/arreter/", minutes_views.minutes_review_stop, name="minutes_review_stop"),
    path(
        "<int:pk>/corrections/<int:item>/<slug:decision>/",
        minutes_views.correction_decide_view,
        name="minutes_correction_decide",
    ),
    path("<int:pk>/publier/", minutes_views.minutes_publish_view, name="minutes_publish"),
    path(
        "<int:pk>/publier/reessayer/", minutes_views.minutes_publish_retry_view, name="minutes_publish_retry"
    ),
    path("<int:pk>/nouvelle-version/", minutes_views.minutes_new_version_view, name="minutes_new_version"),
    path("<int:pk>/approbation/", minutes_views.minutes_approve_view, name="minutes_approve"),
]

# Sittings, convocations, answers and attendance: sessions/meeting_urls.py (under seances/).
urlpatterns += meeting_urls.urlpatterns
