from django.urls import path

from . import views

app_name = "pdin"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("pdin/<slug:series_slug>/<int:number>/", views.edition_detail, name="edition_detail"),
]
