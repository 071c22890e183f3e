"""Public pages of the members app, at the root: the invitation link, the language switch."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
    path("langue/", views.language_set, name="language"),
]
