"""``python manage.py import_places [FILE_OR_URL] --commune Roubaix --insee 59512``.

Imports the national cartography's places of one commune (CSV or JSON in the standard).
Without a source, reads ``settings.PLACES_SOURCE_URL``. Prints the report in French.
"""

import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from places.services import MAX_IMPORT_BYTES, places_import, read_rows


class Command(BaseCommand):
    help = _("Importe les lieux de médiation numérique d’une commune (fichier ou URL au standard national).")

    def add_arguments(self, parser):
        parser.add_argument(
            "source", nargs="?", default="", help=_("Chemin ou URL https du fichier CSV ou JSON.")
        )
        parser.add_argument("--commune", default="", help=_("Nom de la commune à garder."))
        parser.add_argument("--insee", default="", help=_("Code INSEE de la commune à garder."))

    def handle(self, *args, source: str, commune: str, insee: str, **options) -> None:
        source = source or settings.PLACES_SOURCE_URL
        commune = commune or settings.PLACES_COMMUNE
        insee = insee or settings.PLACES_INSEE
        if not source:
            raise CommandError(_("Indiquez un fichier ou une URL, ou réglez PLACES_SOURCE_URL."))
        if not commune and not insee:
            raise CommandError(
                _("Indiquez --commune ou --insee : le fichier national couvre toute la France.")
            )
        content = self._read(source)
        try:
            report = places_import(
                rows=read_rows(content=content, filename=source), commune=commune, insee=insee
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(report.summary())
        for note in report.notes:
            self.stdout.write(note)
        for problem in report.problems:
            self.stdout.write(str(problem))

    def _read(self, source: str) -> bytes:
        if source.startswith("https://"):
            try:
                with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - https only
                    return response.read(MAX_IMPORT_BYTES + 1)[:MAX_IMPORT_BYTES]
            except OSError as error:
                raise CommandError(_("Téléchargement impossible : %(error)s") % {"error": error}) from error
        if "://" in source:
            raise CommandError(_("Seules les URL https sont acceptées."))
        path = Path(source)
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": source})
        with path.open("rb") as handle:
            return handle.read(MAX_IMPORT_BYTES)
