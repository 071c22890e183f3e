"""Sittings (séances), their attendance, and their minutes (comptes-rendus).

Minutes are structured records, not a text blob: the official PDF and the HTML page are
both rendered from them (see ``sessions.minutes.pdf``). Sections tied to a work axis draw their
questions, proposals, contacts and next steps from the ``workstreams`` app, filtered on
the sitting where they were raised.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.dates import FlexibleDateMixin
from cln_portal.links import cached_reverse


class MeetingKind(models.TextChoices):
    TECHNICAL_COMMITTEE = "technical_committee", _("comité technique")
    PLENARY = "plenary", _("assemblée plénière")
    WORKING_GROUP = "working_group", _("groupe de travail")


class Meeting(models.Model):
    """A sitting of the council. ``starts_at``/``ends_at`` are aware datetimes (Europe/Paris)."""

    kind = models.CharField(_("type de séance"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    venue = models.ForeignKey(
        "pdin.Venue",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    convener = models.ForeignKey(
        "members.Member",
        verbose_name=_("à l’initiative de"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="convened_meetings",
    )
    workstream = models.ForeignKey(
        "workstreams.Workstream",
        verbose_name=_("axe de travail (groupe de travail)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    # A working group convenes its axis' participants; this adds the whole council.
    convene_council = models.BooleanField(
        _("convoquer aussi tout le conseil"),
        default=False,
        help_text=_(
            "Pour un groupe de travail : par défaut, seuls les participant·es de l’axe sont convoqué·es."
        ),
    )
    # Set by ``sessions.meetings.services.convocation_send``; the sequence numbers the
    # calendar file (.ics SEQUENCE) so that a re-sent convocation updates the event.
    convocation_sent_at = models.DateTimeField(_("convocation envoyée le"), null=True, blank=True)
    convocation_sequence = models.PositiveSmallIntegerField(
        _("version de la convocation"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        if self.title:
            return self.title
        return gettext("%(kind)s du %(date)s") % {"kind": self.get_kind_display(), "date": self.date_display}

    def clean(self) -> None:
        super().clean()
        if self.kind == MeetingKind.WORKING_GROUP and not self.workstream_id:
            raise ValidationError(
                {"workstream": gettext("Un groupe de travail porte sur un axe de travail : choisissez-le.")}
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": gettext("La fin de la séance doit suivre son début.")})

    @property
    def date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def date_display(self) -> str:
        return formats.date_format(self.date, "j F Y")


class AgendaItem(models.Model):
    """One item of a sitting's agenda (ordre du jour), optionally about a work axis."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=300)
    workstream = models.ForeignKey(
        "workstreams.Workstream",
        verbose_name=_("axe de travail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    # Set when the item was added from the agenda suggestions (sessions.meetings.agenda):
    # the question to present or to chase, or the members' proposal to discuss. A question
    # on the agenda of a sitting that is held is marked presented there
    # (``Question.answered_at_meeting``, see ``agenda_presented_answers_record``).
    question = models.ForeignKey(
        "workstreams.Question",
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    pdin_proposal = models.ForeignKey(
        "pdin.Proposal",
        verbose_name=_("proposition de programmation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("point de l’ordre du jour")
        verbose_name_plural = _("ordre du jour")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("présent·e")
    EXCUSED = "excused", _("excusé·e")
    ABSENT = "absent", _("absent·e")


class Attendance(models.Model):
    """Whether a person came to a sitting, with the title they had on that date.

    ``role_label`` is a snapshot ("conseillère Nord") so that the list stays true after
    the person changes role or leaves the council.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("présence"), max_length=10, choices=AttendanceStatus.choices)
    # Why someone was excused ("raisons professionnelles"); kept only for "excused".
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    role_label = models.CharField(_("titre à cette date"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.role_label})"


class InvitationAnswer(models.TextChoices):
    PENDING = "pending", _("sans réponse")
    ATTENDING = "attending", _("sera présent·e")
    EXCUSED = "excused", _("excusé·e")


class MeetingInvitation(models.Model):
    """A person convoked to a sitting, and their answer (RSVP).

    Members in mandate get one when the convocation is sent; invited people (``is_guest``:
    a service, a partner, without mandate or account) get one when staff add them to the
    sitting. The answer may change until the sitting starts
    (``sessions.meetings.services.invitation_answer``); ``convoked_at`` is when their
    convocation e-mail was queued (empty: not sent yet, or no e-mail address).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    is_guest = models.BooleanField(_("personne invitée"), default=False)
    answer = models.CharField(
        _("réponse"), max_length=10, choices=InvitationAnswer.choices, default=InvitationAnswer.PENDING
    )
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    convoked_at = models.DateTimeField(_("convocation envoyée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        ordering = ["meeting", "member__last_name", "member__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="invitation_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_answer_display()}"


class QuorumRule(models.Model):
    """The quorum of one kind of sitting: a number of members present, or a share (percent).

    The share is of the members in mandate on the sitting's day (council roles only); the
    number required is rounded up. Without a rule, a kind of sitting has no quorum.
    """

    kind = models.CharField(_("type de séance"), max_length=30, choices=MeetingKind.choices, unique=True)
    min_present = models.PositiveSmallIntegerField(_("nombre minimal de présents"), null=True, blank=True)
    min_share = models.PositiveSmallIntegerField(
        _("part minimale des membres en mandat (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("règle de quorum")
        verbose_name_plural = _("règles de quorum")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_present__isnull=False, min_share__isnull=True)
                | models.Q(min_present__isnull=True, min_share__isnull=False),
                name="quorum_rule_number_or_share",
            ),
        ]

    def __str__(self) -> str:
        if self.min_present is not None:
            return f"{self.get_kind_display()} : {self.min_present}"
        return f"{self.get_kind_display()} : {self.min_share} %"

    def clean(self) -> None:
        super().clean()
        if (self.min_present is None) == (self.min_share is None):
            raise ValidationError(gettext("Indiquez soit un nombre de présents, soit une part des membres."))


class MinutesStatus(models.TextChoices):
    """The life of one version: draft → review → publishing → published (see ``sessions.minutes.services``)."""

    DRAFT = "draft", _("projet")
    REVIEW = "review", _("en relecture")
    # Set by ``minutes_publish`` while the task renders the PDF; a failed render goes back.
    PUBLISHING = "publishing", _("publication en cours")
    PUBLISHED = "published", _("publié")


# Versions whose content staff may still change.
EDITABLE_STATUSES = (MinutesStatus.DRAFT, MinutesStatus.REVIEW)


class Visibility(models.TextChoices):
    MEMBERS = "members", _("membres du conseil")
    PUBLIC = "public", _("public")


class Minutes(models.Model):
    """The compte-rendu of a sitting, as structured records.

    A published version never changes; a correction is a new row with ``version`` + 1.
    ``issued_on`` is the date printed under the letterhead (the seed: 2 December 2025).
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("séance"), on_delete=models.PROTECT, related_name="minutes"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("état"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    issued_on = models.DateField(_("date du compte-rendu"))
    addressee = models.CharField(
        _("destinataires"), max_length=200, default="Compte-rendu aux membres du Conseil local du numérique"
    )
    title = models.CharField(_("titre"), max_length=200)
    headline = models.CharField(_("accroche"), max_length=300, blank=True)
    opening = models.TextField(_("ouverture"), blank=True, help_text=_("Texte en Markdown simple."))
    workstreams_intro = models.TextField(_("introduction des axes de travail"), blank=True)
    change_note = models.TextField(_("ce qui change dans cette version"), blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(_("PDF officiel"), upload_to="minutes/", blank=True)
    # The provisional PDF ("voir le PDF provisoire"), rendered by a task on request: the
    # request time says a render is due, the render time says which request it answers.
    draft_pdf = models.FileField(
        _("PDF provisoire"), upload_to="minutes/projets/", blank=True, editable=False
    )
    draft_pdf_requested_at = models.DateTimeField(
        _("PDF provisoire demandé le"), null=True, blank=True, editable=False
    )
    draft_pdf_rendered_at = models.DateTimeField(
        _("PDF provisoire produit le"), null=True, blank=True, editable=False
    )
    draft_pdf_error = models.TextField(_("erreur du PDF provisoire"), blank=True, editable=False)
    pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64, blank=True)
    # After a person's erasure the public PDF is rendered again without their name; the PDF
    # first published stays in the service's archives (minutes are administrative records,
    # RGPD art. 17(3)), with its SHA-256, and is never served to readers.
    archived_pdf = models.FileField(
        _("PDF publié à l’origine (archive)"), upload_to="minutes/archives/", blank=True
    )
    archived_pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF d’origine"), max_length=64, blank=True)
    redacted_at = models.DateTimeField(_("rendu public refait le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # The HTML page of a published version, frozen with its PDF: the axis records it prints
    # (questions, answers, proposals) live on and may change after publication.
    html_snapshot = models.TextField(_("page HTML figée"), blank=True, editable=False)
    review_started_at = models.DateTimeField(_("envoyé en relecture le"), null=True, blank=True)
    publish_requested_at = models.DateTimeField(_("publication demandée le"), null=True, blank=True)
    publish_error = models.TextField(_("erreur de la dernière publication"), blank=True)
    acknowledged_warnings = models.JSONField(
        _("avertissements passés outre"), default=list, blank=True, editable=False
    )
    approved_on = models.DateField(_("approuvé le"), null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approuvé lors de la séance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes",
    )

    class Meta:
        verbose_name = _("compte-rendu")
        verbose_name_plural = _("comptes-rendus")
        ordering = ["-meeting__starts_at", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return cached_reverse("meetings:minutes_detail", self.pk)

    @property
    def is_published(self) -> bool:
        return self.status == MinutesStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class SectionPart(models.IntegerChoices):
    """The parts of a compte-rendu after its opening, numbered in the seed's order."""

    WORKSTREAMS = 1, _("Axes de travail identifiés")
    NEXT_STEPS = 2, _("Prochaines étapes")


class BodyPosition(models.TextChoices):
    """Where a section's free text prints, relative to the questions of its axis."""

    BEFORE = "before", _("avant les questions")
    AFTER = "after", _("après les questions")


class MinutesSection(models.Model):
    """A titled section of the minutes, in a part, optionally about a work axis.

    ``body`` is Markdown (a small subset, sanitised with nh3 before display). A section
    tied to an axis also prints that axis' objective and the questions, proposals,
    contacts and next steps raised at the sitting; ``body_position`` says whether its free
    text comes before or after the questions. A section of the « Axes de travail
    identifiés » part without an axis is printed as a part of its own (see
    ``sessions.minutes.selectors.minutes_document``).
    """

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="sections")
    part = models.PositiveSmallIntegerField(_("partie"), choices=SectionPart.choices)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    workstream = models.ForeignKey(
        "workstreams.Workstream",
        verbose_name=_("axe de travail"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_sections",
    )
    body = models.TextField(_("texte"), blank=True, help_text=_("Texte en Markdown simple."))
    body_position = models.CharField(
        _("texte libre"), max_length=10, choices=BodyPosition.choices, default=BodyPosition.AFTER
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["minutes", "part", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class CalendarEntry(FlexibleDateMixin):
    """A dated line of a "Calendrier prévisionnel" section: a day, a month or a range."""

    section = models.ForeignKey(MinutesSection, on_delete=models.CASCADE, related_name="calendar_entries")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.TextField(_("texte"))

    class Meta:
        verbose_name = _("entrée du calendrier")
        verbose_name_plural = _("calendrier prévisionnel")
        ordering = ["section", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.date_display} : {self.text[:60]}"


class Footnote(models.Model):
    """A note with its source link, called from any text of the minutes as ``[^key]``."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="footnotes")
    key = models.SlugField(_("repère"), max_length=40)
    text = models.TextField(_("texte"))
    url = models.URLField(_("lien"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("note de bas de page")
        verbose_name_plural = _("notes de bas de page")
        ordering = ["minutes", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "key"], name="footnote_key_unique"),
        ]

    def __str__(self) -> str:
        return f"[^{self.key}] {self.text[:60]}"


class Annex(models.Model):
    """An annex of the minutes: a text (Markdown) and optionally an uploaded file with a caption."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="annexes")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), blank=True)
    file = models.FileField(_("fichier"), upload_to="annexes/", blank=True)
    caption = models.CharField(_("légende"), max_length=300, blank=True)
    include_pdin_history = models.BooleanField(_("inclure l’historique des éditions du PDIN"), default=False)

    class Meta:
        verbose_name = _("annexe")
        verbose_name_plural = _("annexes")
        ordering = ["minutes", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("à examiner")
    ACCEPTED = "accepted", _("acceptée")
    DECLINED = "declined", _("refusée")


class MinutesCorrection(models.Model):
    """A correction proposed by an attendee while the minutes are under review.

    Staff accept or decline it (``decided_by``, ``decided_at``); accepting records the
    decision, the text itself is changed by staff in the editor.
    """

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    section = models.ForeignKey(
        MinutesSection,
        verbose_name=_("section concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
    )
    # SET_NULL, not PROTECT: a correction someone proposed must neither block the erasure
    # of their account (RGPD art. 17) nor vanish with it; it then reads "ancien·ne membre".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("correction proposée"))
    status = models.CharField(
        _("décision"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    decision_note = models.TextField(_("réponse de l’équipe"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposition de correction")
        verbose_name_plural = _("propositions de correction")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def author_name(self) -> str:
        """Who proposed it; "ancien·ne membre" once their account was erased or expired."""
        if self.author is None:
            return gettext("ancien·ne membre")
        return self.author.get_full_name()


class MinutesEvent(models.Model):
    """The audit history of a compte-rendu: who did what, when (one row per action)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    note = models.TextField(_("détail"), blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("historique du compte-rendu")
        verbose_name_plural = _("historique des comptes-rendus")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} ({self.created_at:%Y-%m-%d %H:%M})"
