"""Public pages of the members app, at the root: the invitation link, the language switch, the draws by lot."""

from django.urls import path

from . import sortition_views, views

app_name = "public"

urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
    path("langue/", views.language_set, name="language"),
    path("tirages-au-sort/", sortition_views.draw_list, name="draws"),
    path("tirages-au-sort/verifier_tirage.py", sortition_views.verifier_script, name="draw_verifier"),
    path("tirages-au-sort/<int:pk>/", sortition_views.draw_detail, name="draw"),
    path("tirages-au-sort/<int:pk>/liste.txt", sortition_views.draw_pool_file, name="draw_pool"),
    path("tirages-au-sort/<int:pk>/proces-verbal.pdf", sortition_views.draw_report_pdf, name="draw_report"),
]
