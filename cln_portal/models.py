"""The outbox: every e-mail the portal owes, recorded once, and each member's choices.

A notification row is unique on (kind, about, recipient, scheduled_for): a task that is
retried, run twice by two beat processes or after a worker crash cannot create a second
row, and only the holder of the row sends (see ``cln_portal.notifications``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CONVOCATION = "convocation", _("convocation à une séance")
    MEETING_REMINDER = "meeting_reminder", _("rappel de séance")
    POSITIONING_REMINDER = "positioning_reminder", _("rappel du formulaire de positionnement")
    MINUTES_REVIEW = "minutes_review", _("compte-rendu à relire")
    MINUTES_PUBLISHED = "minutes_published", _("compte-rendu publié")
    QUESTION_ANSWERED = "question_answered", _("réponse à une question suivie")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("confirmation d’inscription")
    WAITLIST_OFFER = "waitlist_offer", _("place libérée sur liste d’attente")
    EDITION_REMINDER = "edition_reminder", _("rappel de la veille d’une édition")
    WEEKLY_DIGEST = "weekly_digest", _("lettre hebdomadaire")
    ACCOUNT = "account", _("compte et invitation")


# Kinds a member cannot turn off: statutory notices of the council, and what a person asked for.
MANDATORY_KINDS = frozenset(
    {
        NotificationKind.CONVOCATION,
        # Reviewing the minutes of a sitting one attended is part of the council's procedure.
        NotificationKind.MINUTES_REVIEW,
        NotificationKind.REGISTRATION_CONFIRMED,
        NotificationKind.WAITLIST_OFFER,
        NotificationKind.ACCOUNT,
    }
)


# Kinds a member receives only after turning them on (opt-in): with no preference row, none.
OPT_IN_KINDS = frozenset({NotificationKind.WEEKLY_DIGEST})


def email_by_default(kind: str) -> bool:
    """Whether ``kind`` is sent when the member has made no choice (no preference row)."""
    return kind not in OPT_IN_KINDS


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("à envoyer")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec")
    SKIPPED = "skipped", _("non envoyé (destinataire plus concerné)")


class Notification(models.Model):
    """One e-mail to one recipient, rendered when queued and sent at most once.

    ``about`` names the object ("meetings.meeting:12"); ``scheduled_for`` is the moment the
    notification is due (aware datetime), part of the unique key so that the 7-day and
    1-day reminders of one sitting are two notifications. ``attachments`` is a list of
    ``{"filename", "content", "mimetype"}`` with text content (an .ics calendar).
    """

    kind = models.CharField(_("type"), max_length=30, choices=NotificationKind.choices)
    about = models.CharField(_("objet concerné"), max_length=100)
    recipient = models.EmailField(_("destinataire"))
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    scheduled_for = models.DateTimeField(_("prévu pour"))
    status = models.CharField(
        _("état"), max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    subject = models.CharField(_("sujet"), max_length=250)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications (boîte d’envoi)")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about", "recipient", "scheduled_for"], name="notification_exactly_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class NotificationPreference(models.Model):
    """A member's choice for one kind of notification.

    No row means the kind's default: e-mail, except for opt-in kinds (``OPT_IN_KINDS``:
    the weekly digest), which are off until the member turns them on.
    """

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("type"), max_length=30, choices=NotificationKind.choices)
    by_email = models.BooleanField(_("par e-mail"), default=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.kind}: {self.by_email}"
