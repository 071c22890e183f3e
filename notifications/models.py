"""The outbox: every e-mail the portal owes, recorded once, and each member's choices.

A notification row is unique on (kind, about, recipient, scheduled_for): a task that is
retried, run twice by two beat processes or after a worker crash cannot create a second
row, and only the holder of the row sends (see ``notifications.services``).

The kinds are registered by the apps that send them (``notifications.registry``); the
person written to is named by a string reference (``"members.Member"``), so this app
imports no feature app and ``members`` can queue its own e-mails through it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import registry


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

    kind = models.CharField(_("type"), max_length=30, choices=registry.kind_choices)
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
        # The name it had when the outbox lived in cln_portal: moving the app renamed the
        # table, not its index.
        indexes = [models.Index(fields=["status", "created_at"], name="cln_portal__status_d76a14_idx")]

    def __str__(self) -> str:
        return f"{self.kind_label} → {self.recipient}"

    @property
    def kind_label(self):
        """The French label of the kind (the raw value for a kind no app registers any more)."""
        return registry.label(self.kind)


class NotificationPreference(models.Model):
    """A member's choice for one kind of notification.

    No row means the kind's default: e-mail, except for opt-in kinds (the weekly digest),
    which are off until the member turns them on.
    """

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("type"), max_length=30, choices=registry.kind_choices)
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
