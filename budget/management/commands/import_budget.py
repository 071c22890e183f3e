"""``python manage.py import_budget <file>``: import the city's SCDL « budget » CSV."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budget.services import budget_import


class Command(BaseCommand):
    help = _("Importe le budget de la Ville depuis un fichier CSV au schéma SCDL « budget ».")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("le fichier CSV"))

    def handle(self, *args, **options) -> None:
        path = options["file"]
        try:
            with open(path, "rb") as file:
                result = budget_import(file=file, file_name=path.rsplit("/", 1)[-1])
        except OSError as exc:
            raise CommandError(
                _("Impossible de lire %(path)s : %(error)s") % {"path": path, "error": exc}
            ) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for error in result.errors:
            self.stderr.write(_("Ligne %(line)s, champ %(field)s : %(message)s") % error)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s lignes importées, %(skipped)s écartées.")
                % {"count": result.imported, "skipped": len({e["line"] for e in result.errors})}
            )
        )
