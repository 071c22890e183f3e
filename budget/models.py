"""The city's budget, imported from its open-data file (SCDL « budget »), and its digital part.

A ``Budget`` is one imported file: one budgetary step (budget primitif, compte administratif…)
of one year. Its ``BudgetLine`` rows are the file's valid rows, amounts in euros. Staff tag
the lines that are digital with a category and the direction or service they belong to; a
``DigitalGroup`` per category holds the short explanation shown to the public and the
axis-2 questions of the register that the group answers.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import formats


class Section(models.TextChoices):
    """``BGT_SECTION`` of the SCDL schema: its values are the schema's own."""

    OPERATING = "fonctionnement", _("fonctionnement")
    INVESTMENT = "investissement", _("investissement")


class Flow(models.TextChoices):
    """``BGT_CODRD`` of the SCDL schema."""

    EXPENSE = "dépense", _("dépense")
    REVENUE = "recette", _("recette")


class DigitalCategory(models.TextChoices):
    """The groups in which staff sort the digital lines (the seed's « périmètre budgétaire »)."""

    INFRASTRUCTURE = "infrastructure", _("infrastructures et réseaux")
    SOFTWARE = "software", _("logiciels et licences")
    ONLINE = "online", _("sites et services en ligne")
    INCLUSION = "inclusion", _("inclusion et médiation numérique")
    SCHOOLS = "schools", _("numérique dans les écoles")
    ADMINISTRATION = "administration", _("administration et formation des agents")


class Budget(models.Model):
    """One imported budget file: the step, year and body it describes, and how the import went.

    ``errors`` lists the rows skipped at import: ``{"line": int, "field": str, "message": str}``
    (line numbers of the file, the header being line 1), in French.
    """

    stage = models.CharField(_("étape budgétaire"), max_length=40)
    year = models.PositiveSmallIntegerField(_("exercice"))
    siret = models.CharField(_("SIRET"), max_length=14)
    body_name = models.CharField(_("collectivité"), max_length=200)
    file_name = models.CharField(_("fichier"), max_length=255)
    imported_at = models.DateTimeField(_("importé le"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    row_count = models.PositiveIntegerField(_("lignes lues"), default=0)
    errors = models.JSONField(_("lignes écartées"), default=list, blank=True)

    class Meta:
        verbose_name = _("budget importé")
        verbose_name_plural = _("budgets importés")
        ordering = ["-year", "-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.body_name} – {self.stage} {self.year}"


class BudgetLine(models.Model):
    """A valid row of the file. ``amount`` is in euros: the voted amount (``BGT_MTPREV``), or the
    realised amount (``BGT_MTREAL``) for a compte administratif; an empty amount counts as 0."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveIntegerField(_("ligne du fichier"))
    account = models.CharField(_("compte"), max_length=9)
    account_label = models.CharField(_("libellé du compte"), max_length=300)
    nature = models.CharField(_("chapitre (nature)"), max_length=9)
    nature_label = models.CharField(_("libellé du chapitre"), max_length=300)
    function = models.CharField(_("fonction"), max_length=9, blank=True)
    function_label = models.CharField(_("libellé de la fonction"), max_length=300, blank=True)
    operation = models.CharField(_("opération"), max_length=300, blank=True)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    is_order = models.BooleanField(_("opération d’ordre"), default=False)
    flow = models.CharField(_("sens"), max_length=10, choices=Flow.choices)
    amount = models.DecimalField(_("montant (€)"), max_digits=15, decimal_places=2)
    is_digital = models.BooleanField(_("numérique"), default=False)
    category = models.CharField(_("catégorie"), max_length=20, choices=DigitalCategory.choices, blank=True)
    service = models.CharField(
        _("direction ou service"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « Direction des systèmes d’information »."),
    )

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["budget", "line_number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "line_number"], name="budget_line_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.account_label}"

    @property
    def amount_shown(self) -> str:
        """The amount in whole euros, French format (« 540 000 € »)."""
        return formats.euros(self.amount)

    @property
    def tag_key(self) -> tuple[str, str, str, str, str]:
        """What identifies « the same line » from one file to the next, to carry staff's tags."""
        return (self.section, self.flow, self.account, self.function, self.operation)


class DigitalGroup(models.Model):
    """The public explanation of one category of digital lines, and the questions it answers."""

    category = models.CharField(_("catégorie"), max_length=20, choices=DigitalCategory.choices, unique=True)
    explanation = models.TextField(
        _("explication"), blank=True, help_text=_("Quelques phrases pour le public. Texte simple.")
    )
    questions = models.ManyToManyField(
        "workstreams.Question",
        verbose_name=_("questions auxquelles ce groupe répond"),
        blank=True,
        related_name="budget_groups",
    )

    class Meta:
        verbose_name = _("groupe du budget numérique")
        verbose_name_plural = _("groupes du budget numérique")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_category_display()
