"""Sittings (séances), their attendance, and their minutes (comptes-rendus).

Minutes are structured records, not a text blob: the official PDF and the HTML page are
both rendered from them (see ``sessions.pdf``). Sections tied to a work axis draw their
questions, proposals, contacts and next steps from the ``workstreams`` app, filtered on
the sitting where they were raised.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cln_portal.dates import FlexibleDateMixin


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
        return self.title or f"{self.get_kind_display()} du {self.date_display}"

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


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("projet")
    PUBLISHED = "published", _("publié")


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
    pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

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
        return reverse("meetings:minutes_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == MinutesStatus.PUBLISHED


class SectionPart(models.IntegerChoices):
    """The parts of a compte-rendu after its opening, numbered in the seed's order."""

    WORKSTREAMS = 1, _("Axes de travail identifiés")
    NEXT_STEPS = 2, _("Prochaines étapes")


class MinutesSection(models.Model):
    """A titled section of the minutes, in a part, optionally about a work axis.

    ``body`` is Markdown (a small subset, sanitised with nh3 before display). A section
    tied to an axis also prints that axis' objective and the questions, proposals,
    contacts and next steps raised at the sitting.
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
