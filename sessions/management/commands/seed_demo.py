"""``python manage.py seed_demo``: load the reference sitting of 28 November 2025 and the PDIN programme."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sessions.demo import demo_seed


class Command(BaseCommand):
    help = _("Charge les données de référence (séance du 28 novembre 2025, programme du PDIN). Idempotent.")

    def handle(self, *args, **options) -> None:
        result = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(
                _("Données de référence chargées : %(minutes)s.") % {"minutes": result.minutes.title}
            )
        )
        if settings.DEBUG and result.accounts:
            self.stdout.write(_("Comptes de démonstration (DEBUG uniquement) :"))
            for email, password, is_staff in result.accounts:
                role = _("chargé de mission (équipe)") if is_staff else _("membre du conseil")
                self.stdout.write(f"  {role} : {email} / {password}")
