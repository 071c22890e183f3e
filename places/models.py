"""Digital-mediation places (« Où se faire aider ? »), in the national standard.

A ``Place`` is one row of the standard « standard-mediation-num » (``places/standard.py``):
its fields carry the standard's column names, so that an import and an export are a
one-to-one mapping, except ``id`` (``standard_id`` here: Django's ``id`` is our key).
Multi-value columns keep the standard's text, values separated by ``|``; the ``*_list``
properties split them. ``neighbourhood`` (quartier) is ours, not the standard's: the city's
own way to filter. Places are linked to PDIN editions and to work axes (the health axis
asks « où orienter les usagers ? »); those apps never import this one.
"""

from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .standard import label, split_values

MULTI_VALUE_FIELDS = (
    "typologie",
    "courriels",
    "site_web",
    "itinerance",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
)


class Place(models.Model):
    """One digital-mediation place, as the national standard describes it."""

    standard_id = models.CharField(
        _("identifiant du standard"),
        max_length=200,
        unique=True,
        help_text=_("Colonne « id » du standard : la clé qui permet de resynchroniser."),
    )
    pivot = models.CharField(_("SIRET ou RNA"), max_length=14)
    nom = models.CharField(_("nom"), max_length=300)
    commune = models.CharField(_("commune"), max_length=200)
    code_postal = models.CharField(_("code postal"), max_length=5)
    code_insee = models.CharField(_("code INSEE"), max_length=5, blank=True)
    adresse = models.CharField(_("adresse"), max_length=300)
    complement_adresse = models.CharField(_("complément d’adresse"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    typologie = models.CharField(_("typologie"), max_length=300, blank=True)
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    courriels = models.TextField(_("courriels"), blank=True)
    site_web = models.TextField(_("site web"), blank=True)
    horaires = models.TextField(
        _("horaires"),
        blank=True,
        help_text=_("Syntaxe OpenStreetMap, par ex. « Mo-Fr 09:00-12:00; PH off »."),
    )
    presentation_resume = models.CharField(_("présentation résumée"), max_length=280, blank=True)
    presentation_detail = models.TextField(_("présentation détaillée"), blank=True)
    source = models.CharField(_("structure collectant la donnée"), max_length=300, blank=True)
    itinerance = models.CharField(_("itinérance"), max_length=50, blank=True)
    structure_parente = models.CharField(_("structure parente"), max_length=300, blank=True)
    date_maj = models.DateField(_("date de mise à jour"))
    services = models.TextField(_("services"), blank=True)
    publics_specifiquement_adresses = models.TextField(_("publics spécifiquement adressés"), blank=True)
    prise_en_charge_specifique = models.TextField(_("prise en charge spécifique"), blank=True)
    frais_a_charge = models.CharField(_("frais à charge"), max_length=100, blank=True)
    dispositif_programmes_nationaux = models.TextField(_("dispositifs et programmes nationaux"), blank=True)
    formations_labels = models.TextField(_("formations et labels"), blank=True)
    autres_formations_labels = models.TextField(_("autres formations et labels"), blank=True)
    modalites_acces = models.TextField(_("modalités d’accès"), blank=True)
    modalites_accompagnement = models.TextField(_("modalités d’accompagnement"), blank=True)
    fiche_acces_libre = models.URLField(_("fiche Accès libre"), max_length=500, blank=True)
    prise_rdv = models.URLField(_("prise de rendez-vous en ligne"), max_length=500, blank=True)
    # Ours, not the standard's.
    neighbourhood = models.CharField(_("quartier"), max_length=100, blank=True)
    how_to_get_there = models.TextField(
        _("comment s’y rendre"), blank=True, help_text=_("Lignes et arrêts de transport en commun, accès.")
    )
    editions = models.ManyToManyField(
        "pdin.Edition", blank=True, related_name="places", verbose_name=_("éditions du PDIN")
    )
    workstreams = models.ManyToManyField(
        "workstreams.Workstream", blank=True, related_name="places", verbose_name=_("axes de travail")
    )
    edited_locally = models.BooleanField(
        _("corrigé localement"),
        default=False,
        help_text=_("Une correction de l’équipe, à reporter à la cartographie nationale."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    fiche_pdf = models.FileField(_("fiche orientation (PDF)"), upload_to="places/fiches/", blank=True)
    fiche_pdf_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("lieu de médiation numérique")
        verbose_name_plural = _("lieux de médiation numérique")
        ordering = ["nom", "pk"]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("places:detail", args=[self.pk])

    def values_of(self, name: str) -> list[str]:
        """A multi-value column as a list (``"A|B"`` → ``["A", "B"]``)."""
        return split_values(getattr(self, name))

    @property
    def services_list(self) -> list[str]:
        return self.values_of("services")

    @property
    def publics_list(self) -> list[str]:
        return self.values_of("publics_specifiquement_adresses")

    @property
    def support_list(self) -> list[str]:
        return self.values_of("prise_en_charge_specifique")

    @property
    def fees_list(self) -> list[str]:
        return self.values_of("frais_a_charge")

    @property
    def access_list(self) -> list[str]:
        return self.values_of("modalites_acces")

    def labels_of(self, name: str) -> list[str]:
        """A multi-value column as the reader's labels (``standard.VALUE_LABELS``), in the
        active language; the stored values are unchanged."""
        return [label(value) for value in self.values_of(name)]

    @property
    def services_labels(self) -> list[str]:
        return self.labels_of("services")

    @property
    def publics_labels(self) -> list[str]:
        return self.labels_of("publics_specifiquement_adresses")

    @property
    def support_labels(self) -> list[str]:
        return self.labels_of("prise_en_charge_specifique")

    @property
    def fees_labels(self) -> list[str]:
        return self.labels_of("frais_a_charge")

    @property
    def access_labels(self) -> list[str]:
        return self.labels_of("modalites_acces")

    @property
    def courriels_list(self) -> list[str]:
        return self.values_of("courriels")

    @property
    def site_web_list(self) -> list[str]:
        return self.values_of("site_web")

    @property
    def full_address(self) -> str:
        street = ", ".join(p for p in [self.adresse, self.complement_adresse] if p)
        return f"{street}, {self.code_postal} {self.commune}"

    @property
    def phone_display(self) -> str:
        """``+33320000000`` → ``03 20 00 00 00`` (French numbers only; others as given)."""
        number = self.telephone
        if number.startswith("+33") and len(number) == 12:
            local = "0" + number[3:]
            return " ".join(local[i : i + 2] for i in range(0, 10, 2))
        return number

    @property
    def osm_url(self) -> str:
        """« Voir sur OpenStreetMap »: a marker at the place (zoom 18); empty without coordinates."""
        if self.latitude is None or self.longitude is None:
            return ""
        query = urlencode({"mlat": self.latitude, "mlon": self.longitude})
        return f"https://www.openstreetmap.org/?{query}#map=18/{self.latitude}/{self.longitude}"
