"""URLs of « Où se faire aider ? ». Public unless said (see places/views.py)."""

from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("", views.place_list, name="list"),
    path("<int:pk>/", views.place_detail, name="detail"),
    path("<int:pk>/fiche-orientation.pdf", views.place_fiche, name="fiche"),
    path("donnees/lieux-de-mediation-numerique.csv", views.open_data_csv, name="open_data_csv"),
    # Staff
    path("equipe/import/", views.staff_import, name="staff_import"),
    path("<int:pk>/modifier/", views.staff_place_edit, name="staff_edit"),
]
