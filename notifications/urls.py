from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Members: e-mail choices per kind.
    path("preferences/", views.preferences, name="preferences"),
    # Staff: the outbox and its retry button.
    path("boite-d-envoi/", views.outbox, name="outbox"),
    path("boite-d-envoi/<int:pk>/renvoyer/", views.outbox_retry_view, name="outbox_retry"),
]
