"""URLs of the member's space, under /espace/ (staff pages under /espace/equipe/)."""

from django.urls import path

from . import sortition_views, views

app_name = "members"

urlpatterns = [
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/export.json", views.export_json, name="export_json"),
    path("mes-donnees/export/", views.export_html, name="export_html"),
    path("mes-donnees/effacement/", views.erasure_request, name="erasure_request"),
    path("equipe/personnes/", views.staff_people, name="staff_people"),
    path("equipe/personnes/ajouter/", views.staff_person_create, name="staff_person_create"),
    path("equipe/personnes/<int:pk>/", views.staff_person, name="staff_person"),
    path("equipe/personnes/<int:pk>/modifier/", views.staff_person_edit, name="staff_person_edit"),
    path("equipe/personnes/<int:pk>/fin-de-mandat/", views.staff_mandate_end, name="staff_mandate_end"),
    path("equipe/personnes/<int:pk>/nouveau-mandat/", views.staff_mandate_start, name="staff_mandate_start"),
    path("equipe/invitations/", views.staff_invitations, name="staff_invitations"),
    path("equipe/invitations/inviter/", views.staff_invite, name="staff_invite"),
    path("equipe/invitations/import/", views.staff_import, name="staff_import"),
    path(
        "equipe/invitations/<int:pk>/renvoyer/", views.staff_invitation_resend, name="staff_invitation_resend"
    ),
    path("equipe/historique/", views.staff_audit, name="staff_audit"),
    path("equipe/effacements/", views.staff_erasures, name="staff_erasures"),
    path("equipe/effacements/<int:pk>/", views.staff_erasure_decide, name="staff_erasure_decide"),
    path("equipe/tirages/", sortition_views.staff_draws, name="staff_draws"),
    path("equipe/tirages/nouveau/", sortition_views.staff_draw_create, name="staff_draw_create"),
    path("equipe/tirages/<int:pk>/", sortition_views.staff_draw, name="staff_draw"),
    path("equipe/tirages/<int:pk>/modifier/", sortition_views.staff_draw_edit, name="staff_draw_edit"),
    path("equipe/tirages/<int:pk>/publier/", sortition_views.staff_draw_publish, name="staff_draw_publish"),
    path("equipe/tirages/<int:pk>/tirer/", sortition_views.staff_draw_perform, name="staff_draw_perform"),
    path("equipe/tirages/<int:pk>/annuler/", sortition_views.staff_draw_cancel, name="staff_draw_cancel"),
    path("equipe/tirages/<int:pk>/mandat/", sortition_views.staff_draw_mandate, name="staff_draw_mandate"),
]
