from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.public_page, name="public"),
    path("equipe/import/", views.staff_import, name="staff_import"),
    path("equipe/lignes/", views.staff_lines, name="staff_lines"),
    path("equipe/explications/", views.staff_groups, name="staff_groups"),
]
