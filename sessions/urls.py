"""URLs of the minutes, under /comptes-rendus/."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.minutes_list, name="minutes_list"),
    path("<int:pk>/", views.minutes_detail, name="minutes_detail"),
    path("<int:pk>/pdf/", views.minutes_pdf, name="minutes_pdf"),
]
