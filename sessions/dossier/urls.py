"""URLs of the « dossier de réponses » (``sessions.dossier.views``), in the ``meetings`` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("dossiers/", views.dossier_index, name="dossier_index"),
    path("dossiers/axe/<slug:slug>/", views.workstream_dossier, name="workstream_dossier"),
    path("dossiers/axe/<slug:slug>/pdf/", views.workstream_dossier_pdf, name="workstream_dossier_pdf"),
    path("dossiers/seance/<int:pk>/", views.meeting_dossier, name="meeting_dossier"),
    path("dossiers/seance/<int:pk>/pdf/", views.meeting_dossier_pdf, name="meeting_dossier_pdf"),
]
