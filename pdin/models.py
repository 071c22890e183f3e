"""The public programme: venues, event series (the PDIN, the planned Cafés IA) and editions,
their programme and resources, registrations with a waiting list, and members' proposals.

Several editions are known only by month ("Septembre 2022"): an edition's date keeps its
precision (``cln_portal.dates.FlexibleDateMixin``).
"""

import datetime
import secrets
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.dates import (
    DatePrecision,
    FlexibleDateMixin,
    format_datetime_fr,
    format_flexible_date,
    format_time_fr,
)
from cln_portal.links import cached_reverse
from cln_portal.media import media_path
from cln_portal.schedule import due_at, local_zone

from .validators import validate_pdf


def french_time(value: datetime.time) -> str:
    """ "9 h", "8 h 30": a wall-clock time as French typography writes it ("8:30 am" in English)."""
    return format_time_fr(value)


class Venue(models.Model):
    """A place where editions and sittings happen."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    neighbourhood = models.CharField(_("quartier"), max_length=100, blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)
    public_transport = models.TextField(
        _("transports en commun"), blank=True, help_text=_("Lignes et arrêts les plus proches.")
    )

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("pdin:venue_detail", self.slug)

    # Computed once per instance: the venue and edition pages print each twice (issue 17).
    @cached_property
    def full_address(self) -> str:
        return ", ".join(p for p in [self.address, f"{self.postal_code} {self.city}".strip()] if p)

    @cached_property
    def map_url(self) -> str:
        """A plain link to OpenStreetMap's search for the address (no embedded map, no request)."""
        query = self.full_address or f"{self.name}, {self.city}".strip(", ")
        if not query:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})


class Theme(models.Model):
    """A theme of the programme ("Accès aux droits", "Intelligence artificielle"), to filter by."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EventSeries(models.Model):
    """A recurring public event: the PDIN, the planned Cafés IA."""

    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("sigle"), max_length=20, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = models.TextField(_("présentation"), blank=True)

    class Meta:
        verbose_name = _("série d’événements")
        verbose_name_plural = _("séries d’événements")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("pdin:series_detail", self.slug)


class Edition(FlexibleDateMixin):
    """One edition of a series, numbered within it (#1 to #11 for the PDIN in the seed).

    ``start_time``/``end_time`` are wall-clock times in Europe/Paris, only for a day-precise date.
    """

    series = models.ForeignKey(
        EventSeries, verbose_name=_("série"), on_delete=models.PROTECT, related_name="editions"
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("titre"), max_length=300)
    subtitle = models.CharField(_("sous-titre"), max_length=300, blank=True)
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editions",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thème"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editions",
    )
    description = models.TextField(_("présentation"), blank=True)
    participants_count = models.PositiveIntegerField(_("nombre de participant·es"), null=True, blank=True)
    walk_in_count = models.PositiveIntegerField(
        _("venues sans inscription"),
        default=0,
        help_text=_("Compté dans le nombre de participant·es lors du pointage."),
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Vide : pas d’inscription en ligne."),
    )
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=False)
    is_demo = models.BooleanField(
        _("édition de démonstration"),
        default=False,
        help_text=_("Affichée comme telle, pour essayer l’inscription."),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        ordering = ["series", "-date", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="edition_number_unique_per_series"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return cached_reverse("pdin:edition_detail", self.series.slug, self.number)

    def clean(self) -> None:
        """The date at its precision (``FlexibleDateMixin``), registration open only for an
        edition dated to the day (people must know when to come, and the reminders and the
        waiting list count from the day before), and a capacity never below the places
        already held: lowering it would leave people registered beyond it."""
        super().clean()
        if self.registration_open and self.date_precision != DatePrecision.DAY:
            raise ValidationError(
                {
                    "registration_open": gettext(
                        "Les inscriptions ne peuvent s’ouvrir que pour une édition datée au jour près : "
                        "indiquez le jour de l’édition, ou laissez les inscriptions fermées."
                    )
                }
            )
        if self.pk and self.capacity is not None:
            held = Registration.objects.filter(edition_id=self.pk, status__in=HOLDS_PLACE).count()
            if self.capacity < held:
                raise ValidationError(
                    {
                        "capacity": gettext(
                            "%(held)s personnes sont déjà inscrites ou ont une place proposée : "
                            "le nombre de places ne peut pas être inférieur. Annulez d’abord des "
                            "inscriptions si nécessaire."
                        )
                        % {"held": held}
                    }
                )

    @property
    def label(self) -> str:
        """ "PDIN n° 11": the series' short name and the number."""
        return f"{self.series.short_name or self.series.name} n° {self.number}"

    @property
    def when_display(self) -> str:
        """ "vendredi 13 février 2026 à 9 h", "septembre 2022": the date at its precision, the time if known."""
        text = format_flexible_date(self.date, self.date_end, self.date_precision, weekday=True)
        if text and self.has_time:
            text = gettext("%(day)s à %(time)s") % {"day": text, "time": french_time(self.start_time)}
        return text

    @property
    def has_time(self) -> bool:
        return self.date_precision == DatePrecision.DAY and self.start_time is not None

    @property
    def starts_at(self) -> datetime.datetime | None:
        """Aware start in Europe/Paris (midnight when no time is known); None without a day."""
        if self.date is None or self.date_precision == DatePrecision.MONTH:
            return None
        return due_at(day=self.date, at=self.start_time or datetime.time(0, 0))

    @property
    def ends_at(self) -> datetime.datetime | None:
        """Aware end in Europe/Paris: the end time, else two hours after the start time."""
        if not self.has_time:
            return None
        if self.end_time and self.end_time > self.start_time:
            return due_at(day=self.date, at=self.end_time)
        return self.starts_at + datetime.timedelta(hours=2)


class SequenceKind(models.TextChoices):
    PLENARY = "plenary", _("séquence plénière")
    INTERACTIVE = "interactive", _("séquence interactive")


class Sequence(models.Model):
    """A part of an edition's programme: the plenary, or the interactive workshops (10–12 people)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sequences")
    kind = models.CharField(_("type"), max_length=12, choices=SequenceKind.choices)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    start_time = models.TimeField(_("heure"), null=True, blank=True)
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Texte en Markdown simple."))

    class Meta:
        verbose_name = _("séquence du programme")
        verbose_name_plural = _("programme")
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ContributorKind(models.TextChoices):
    SPEAKER = "speaker", _("intervenant·e")
    PARTNER = "partner", _("partenaire")


class Contributor(models.Model):
    """A speaker or a partner of an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="contributors")
    kind = models.CharField(_("type"), max_length=10, choices=ContributorKind.choices)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("nom"), max_length=200)
    affiliation = models.CharField(_("structure ou fonction"), max_length=300, blank=True)
    url = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("intervenant·e ou partenaire")
        verbose_name_plural = _("intervenant·es et partenaires")
        ordering = ["edition", "kind", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    """A document or a link of an edition: uploaded slides (PDF only, checked by content) or a URL."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="resources")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=300)
    file = models.FileField(
        _("document PDF"), upload_to="pdin/resources/", blank=True, validators=[validate_pdf]
    )
    url = models.URLField(_("lien"), blank=True)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if bool(self.file) == bool(self.url):
            raise ValidationError(
                gettext("Une ressource est soit un document PDF, soit un lien : l’un des deux.")
            )

    @property
    def href(self) -> str:
        """The document's public ``/media/…`` path (any storage), or the external link."""
        return media_path(self.file) if self.file else self.url


def new_token() -> str:
    """An unguessable token for a personal link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("inscrit·e")
    WAITING = "waiting", _("liste d’attente")
    OFFERED = "offered", _("place proposée")
    CANCELLED = "cancelled", _("annulée")
    EXPIRED = "expired", _("proposition expirée")


# The statuses that hold a place, and those that count as "already registered" for an e-mail.
HOLDS_PLACE = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.WAITING)


class Registration(models.Model):
    """A person's registration for an edition, without an account.

    The waiting list is ordered by ``created_at`` then ``pk``. An offered place is held
    until ``offer_expires_at`` (aware). Personal data (name, e-mail, organisation,
    accessibility needs, tokens) are blanked ``PDIN_REGISTRATION_RETENTION_MONTHS`` after
    the edition (RGPD: kept no longer than needed); the row stays, so counts stay true.
    """

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(_("état"), max_length=10, choices=RegistrationStatus.choices)
    name = models.CharField(_("nom"), max_length=200, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    organisation = models.CharField(_("structure"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("besoins d’accessibilité"), blank=True)
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    cancel_token = models.CharField(max_length=64, unique=True, null=True, blank=True, default=new_token)
    offer_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    offered_at = models.DateTimeField(_("place proposée le"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("proposition valable jusqu’au"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    attended = models.BooleanField(_("présent·e"), default=False)
    # The language of the page the person registered from (issue 13): every e-mail about
    # this registration is written in it. French for rows from before, and for people
    # registered by staff with their group.
    language = models.CharField(
        _("langue des e-mails"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    purged_at = models.DateTimeField(_("données personnelles effacées le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["edition", "created_at", "pk"]
        constraints = [
            # One active registration per e-mail and edition, whatever its case.
            models.UniqueConstraint(
                Lower("email"),
                "edition",
                condition=Q(status__in=["confirmed", "offered", "waiting"]) & ~Q(email=""),
                name="registration_email_ci_unique_per_edition",
            ),
        ]
        indexes = [models.Index(fields=["edition", "status", "created_at"], name="registration_queue_idx")]

    def __str__(self) -> str:
        return f"{self.name or '—'} ({self.get_status_display()})"

    @property
    def offer_until_display(self) -> str:
        """ "lundi 2 mars 2026 à 14 h 30" ("Monday 2 March 2026 at 2:30 pm" in English): when the
        offered place stops being held (Europe/Paris), in the active language."""
        if not self.offer_expires_at:
            return ""
        return format_datetime_fr(self.offer_expires_at.astimezone(local_zone()))


class ProposalKind(models.TextChoices):
    THEME = "theme", _("un thème")
    VENUE = "venue", _("un lieu")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("ouverte")
    TAKEN_UP = "taken_up", _("retenue")


class ProposalPublication(models.TextChoices):
    """Whether the public sees a proposal: staff moderate every one before it is shown."""

    PENDING = "pending", _("à modérer")
    PUBLISHED = "published", _("publiée")
    REFUSED = "refused", _("refusée")


class Proposal(models.Model):
    """A proposal of a theme or a venue for a coming edition (participatory programming).

    Made by a member (``author``) or by a resident through the public form (no ``author``;
    ``proposer_name`` and ``proposer_email``, both optional). Nothing is public until staff
    publish it (``publication``); the public then reads the proposer's name only when they
    agreed (``show_name``), otherwise « un·e habitant·e » (``public_author``).
    """

    series = models.ForeignKey(
        EventSeries, verbose_name=_("série"), on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(_("je propose"), max_length=5, choices=ProposalKind.choices)
    title = models.CharField(_("proposition"), max_length=200)
    description = models.TextField(_("pourquoi ?"), blank=True)
    # Empty for a resident's proposal (public form) and once a member's account is erased.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pdin_proposals",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    created_at = models.DateTimeField(_("proposée le"), default=timezone.now)
    taken_up_at = models.DateTimeField(_("retenue le"), null=True, blank=True)
    taken_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=ProposalPublication.choices,
        default=ProposalPublication.PENDING,
    )
    show_name = models.BooleanField(
        _("nom affiché au public"),
        default=False,
        help_text=_(
            "La personne qui propose accepte que son nom soit affiché si la proposition est publiée."
        ),
    )
    # Sent through the public form: members see it only once published (it may be spam).
    from_public_form = models.BooleanField(_("proposée par le formulaire public"), default=False)
    proposer_name = models.CharField(_("nom de la personne qui propose"), max_length=200, blank=True)
    proposer_email = models.EmailField(
        _("adresse e-mail de la personne qui propose"),
        blank=True,
        help_text=_("Seulement pour lui répondre ; jamais publiée."),
    )
    moderated_at = models.DateTimeField(_("modérée le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        verbose_name = _("proposition de programmation")
        verbose_name_plural = _("propositions de programmation")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def public_author(self) -> str:
        """Who proposes, as the public reads it: the member's public name (``Member.public_name``,
        itself initials unless they chose otherwise) or the resident's name, only with their
        consent (``show_name``); « un·e habitant·e » otherwise. Needs ``author__member`` loaded."""
        if self.show_name:
            member = getattr(self.author, "member", None) if self.author_id else None
            if member is not None:
                return member.public_name
            if self.proposer_name:
                return self.proposer_name
        return gettext("un·e habitant·e")


class ProposalSupport(models.Model):
    """A support of a proposal: a member's (``user``, one per person and proposal), or a
    visitor's who confirmed an e-mailed link (``email_hash``, one per address and proposal).

    RGPD, data minimisation: for a visitor's support only a keyed hash of the normalised
    address is stored (``services.support_email_hash``), never the address itself. The hash
    is all the rule « one support per address » needs; nobody reading the table can write
    to, or list, the people who supported (the key is the portal's secret, so the hashes
    cannot be reversed by trying a list of addresses without it).
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    # SET_NULL, not CASCADE: a support given stays counted after its author's account is
    # erased or expires (what a person did does not vanish with their data).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    email_hash = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposal_support_unique"),
            models.UniqueConstraint(
                fields=["proposal", "email_hash"],
                condition=~Q(email_hash=""),
                name="proposal_support_email_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or gettext('soutien public')} → {self.proposal}"
