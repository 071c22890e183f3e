"""URLs of the programme. Public unless said: see pdin/views.py for who may see each page."""

from django.urls import path

from . import views

app_name = "pdin"

edition = "pdin/<slug:series_slug>/<int:number>/"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("programme/<slug:slug>/", views.series_detail, name="series_detail"),
    path("programme/<slug:slug>/agenda.ics", views.series_ics, name="series_ics"),
    path("lieux/<slug:slug>/", views.venue_detail, name="venue_detail"),
    path(edition, views.edition_detail, name="edition_detail"),
    path(edition + "agenda.ics", views.edition_ics_view, name="edition_ics"),
    path(edition + "inscription/", views.edition_register, name="edition_register"),
    path(edition + "inscription/merci/", views.registration_thanks, name="registration_thanks"),
    path("inscription/<str:token>/annuler/", views.registration_cancel_view, name="registration_cancel"),
    path("inscription/<str:token>/confirmer/", views.offer_accept_view, name="offer_accept"),
    # Staff
    path(edition + "inscriptions/", views.staff_registrations, name="staff_registrations"),
    path(edition + "inscriptions.csv", views.staff_registrations_csv, name="staff_registrations_csv"),
    path(edition + "inscriptions/ouverture/", views.staff_registration_open, name="staff_registration_open"),
    path(edition + "presence/", views.staff_attendance, name="staff_attendance"),
    path(edition + "inscriptions/groupe/", views.staff_group_registration, name="staff_group_registration"),
    path(
        edition + "inscriptions/<int:pk>/annuler/",
        views.staff_registration_cancel,
        name="staff_registration_cancel",
    ),
    path(edition + "modifier/", views.staff_edition_form, name="staff_edition_edit"),
    path("pdin/equipe/editions/", views.staff_editions, name="staff_editions"),
    path("pdin/equipe/editions/nouvelle/", views.staff_edition_form, name="staff_edition_create"),
    path("pdin/equipe/lieux/", views.staff_venues, name="staff_venues"),
    path("pdin/equipe/lieux/nouveau/", views.staff_venue_form, name="staff_venue_create"),
    path("pdin/equipe/lieux/<slug:slug>/modifier/", views.staff_venue_form, name="staff_venue_edit"),
    # Members (proposals), staff (taking one up)
    path("programmation/", views.proposals, name="proposals"),
    path("programmation/<int:pk>/soutien/", views.proposal_support_view, name="proposal_support"),
    path("programmation/<int:pk>/retenir/", views.proposal_take_up_view, name="proposal_take_up"),
    # Participatory programming in the open: public pages, staff moderation
    path("propositions/", views.public_proposals, name="public_proposals"),
    path("propositions/proposer/", views.public_proposal_create, name="public_proposal_create"),
    path("propositions/proposer/merci/", views.public_proposal_thanks, name="public_proposal_thanks"),
    path("propositions/<int:pk>/soutenir/", views.public_support_request, name="public_support_request"),
    path("propositions/<int:pk>/soutenir/envoye/", views.public_support_sent, name="public_support_sent"),
    path("propositions/soutien/<str:token>/", views.public_support_confirm, name="public_support_confirm"),
    path("pdin/equipe/propositions/", views.staff_proposals, name="staff_proposals"),
    path(
        "pdin/equipe/propositions/<int:pk>/publier/",
        views.staff_proposal_publish,
        name="staff_proposal_publish",
    ),
    path(
        "pdin/equipe/propositions/<int:pk>/refuser/",
        views.staff_proposal_refuse,
        name="staff_proposal_refuse",
    ),
    # Open data and feeds
    path("donnees/", views.open_data, name="open_data"),
    path("donnees/editions.csv", views.open_data_csv, name="open_data_csv"),
    path("donnees/editions.json", views.open_data_json, name="open_data_json"),
    path("donnees/openagenda.json", views.open_data_openagenda, name="open_data_openagenda"),
]
