"""Public pages of the members app, at the root: the legal notice and the invitation link."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("mentions-legales/", views.legal, name="legal"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
]
