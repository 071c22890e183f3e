"""URLs of the work axes, under /axes/. Fixed first segments (``recherche``, ``gestion``…)
come first; ``forms.RESERVED_SLUGS`` keeps an axis from taking one of them."""

from django.urls import path

from . import answer_views, views

app_name = "workstreams"

urlpatterns = [
    # Members (and staff)
    path("positionnement/<int:pk>/", views.positioning_form, name="positioning_form"),
    path("questions/<int:pk>/suivre/", views.follow_question, name="question_follow"),
    # A service's e-mailed link (the token is the key)
    path("questions/reponse-du-service/<str:token>/", answer_views.service_answers, name="service_answers"),
    # Staff
    path("gestion/", views.staff_list, name="staff_list"),
    path("gestion/services/", answer_views.answering_services, name="answering_services"),
    path("gestion/services/nouveau/", answer_views.answering_service_edit, name="answering_service_create"),
    path(
        "gestion/services/<int:pk>/modifier/",
        answer_views.answering_service_edit,
        name="answering_service_edit",
    ),
    path("questions/reponses-des-services/", answer_views.answer_requests, name="answer_requests"),
    path("questions/reponses-des-services/<int:pk>/", answer_views.answer_review, name="answer_review"),
    path("gestion/nouvel-axe/", views.workstream_create, name="create"),
    path("gestion/<slug:slug>/modifier/", views.workstream_edit, name="edit"),
    path("gestion/<slug:slug>/archiver/", views.workstream_archive, name="archive"),
    path("gestion/<slug:slug>/supprimer/", views.workstream_delete, name="delete"),
    path("gestion/<slug:slug>/avis-pdf/", views.opinion_render, name="opinion_render"),
    path("questions/ouvertes/", views.open_questions, name="open_questions"),
    path("questions/<int:pk>/", views.question_manage, name="question_manage"),
    path("questions/<int:pk>/attribuer/", views.question_assign, name="question_assign"),
    path("questions/<int:pk>/repondre/", views.question_answer, name="question_answer"),
    path("questions/<int:pk>/retirer/", views.question_withdraw, name="question_withdraw"),
    path("propositions/<int:pk>/action/", views.action_create, name="action_create"),
    path("actions/<int:pk>/modifier/", views.action_edit, name="action_edit"),
    path("positionnement/campagnes/", views.campaign_list, name="campaign_list"),
    path("positionnement/campagnes/nouvelle/", views.campaign_edit, name="campaign_create"),
    path("positionnement/campagnes/<int:pk>/modifier/", views.campaign_edit, name="campaign_edit"),
    path("positionnement/campagnes/<int:pk>/resultats/", views.campaign_results, name="campaign_results"),
    path("positionnement/campagnes/<int:pk>/resultats.csv", views.campaign_csv, name="campaign_csv"),
    path("positionnement/campagnes/<int:pk>/rouvrir/", views.campaign_reopen, name="campaign_reopen"),
    path("positionnement/campagnes/<int:pk>/confirmer/", views.campaign_confirm, name="campaign_confirm"),
    # An axis and what members do there
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/questions/nouvelle/", views.ask_question, name="ask_question"),
    path("<slug:slug>/propositions/nouvelle/", views.make_proposal, name="make_proposal"),
    path("<slug:slug>/avis.pdf", views.opinion_pdf, name="opinion_pdf"),
]
