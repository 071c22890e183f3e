"""URLs of the sitting pages (``sessions.meetings.views``), added to the ``meetings`` namespace
by ``sessions/urls.py``. All are for staff, except the two answer pages (see the views)."""

from django.urls import path

from . import agenda_views, views

urlpatterns = [
    path("seances/", views.meeting_list, name="meeting_list"),
    path("seances/nouvelle/", views.meeting_create, name="meeting_create"),
    path("seances/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("seances/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path(
        "seances/<int:pk>/ordre-du-jour/suggestions/",
        agenda_views.agenda_suggestion_add_view,
        name="agenda_suggestion_add",
    ),
    path("seances/<int:pk>/convocation/", views.meeting_convocation, name="meeting_convocation"),
    path("seances/<int:pk>/presences/", views.attendance_sheet, name="attendance_sheet"),
    path("seances/<int:pk>/presences/preremplir/", views.attendance_prefill, name="attendance_prefill"),
    path("seances/<int:pk>/presences/ajouter/", views.attendance_add, name="attendance_add"),
    path(
        "seances/<int:pk>/presences/membres-en-mandat/",
        views.attendance_add_convened,
        name="attendance_add_convened",
    ),
    path("seances/<int:pk>/convocations-papier/", views.convocation_letters, name="convocation_letters"),
    path("seances/<int:pk>/emargement/", views.signin_sheet, name="signin_sheet"),
    path("seances/<int:pk>/presences/<int:member_pk>/", views.attendance_mark, name="attendance_mark"),
    path("seances/<int:pk>/ma-reponse/", views.meeting_rsvp_member, name="meeting_rsvp_member"),
    path("seances/assiduite/", views.attendance_overview, name="attendance_overview"),
    path("seances/assiduite/<int:member_pk>/", views.member_attendance, name="member_attendance"),
    path("seances/reponse/<str:token>/", views.meeting_rsvp, name="meeting_rsvp"),
]
