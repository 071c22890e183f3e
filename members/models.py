"""The council, its people and their accounts.

``User`` is the login (e-mail and password, through django-allauth); ``Member`` is a
person named in the council's records: a council member, a staff member, or an invited
person who takes part in sittings without any account (``user`` empty).
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import audit


class UserManager(BaseUserManager):
    """Creates users identified by their e-mail address (no username)."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login, identified by a case-insensitively unique e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    # Chosen with the language switch (members.views.language_set); empty until then, which
    # reads as French. Pages and e-mails follow it; the PDFs are always in French.
    language = models.CharField(
        _("langue"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("Langue des pages et des e-mails ; les documents officiels (PDF) restent en français."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        member = getattr(self, "member", None)
        return member.full_name if member else self.email

    def get_short_name(self) -> str:
        member = getattr(self, "member", None)
        return member.first_name if member else self.email


class Council(models.Model):
    """The one council of this deployment: its name and letterhead, editable in the admin.

    Another city runs its own portal by changing this record, not the code.
    """

    name = models.CharField(_("nom"), max_length=200, default="Conseil local du numérique")
    short_name = models.CharField(_("sigle"), max_length=20, default="CLN")
    city = models.CharField(_("ville"), max_length=100)
    pole = models.CharField(_("pôle"), max_length=200, blank=True)
    direction = models.CharField(_("direction"), max_length=200, blank=True)
    service = models.CharField(_("service"), max_length=200, blank=True)
    address = models.CharField(_("adresse postale"), max_length=300, blank=True)
    email = models.EmailField(_("adresse e-mail de contact"), blank=True)
    phone = models.CharField(
        _("téléphone"),
        max_length=30,
        blank=True,
        help_text=_("Imprimé sur les convocations papier pour répondre par téléphone."),
    )
    followed_by = models.ForeignKey(
        "members.Member",
        verbose_name=_("dossier suivi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo = models.ImageField(_("logo"), upload_to="council/", blank=True)

    class Meta:
        verbose_name = _("conseil")
        verbose_name_plural = _("conseil")

    def __str__(self) -> str:
        return f"{self.name} – {self.city}"

    @property
    def phone_href(self) -> str:
        """ "tel:0353014217": the phone number as a link a phone can dial ("" without a number)."""
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return f"tel:{digits}" if digits else ""


class Sector(models.TextChoices):
    """The city's five sectors, from which councillors are drawn by lot (seed)."""

    NORD = "nord", _("Nord")
    SUD = "sud", _("Sud")
    EST = "est", _("Est")
    OUEST = "ouest", _("Ouest")
    CENTRE = "centre", _("Centre")


class Role(models.TextChoices):
    COUNCILLOR = "councillor", _("conseiller·ère")
    OBSERVER = "observer", _("observateur·rice associé·e")
    CO_CHAIR = "co_chair", _("co-président·e")
    OFFICER = "officer", _("chargé·e de mission")
    SERVICE_HEAD = "service_head", _("responsable de service")
    GUEST = "guest", _("invité·e")


class TitleForm(models.TextChoices):
    """Which form of a role's title to print: the seed writes "conseillère Nord"."""

    FEMININE = "f", pgettext_lazy("title form", "féminin")
    MASCULINE = "m", pgettext_lazy("title form", "masculin")
    INCLUSIVE = "x", pgettext_lazy("title form", "inclusif")


# Role titles by form, as printed in attendance lists (seed: "conseillère Nord").
ROLE_TITLES = {
    Role.COUNCILLOR: {"f": _("conseillère"), "m": _("conseiller"), "x": _("conseiller·ère")},
    Role.OBSERVER: {
        "f": _("observatrice associée"),
        "m": _("observateur associé"),
        "x": _("observateur·rice associé·e"),
    },
    Role.CO_CHAIR: {"f": _("co-présidente"), "m": _("co-président"), "x": _("co-président·e")},
    Role.OFFICER: {"f": _("chargée de mission"), "m": _("chargé de mission"), "x": _("chargé·e de mission")},
    Role.SERVICE_HEAD: {
        "f": _("responsable de service"),
        "m": _("responsable de service"),
        "x": _("responsable de service"),
    },
    Role.GUEST: {"f": _("invitée"), "m": _("invité"), "x": _("invité·e")},
}

# Roles that sit on the council (count for quorum, receive convocations).
COUNCIL_ROLES = (Role.COUNCILLOR, Role.OBSERVER, Role.CO_CHAIR)


def person_title(*, position: str, role: str, title_form: str, sector: str) -> str:
    """The printed title of a person (``Member.title``) from the four fields it depends on:
    the position when typed, else the role in the person's grammatical form ("f", "m", "x"),
    with the sector for a councillor ("conseillère Nord"). In the active language.

    A function, so that a list of hundreds of people read as ``values_list`` rows (the axis
    page) prints the same titles without building a model instance per person.
    """
    if position:
        return position
    title = str(ROLE_TITLES[Role(role)][title_form])
    if sector and role == Role.COUNCILLOR:
        # Sector(...).label, not get_sector_display(): that one rebuilds the choices'
        # dict at each call, which shows on a list of hundreds of people.
        title = f"{title} {Sector(sector).label}"
    return title


def in_mandate_condition(on: datetime.date) -> models.Q:
    """The condition "a member's mandate covers ``on``", on ``Member`` rows.

    The current mandate is on the member row (``mandate_start``/``mandate_end``); earlier
    periods are ``MandatePeriod`` rows: either may cover ``on``. A ``Q`` rather than a
    queryset so that counts for several days fit in one query
    (``Count("pk", filter=in_mandate_condition(day))``, ``sessions.meetings.selectors``).
    """
    current = models.Q(mandate_start__lte=on) & (
        models.Q(mandate_end__isnull=True) | models.Q(mandate_end__gte=on)
    )
    earlier = models.Exists(
        MandatePeriod.objects.filter(member=models.OuterRef("pk"), start__lte=on, end__gte=on)
    )
    return current | earlier


class MemberQuerySet(models.QuerySet):
    def in_mandate(self, on: datetime.date | None = None) -> "MemberQuerySet":
        """Members whose mandate covers ``on`` (default: today in Europe/Paris).

        The current mandate is on the member row (``mandate_start``/``mandate_end``);
        earlier periods are ``MandatePeriod`` rows: either may cover ``on``.
        """
        return self.filter(in_mandate_condition(on or timezone.localdate()))

    def council_in_mandate(self, on: datetime.date | None = None) -> "MemberQuerySet":
        """The council's members (``COUNCIL_ROLES``: councillors, observers, co-chairs) whose
        mandate covers ``on`` (default: today in Europe/Paris).

        They are the ones convoked to every sitting, counted for the quorum and asked to
        answer the positioning form; staff and invited services are not.
        """
        return self.in_mandate(on).filter(role__in=COUNCIL_ROLES)

    def former(self, on: datetime.date | None = None) -> "MemberQuerySet":
        """People whose last mandate ended before ``on``: former members, erased ones included."""
        on = on or timezone.localdate()
        return self.filter(mandate_end__lt=on)


class Member(models.Model):
    """A person named in the council's records.

    Council members, the co-chair and staff have a mandate (``mandate_start`` and
    optionally ``mandate_end``) and usually an account; invited people (a service director,
    a partner) have neither and are still listed in attendance. Past attendance keeps the
    role a person had at that date (``meetings.Attendance.role_label``).
    """

    user = models.OneToOneField(
        User,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    title_form = models.CharField(
        _("forme du titre"),
        max_length=1,
        choices=TitleForm.choices,
        default=TitleForm.INCLUSIVE,
        help_text=_("Accord du titre imprimé dans les listes de présence et les comptes-rendus."),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.COUNCILLOR)
    sector = models.CharField(_("secteur"), max_length=10, choices=Sector.choices, blank=True)
    position = models.CharField(
        _("fonction"),
        max_length=200,
        blank=True,
        help_text=_(
            "Remplace le titre du rôle s’il est donné, par exemple « directeur des systèmes d’information »."
        ),
    )
    organisation = models.CharField(_("organisation ou service"), max_length=200, blank=True)
    contact_email = models.EmailField(_("adresse e-mail de contact"), blank=True)
    mandate_start = models.DateField(_("début du mandat"), null=True, blank=True)
    mandate_end = models.DateField(_("fin du mandat"), null=True, blank=True)
    mandate_end_reason = models.CharField(_("motif de fin de mandat"), max_length=200, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    wants_paper = models.BooleanField(
        _("convocation papier"),
        default=False,
        help_text=_("La personne reçoit ses convocations sur papier, même si elle a une adresse e-mail."),
    )
    contact_visible = models.BooleanField(
        _("coordonnées visibles des membres"),
        default=False,
        help_text=_(
            "La personne accepte que son adresse e-mail de contact et son téléphone figurent "
            "dans l’annuaire des membres."
        ),
    )
    erased_at = models.DateTimeField(
        _("données effacées le"),
        null=True,
        blank=True,
        help_text=_(
            "Après une demande d’effacement (RGPD) : le compte et les coordonnées ont été supprimés."
        ),
    )
    name_public = models.BooleanField(
        _("nom publiable"),
        default=False,
        help_text=_("La personne accepte que son nom figure dans les documents publiés au public (RGPD)."),
    )
    name_public_since = models.DateTimeField(_("choix de publication du nom fait le"), null=True, blank=True)
    sortition_draw = models.ForeignKey(
        "members.SortitionDraw",
        verbose_name=_("tirage au sort d’origine du mandat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    sortition_number = models.PositiveIntegerField(_("numéro dans la liste du tirage"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mandate_end__isnull=True)
                | models.Q(mandate_start__isnull=False, mandate_end__gte=models.F("mandate_start")),
                name="member_mandate_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """First and last name; for an erased person, the anonymised mention ("ancien·ne membre, secteur Nord")."""
        if self.erased_at:
            return self.anonymised_label
        return f"{self.first_name} {self.last_name}"

    @property
    def anonymised_label(self) -> str:
        """What past minutes print once the person's data is erased (RGPD, members and accounts issue)."""
        if self.sector:
            return gettext("ancien·ne membre, secteur %(sector)s") % {"sector": self.get_sector_display()}
        return gettext("ancien·ne membre")

    @property
    def title(self) -> str:
        """The printed title: "conseillère Nord", "observateur associé", or the position."""
        return person_title(
            position=self.position, role=self.role, title_form=self.title_form, sector=self.sector
        )

    @property
    def public_name(self) -> str:
        """The name to print in documents published to the public.

        The full name when the person agreed (``name_public``), otherwise initials and
        sector or title ("A. G., conseillère Nord"), as RGPD asks (members and accounts issue).
        """
        if self.erased_at:
            return self.anonymised_label
        if self.name_public:
            return self.full_name
        initials = " ".join(f"{part[0]}." for part in (self.first_name, self.last_name) if part)
        return f"{initials}, {self.title}"

    @property
    def email_address(self) -> str:
        """The address the portal writes to: the account's login (confirmed by allauth), else
        the contact address (invited people without account); "" when there is none.

        Reads ``user``: select it with the member where many are iterated.
        """
        if self.user_id and self.user.email:
            return self.user.email.strip()
        return (self.contact_email or "").strip()

    def is_council_member_in_mandate(self, on: datetime.date | None = None) -> bool:
        """Whether this person sits on the council (``COUNCIL_ROLES``) with a mandate covering
        ``on``: the row-level twin of ``Member.objects.council_in_mandate``."""
        return self.role in COUNCIL_ROLES and self.is_in_mandate(on)

    def is_in_mandate(self, on: datetime.date | None = None) -> bool:
        """Whether a mandate covers ``on`` (default: today in Europe/Paris).

        The current mandate is read from the row; earlier periods (``MandatePeriod``, all
        ended before the current one started) are queried only when ``on`` falls before
        the current mandate, so the usual check for today costs no query.
        """
        on = on or timezone.localdate()
        if self.mandate_start is not None and self.mandate_start <= on:
            return self.mandate_end is None or self.mandate_end >= on
        if self.pk is None:
            return False
        return self.past_mandates.filter(start__lte=on, end__gte=on).exists()

    @property
    def is_former(self) -> bool:
        """Whether the person's last mandate has ended (today in Europe/Paris)."""
        return self.mandate_end is not None and self.mandate_end < timezone.localdate()


class MandatePeriod(models.Model):
    """An earlier, closed mandate of a person; the current one stays on ``Member``.

    Written by ``members.services.mandate_start`` when a former member starts a new
    mandate, so that past attendance can still be checked against the period it fell in.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="past_mandates")
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    end_reason = models.CharField(_("motif de fin"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mandat antérieur")
        verbose_name_plural = _("mandats antérieurs")
        ordering = ["member", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="mandate_period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} : {self.start} – {self.end}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    USED = "used", _("utilisée")
    EXPIRED = "expired", _("expirée")
    SUPERSEDED = "superseded", _("remplacée par un nouvel envoi")


class Invitation(models.Model):
    """A single-use link that lets an invited person set a password and get an account.

    Only a SHA-256 hash of the token is stored: a database leak gives no usable link.
    The link expires after ``settings.MEMBERS_INVITATION_VALIDITY_DAYS`` (14 by default);
    re-sending creates a new invitation and marks the older ones superseded.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse e-mail"))
    token_hash = models.CharField(_("empreinte du jeton"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisée le"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("remplacée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("envoyée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"

    @property
    def status(self) -> str:
        """An ``InvitationStatus`` value, judged now."""
        if self.used_at:
            return InvitationStatus.USED
        if self.superseded_at:
            return InvitationStatus.SUPERSEDED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return str(InvitationStatus(self.status).label)


class AuditAction(models.TextChoices):
    CREATED = "created", _("fiche créée")
    UPDATED = "updated", _("fiche modifiée")
    DRAW_CREATED = "draw_created", _("tirage au sort : liste créée")
    DRAW_UPDATED = "draw_updated", _("tirage au sort : liste ou sièges modifiés")
    DRAW_PUBLISHED = "draw_published", _("tirage au sort : liste publiée")
    DRAW_DONE = "draw_done", _("tirage au sort : tirage effectué")
    DRAW_CANCELLED = "draw_cancelled", _("tirage au sort : annulé")
    DRAW_MANDATE = "draw_mandate", _("mandat issu d’un tirage au sort")
    ROLE_CHANGED = "role_changed", _("rôle modifié")
    MANDATE_ENDED = "mandate_ended", _("fin de mandat")
    MANDATE_STARTED = "mandate_started", _("nouveau mandat")
    INVITED = "invited", _("invitation envoyée")
    INVITATION_RESENT = "invitation_resent", _("invitation renvoyée")
    INVITATION_ACCEPTED = "invitation_accepted", _("compte créé par invitation")
    IMPORTED = "imported", _("import CSV")
    STAFF_CHANGED = "staff_changed", _("droits d’équipe modifiés")
    CONSENT_CHANGED = "consent_changed", _("choix de publication modifié")
    ERASURE_REQUESTED = "erasure_requested", _("effacement demandé")
    ERASURE_REFUSED = "erasure_refused", _("effacement refusé")
    ERASED = "erased", _("données effacées")
    ACCOUNT_EXPIRED = "account_expired", _("compte supprimé à l’échéance de conservation")


# The other apps register theirs in their AppConfig.ready (members.audit).
audit.register_actions(AuditAction.choices)


class AuditEntry(models.Model):
    """One thing a person did (or the system): who, when, what, about whom or what.

    ``action`` is registered in ``members.audit`` by the app that writes it; ``member`` is
    the person concerned, if any; ``about`` names the object concerned, if any, as
    "app_label.model:pk" (``notifications.services.about_key``: a sitting, a question…).
    ``changes`` maps a field name to ``[old, new]`` (JSON values); ``actor_label`` keeps
    the actor's name when their account is later deleted. Erasing a person scrubs the
    personal values of their entries but keeps the entries (``members.services.member_erase``).
    """

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("auteur·rice"), max_length=200, blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=audit.ACTION_MAX_LENGTH, choices=audit.action_choices)
    about = models.CharField(_("objet"), max_length=100, blank=True, db_index=True)
    changes = models.JSONField(_("changements"), default=dict, blank=True)

    class Meta:
        verbose_name = _("historique des modifications")
        verbose_name_plural = _("historique des modifications")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} – {self.member}"

    def get_action_display(self) -> str:
        # Also for an action no app registers any more (old rows keep their value).
        return str(audit.action_label(self.action))


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    CONFIRMED = "confirmed", _("effectuée")
    REFUSED = "refused", _("refusée")


class ErasureRequest(models.Model):
    """A person's request to erase their data (RGPD art. 17), confirmed or refused by staff."""

    member = models.ForeignKey(
        Member, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    status = models.CharField(
        _("état"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("traitée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("réponse"), blank=True)

    class Meta:
        verbose_name = _("demande d’effacement")
        verbose_name_plural = _("demandes d’effacement")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(status="pending"), name="erasure_request_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_status_display()}"


class DrawStatus(models.TextChoices):
    DRAFT = "draft", _("en préparation")
    PUBLISHED = "published", _("liste publiée, tirage à venir")
    DRAWN = "drawn", _("tiré")
    CANCELLED = "cancelled", _("annulé")


class SortitionDraw(models.Model):
    """A verifiable stratified draw by lot of council members (issue 14, ``members.sortition``).

    In preparation (``draft``) staff set the pool (``pool_text``, the canonical list), the
    seats per stratum (``seats``: ``{stratum: k}``) and the source of randomness; publishing
    freezes them with the pool's SHA-256 (a change afterwards means a new draw, hence a new
    hash); the seed is typed once ``seed_available_at`` has passed, and the draw stores
    ``result`` (``{stratum: {"panel": [numbers], "reserve": [numbers]}}``). A draw is
    cancelled with a reason, never deleted.
    """

    title = models.CharField(_("intitulé"), max_length=200)
    status = models.CharField(_("état"), max_length=10, choices=DrawStatus.choices, default=DrawStatus.DRAFT)
    pool_text = models.TextField(
        _("liste numérotée"), blank=True, help_text=_("Une ligne par personne : numéro;initiales;strate.")
    )
    pool_sha256 = models.CharField(_("empreinte SHA-256 de la liste"), max_length=64, blank=True)
    seats = models.JSONField(_("sièges par strate"), default=dict, blank=True)
    algorithm = models.CharField(_("algorithme"), max_length=50, blank=True)
    algorithm_version = models.CharField(_("version de l’algorithme"), max_length=10, blank=True)
    randomness_source = models.CharField(
        _("source publique du hasard"),
        max_length=300,
        blank=True,
        help_text=_(
            "Fixée à l’avance, par exemple « numéros du tirage EuroMillions du 13 juin 2025, "
            "dans l’ordre croissant, séparés par une espace » ou « drand, tour n° 4 200 000 »."
        ),
    )
    seed_available_at = models.DateTimeField(_("valeur publique à partir du"), null=True, blank=True)
    published_at = models.DateTimeField(_("liste publiée le"), null=True, blank=True)
    seed = models.CharField(_("graine"), max_length=300, blank=True)
    drawn_at = models.DateTimeField(_("tiré le"), null=True, blank=True)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    witnesses = models.TextField(_("témoins"), blank=True)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    cancel_reason = models.TextField(_("motif d’annulation"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    created_by = models.ForeignKey(
        User, verbose_name=_("créé par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_pdf = models.FileField(_("procès-verbal (PDF)"), upload_to="tirages/", blank=True)
    report_pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("tirage au sort")
        verbose_name_plural = _("tirages au sort")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Whether the public page shows it: once its list is published."""
        return self.published_at is not None
