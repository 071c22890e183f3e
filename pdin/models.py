"""The public programme: venues, event series (the PDIN, the planned Cafés IA) and editions.

Several editions are known only by month ("Septembre 2022"): an edition's date keeps its
precision (``cln_portal.dates.FlexibleDateMixin``).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cln_portal.dates import FlexibleDateMixin


class Venue(models.Model):
    """A place where editions and sittings happen."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    neighbourhood = models.CharField(_("quartier"), max_length=100, blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_address(self) -> str:
        return ", ".join(p for p in [self.address, f"{self.postal_code} {self.city}".strip()] if p)


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
    description = models.TextField(_("présentation"), blank=True)
    participants_count = models.PositiveIntegerField(_("nombre de participant·es"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("édition de démonstration"),
        default=False,
        help_text=_("Affichée comme telle, pour essayer l’inscription."),
    )

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
        return reverse("pdin:edition_detail", args=[self.series.slug, self.number])
