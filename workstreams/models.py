"""Work axes (axes de travail) and what the council raises in them.

The seed has six axes; each has an objective, questions grouped under themes ("Sur le
périmètre budgétaire"), proposals attributed to members, contacts with outside bodies
and next steps. Each of those records the sitting where it was raised, so the minutes
of that sitting print them without retyping.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cln_portal.dates import FlexibleDateMixin


class WorkstreamKind(models.TextChoices):
    THEMATIC = "thematic", _("axe thématique")
    REFERRAL_APPLICATION = "referral_application", _("saisine applicative")
    REFERRAL_STRATEGIC = "referral_strategic", _("saisine stratégique")
    LIAISON = "liaison", _("lien avec une autre instance")


class WorkstreamStatus(models.TextChoices):
    OPEN = "open", _("ouvert")
    IN_PROGRESS = "in_progress", _("en cours")
    CLOSED = "closed", _("clos")


class Workstream(models.Model):
    """A work axis of the council. ``objective`` is Markdown (bold allowed, as in the seed)."""

    title = models.CharField(_("intitulé"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    kind = models.CharField(
        _("nature"), max_length=30, choices=WorkstreamKind.choices, default=WorkstreamKind.THEMATIC
    )
    status = models.CharField(
        _("état"), max_length=20, choices=WorkstreamStatus.choices, default=WorkstreamStatus.OPEN
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    objective = models.TextField(_("objectif"), blank=True)
    members = models.ManyToManyField(
        "members.Member",
        through="Participation",
        related_name="workstreams",
        verbose_name=_("participant·es"),
    )

    class Meta:
        verbose_name = _("axe de travail")
        verbose_name_plural = _("axes de travail")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workstreams:detail", args=[self.slug])


class ParticipationLevel(models.TextChoices):
    PILOT = "pilot", _("pilote")
    PARTICIPANT = "participant", _("participant·e")


class Participation(models.Model):
    """A member's involvement in an axis (joined from the dashboard or by the positioning form)."""

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="participations")
    level = models.CharField(
        _("niveau"), max_length=20, choices=ParticipationLevel.choices, default=ParticipationLevel.PARTICIPANT
    )
    joined_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["workstream", "member"], name="participation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.workstream}"


class QuestionTheme(models.Model):
    """A heading under which an axis groups its questions ("Sur le périmètre budgétaire")."""

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("intitulé"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème de questions")
        verbose_name_plural = _("thèmes de questions")
        ordering = ["workstream", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workstream", "title"], name="theme_title_unique_per_workstream"),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("ouverte")
    IN_PROGRESS = "in_progress", _("réponse en cours")
    ANSWERED = "answered", _("répondue")
    WITHDRAWN = "withdrawn", _("retirée")


class Question(models.Model):
    """A question raised in an axis, and its answer once given ("Réponse apportée").

    ``raised_at`` is the sitting where it was asked (empty when a member asked between
    sittings); ``answered_at_meeting`` the sitting where the answer was presented.
    """

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="questions")
    theme = models.ForeignKey(
        QuestionTheme,
        verbose_name=_("thème"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.TextField(_("question"))
    raised_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("posée en séance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    raised_by = models.ForeignKey(
        "members.Member",
        verbose_name=_("posée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("état"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answer = models.TextField(_("réponse apportée"), blank=True)
    answered_by = models.ForeignKey(
        "members.Member",
        verbose_name=_("réponse donnée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers_given",
    )
    answered_by_service = models.CharField(_("service ayant répondu"), max_length=200, blank=True)
    answered_on = models.DateField(_("date de la réponse"), null=True, blank=True)
    answered_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("réponse présentée en séance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers_presented",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["workstream", "theme__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Proposal(models.Model):
    """A proposal made by a member in an axis, dated by the sitting where it was made."""

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="proposals")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("proposée par"), null=True, blank=True, on_delete=models.SET_NULL
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("séance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.TextField(_("proposition"))

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["workstream", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Contact(models.Model):
    """A contact with an outside body for an axis (the seed: two other councils), and who follows it."""

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="contacts")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("séance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    heading = models.CharField(_("rubrique"), max_length=200, blank=True)
    body = models.CharField(_("organisme"), max_length=200)
    followed_by = models.ForeignKey(
        "members.Member", verbose_name=_("suivi par"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(_("action"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["workstream", "order", "pk"]

    def __str__(self) -> str:
        return self.body


class NextStep(FlexibleDateMixin):
    """A step planned in an axis at a sitting ("Point d'étape"), with its owner and date."""

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="next_steps")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("séance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_steps",
    )
    label = models.CharField(_("intitulé"), max_length=100, default="Point d’étape")
    text = models.TextField(_("texte"))
    owner = models.ForeignKey(
        "members.Member", verbose_name=_("responsable"), null=True, blank=True, on_delete=models.SET_NULL
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("prochaine étape")
        verbose_name_plural = _("prochaines étapes")
        ordering = ["workstream", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
