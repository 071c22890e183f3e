"""Work axes (axes de travail) and what the council raises in them.

The seed has six axes; each has an objective, questions grouped under themes ("Sur le
périmètre budgétaire"), proposals attributed to members, contacts with outside bodies
and next steps. Each of those records the sitting where it was raised, so the minutes
of that sitting print them without retyping.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.dates import FlexibleDateMixin
from cln_portal.links import cached_reverse
from cln_portal.permissions import is_staff
from cln_portal.schedule import due_at


class WorkstreamKind(models.TextChoices):
    THEMATIC = "thematic", _("axe thématique")
    REFERRAL_APPLICATION = "referral_application", _("saisine applicative")
    REFERRAL_STRATEGIC = "referral_strategic", _("saisine stratégique")
    LIAISON = "liaison", _("lien avec une autre instance")


class WorkstreamStatus(models.TextChoices):
    OPEN = "open", _("ouvert")
    IN_PROGRESS = "in_progress", _("en cours")
    CLOSED = "closed", _("clos")
    # An axis that has questions is never deleted (they are part of the council's record):
    # it is archived, which hides it from members' lists and pages.
    ARCHIVED = "archived", _("archivé")


REFERRAL_KINDS = (WorkstreamKind.REFERRAL_APPLICATION, WorkstreamKind.REFERRAL_STRATEGIC)


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
    # A referral (saisine): the municipality asks the council for an opinion (avis).
    referred_by = models.CharField(
        _("saisi par"),
        max_length=200,
        blank=True,
        help_text=_("Pour une saisine : l’élu·e ou le service qui saisit le conseil."),
    )
    referral_question = models.TextField(
        _("question posée au conseil"), blank=True, help_text=_("Pour une saisine. Texte en Markdown simple.")
    )
    opinion_due_on = models.DateField(_("avis attendu pour le"), null=True, blank=True)
    opinion_text = models.TextField(
        _("avis adopté"), blank=True, help_text=_("Le texte de l’avis, une fois adopté. Markdown simple.")
    )
    opinion_adopted_on = models.DateField(_("avis adopté le"), null=True, blank=True)
    opinion_pdf = models.FileField(_("PDF de l’avis"), upload_to="avis/", blank=True)
    opinion_pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF de l’avis"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("axe de travail")
        verbose_name_plural = _("axes de travail")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("workstreams:detail", self.slug)

    @property
    def is_referral(self) -> bool:
        return self.kind in REFERRAL_KINDS

    @property
    def is_archived(self) -> bool:
        return self.status == WorkstreamStatus.ARCHIVED

    @property
    def has_opinion(self) -> bool:
        """Whether an adopted opinion is recorded (its text and adoption date)."""
        return bool(self.opinion_text.strip() and self.opinion_adopted_on)


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


class QuestionQuerySet(models.QuerySet):
    def public(self) -> "QuestionQuerySet":
        """Questions members may read: asked between sittings, or raised at a sitting whose
        minutes are published (issue 16: a question typed into draft minutes stays a draft
        until the minutes are published; staff see every question).

        The minutes are reached through the sitting's foreign key, not imported: this app
        sits below ``sessions`` (README, "Where things are"). "published" is the value of
        ``sessions.models.MinutesStatus.PUBLISHED``.
        """
        meeting_model = self.model._meta.get_field("raised_at").related_model
        minutes_model = meeting_model._meta.get_field("minutes").related_model
        published = minutes_model.objects.filter(meeting=models.OuterRef("raised_at"), status="published")
        return self.filter(models.Q(raised_at__isnull=True) | models.Exists(published))

    def visible_to(self, user) -> "QuestionQuerySet":
        """Every question for staff, the public ones (:meth:`public`) for everyone else."""
        return self if is_staff(user) else self.public()


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
    assigned_service = models.CharField(
        _("service chargé de la réponse"),
        max_length=200,
        blank=True,
        help_text=_("Le service de la Ville à qui la question est confiée (réponse en cours)."),
    )
    # The directory entry behind ``assigned_service`` (which keeps the name as printed):
    # the e-mailed answer link is checked against this key, never against the name.
    answering_service = models.ForeignKey(
        "AnsweringService",
        verbose_name=_("service de l’annuaire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    created_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)
    followers = models.ManyToManyField(
        "members.Member",
        verbose_name=_("suivie par"),
        blank=True,
        related_name="followed_questions",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["workstream", "theme__order", "order", "pk"]
        constraints = [
            # "Réponse apportée" without text or without a source is not an answer.
            models.CheckConstraint(
                condition=~models.Q(status="answered")
                | (
                    ~models.Q(answer="")
                    & (models.Q(answered_by__isnull=False) | ~models.Q(answered_by_service=""))
                ),
                name="question_answered_has_text_and_source",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_pending(self) -> bool:
        return self.status in (QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS)

    @property
    def asked_at(self) -> datetime.datetime:
        """When the question was put: its sitting's start, else when it was recorded (aware)."""
        return self.raised_at.starts_at if self.raised_at_id else self.created_at


def split_emails(text: str) -> list[str]:
    """The addresses of a text holding one per line (commas and semicolons also separate),
    lower-cased, without duplicates, in the order given."""
    parts = text.replace(",", "\n").replace(";", "\n").split()
    return list(dict.fromkeys(part.strip().lower() for part in parts if part.strip()))


class AnsweringService(models.Model):
    """A service of the city that answers members' questions (e.g. the DSI); it has no account.

    Staff keep this directory (staff space and admin). Giving a question to a service
    e-mails each of its addresses a link to draft the answer (:class:`AnswerRequest`). A
    service is never deleted once it has questions: it is made inactive instead.
    """

    name = models.CharField(_("nom du service"), max_length=200)
    emails = models.TextField(
        _("adresses e-mail"),
        help_text=_("Une adresse par ligne ; chacune reçoit les demandes de réponse et les rappels."),
    )
    is_active = models.BooleanField(
        _("actif"), default=True, help_text=_("Un service inactif ne reçoit plus de nouvelles questions.")
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("service qui répond")
        verbose_name_plural = _("services qui répondent")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="answering_service_name_unique",
                violation_error_message=_("Un service de l’annuaire porte déjà ce nom."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Tidy the name and the addresses; one French error per field, on its field: a name
        another service bears (any case: the constraint's rule, checked here so that the error
        goes with the name rather than above the form), no address, or a malformed one."""
        errors = {}
        self.name = " ".join(self.name.split())
        if self.name and (
            AnsweringService.objects.filter(name__iexact=self.name).exclude(pk=self.pk).exists()
        ):
            errors["name"] = gettext("Un service de l’annuaire porte déjà ce nom.")
        addresses = split_emails(self.emails)
        if not addresses and self.emails.strip():
            # Only separators typed (an empty field is the field's own error: one per field).
            errors["emails"] = gettext("Indiquez au moins une adresse e-mail.")
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                errors["emails"] = gettext("« %(address)s » n’est pas une adresse e-mail valide.") % {
                    "address": address
                }
                break
        if errors:
            raise ValidationError(errors)
        self.emails = "\n".join(addresses)

    @property
    def email_list(self) -> list[str]:
        return split_emails(self.emails)


def new_link_key() -> str:
    """A random key (256 bits, URL-safe) that goes into the signed answer link."""
    return secrets.token_urlsafe(32)


class AnswerRequestClosure(models.TextChoices):
    ANSWERED = "answered", _("réponse publiée")
    REASSIGNED = "reassigned", _("question confiée à un autre service")
    WITHDRAWN = "withdrawn", _("question retirée")


class AnswerRequest(models.Model):
    """A question given to a service with a due date, and the answer it drafts by e-mailed link.

    One is open per question at most; reassigning the question to another service closes
    it (its link no longer opens), and so do publishing the answer and withdrawing the
    question. ``key`` is the random part of the signed link (see
    ``answer_services.answer_link_token``); ``expires_at`` is when the link stops working
    (the end of the due day plus ``settings.ANSWER_LINK_DAYS_AFTER_DUE`` days, Paris time).
    ``draft`` is the service's text; ``submitted_at`` says it was sent for staff to review.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answer_requests")
    service = models.ForeignKey(
        AnsweringService, verbose_name=_("service"), on_delete=models.PROTECT, related_name="answer_requests"
    )
    due_on = models.DateField(_("réponse attendue pour le"))
    expires_at = models.DateTimeField(_("lien valable jusqu’au"))
    key = models.CharField(max_length=64, default=new_link_key, editable=False)
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft = models.TextField(_("projet de réponse"), blank=True)
    draft_saved_at = models.DateTimeField(_("projet enregistré le"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("projet envoyé le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    closed_reason = models.CharField(
        _("motif de clôture"), max_length=20, choices=AnswerRequestClosure.choices, blank=True
    )

    class Meta:
        verbose_name = _("demande de réponse à un service")
        verbose_name_plural = _("demandes de réponse aux services")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(closed_at__isnull=True),
                name="answer_request_one_open_per_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.question}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at


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
    proposed_on = models.DateField(_("proposée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["workstream", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def date(self) -> datetime.date | None:
        """The day it was made: ``proposed_on``, else the day of its sitting."""
        if self.proposed_on:
            return self.proposed_on
        return self.meeting.date if self.meeting_id else None


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("à faire")
    IN_PROGRESS = "in_progress", _("en cours")
    DONE = "done", _("réalisée")
    DROPPED = "dropped", _("abandonnée")


class Action(models.Model):
    """What a proposal turned into: who carries it, by when, and where it stands."""

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="actions")
    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("proposition d’origine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action",
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "members.Member",
        verbose_name=_("responsable"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    due_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("état"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("séance liée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["workstream", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


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


# --- Positioning form (formulaire de positionnement) ----------------------------------


class PositioningLevel(models.TextChoices):
    """A member's wish for one axis, most involved first."""

    PILOT = "pilot", _("piloter")
    CONTRIBUTE = "contribute", _("contribuer")
    FOLLOW = "follow", _("suivre")
    NOT_NOW = "not_now", _("pas pour le moment")


# Levels that count as taking part in an axis (for the rules and for confirmation).
INVOLVED_LEVELS = (PositioningLevel.PILOT, PositioningLevel.CONTRIBUTE, PositioningLevel.FOLLOW)


class Weekday(models.TextChoices):
    MONDAY = "mon", _("lundi")
    TUESDAY = "tue", _("mardi")
    WEDNESDAY = "wed", _("mercredi")
    THURSDAY = "thu", _("jeudi")
    FRIDAY = "fri", _("vendredi")
    SATURDAY = "sat", _("samedi")


class DayPart(models.TextChoices):
    MORNING = "morning", _("matin")
    AFTERNOON = "afternoon", _("après-midi")
    EVENING = "evening", _("soir")


def availability_slots() -> list[tuple[str, str]]:
    """Every availability slot as ``("tue_evening", "mardi soir")``, in week order."""
    return [(f"{day.value}_{part.value}", f"{day.label} {part.label}") for day in Weekday for part in DayPart]


class PositioningCampaign(models.Model):
    """A round of the positioning form: who answers what, until when.

    Members in mandate answer from ``opens_on`` to ``deadline`` inclusive (days in
    Europe/Paris); answers are read-only afterwards unless staff reopen with a new deadline.
    ``max_axes_per_member`` and ``min_participants_per_axis`` are optional rules that the
    results page flags. Confirming makes members participants or pilots of the axes.
    """

    title = models.CharField(_("intitulé"), max_length=200)
    introduction = models.TextField(_("présentation"), blank=True, help_text=_("Markdown simple."))
    opens_on = models.DateField(_("ouverture le"))
    deadline = models.DateField(_("date limite (incluse)"))
    workstreams = models.ManyToManyField(
        Workstream, verbose_name=_("axes concernés"), related_name="positioning_campaigns"
    )
    max_axes_per_member = models.PositiveSmallIntegerField(
        _("au plus … axes par membre"),
        null=True,
        blank=True,
        help_text=_(
            "Facultatif : nombre d’axes au plus où un membre s’implique (piloter, contribuer, suivre)."
        ),
    )
    min_participants_per_axis = models.PositiveSmallIntegerField(
        _("au moins … participant·es par axe"),
        null=True,
        blank=True,
        help_text=_("Facultatif : nombre de membres au moins dans chaque axe."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(_("rouverte le"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("résultats confirmés le"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("campagne de positionnement")
        verbose_name_plural = _("campagnes de positionnement")
        ordering = ["-deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")), name="campaign_deadline_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workstreams:positioning_form", args=[self.pk])

    @property
    def closes_at(self) -> datetime.datetime:
        """The moment answers stop being accepted: midnight after the deadline, Europe/Paris."""
        next_day = self.deadline + datetime.timedelta(days=1)
        return due_at(day=next_day, at=datetime.time(0, 0))

    def accepts_answers(self, on: datetime.date | None = None) -> bool:
        """Whether members may answer or edit on ``on`` (default: today, Europe/Paris)."""
        on = on or timezone.localdate()
        return self.confirmed_at is None and self.opens_on <= on <= self.deadline

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PositioningResponse(models.Model):
    """One member's answer to a campaign (one per member), editable until the deadline.

    ``availability`` is a list of slot codes of :func:`availability_slots` ("tue_evening").
    """

    campaign = models.ForeignKey(PositioningCampaign, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="positioning_responses"
    )
    availability = models.JSONField(_("disponibilités"), default=list, blank=True)
    availability_note = models.TextField(_("précisions sur vos disponibilités"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    submitted_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("réponse au formulaire de positionnement")
        verbose_name_plural = _("réponses au formulaire de positionnement")
        ordering = ["campaign", "member__last_name", "member__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"], name="positioning_one_response_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.campaign}"


class PositioningChoice(models.Model):
    """The level a member chose for one axis of the campaign."""

    response = models.ForeignKey(PositioningResponse, on_delete=models.CASCADE, related_name="choices")
    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="positioning_choices")
    level = models.CharField(_("souhait"), max_length=20, choices=PositioningLevel.choices)

    class Meta:
        verbose_name = _("souhait pour un axe")
        verbose_name_plural = _("souhaits pour les axes")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "workstream"], name="positioning_one_choice_per_axis"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workstream} : {self.get_level_display()}"
