import datetime

import factory

from places.models import Place


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    standard_id = factory.Sequence(lambda n: f"lieu-{n}")
    pivot = "21590512800011"
    nom = factory.Sequence(lambda n: f"Lieu {n}")
    commune = "Roubaix"
    code_postal = "59100"
    code_insee = "59512"
    adresse = "1 rue de la Paix"
    date_maj = datetime.date(2026, 9, 15)
    services = "Aide aux démarches administratives"
    frais_a_charge = "Gratuit"
