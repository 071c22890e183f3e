"""``python manage.py import_minutes FILE [--meeting AAAA-MM-JJ]``: import a compte-rendu as draft minutes.

FILE is a .txt, .md, .docx or .odt compte-rendu (see ``sessions.minutes.importing``). The
command prints what was created and a warning for each line kept as free text. Bad input
(empty, not a compte-rendu, unreadable, not UTF-8) and refusals (published minutes) end
with one French line on the error output and exit status 1, never a traceback.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from cln_portal.markup import NBSP, french_quotes
from sessions.minutes.importing.parser import parse_file
from sessions.minutes.importing.readers import ImportFileError
from sessions.minutes.importing.services import minutes_import, minutes_import_preview

from .render_minutes import parse_sitting_date


class Command(BaseCommand):
    # gettext, not gettext_lazy: argparse needs a real string for --help.
    help = _(
        "Importe un compte-rendu existant (.txt, .md, .docx, .odt) en projet de compte-rendu structuré : "
        "séance, présences, sections, questions, propositions, notes, calendrier et annexe."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("le fichier du compte-rendu"))
        parser.add_argument(
            "--meeting",
            help=_("date de la séance, AAAA-MM-JJ (par défaut : la date du titre du document)"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("affiche ce qui serait importé, sans rien enregistrer"),
        )

    def handle(self, *args, **options) -> None:
        with translation.override("fr"):
            meeting_date = parse_sitting_date(options["meeting"]) if options["meeting"] else None
            path = Path(options["file"])
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(
                    _("Impossible de lire « %(path)s » : %(error)s") % {"path": path, "error": error.strerror}
                ) from None
            try:
                parsed = parse_file(data, path.name)
                if options["dry_run"]:
                    summary = minutes_import_preview(parsed=parsed, meeting_date=meeting_date)
                    result = None
                else:
                    result = minutes_import(parsed=parsed, meeting_date=meeting_date, actor=None)
                    summary = result.summary
            except ImportFileError as error:
                raise CommandError(str(error)) from None
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            if result is None:
                self.stdout.write(_("Aperçu (rien n’est enregistré) :"))
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Compte-rendu importé en projet (version %(version)s) : « %(title)s ».")
                        % {"version": result.minutes.version, "title": result.minutes.title}
                    )
                )
            for line in summary.lines():
                self.stdout.write(f"  {line}")
            for note in summary.notes:
                self.stdout.write(f"  {note}")
            if summary.warnings:
                self.stdout.write(
                    self.style.WARNING(_("Avertissements (%(count)s) :") % {"count": len(summary.warnings)})
                )
                for warning in summary.warnings:
                    where = _("ligne %(line)s") % {"line": warning.line} if warning.line else _("document")
                    excerpt = f" {french_quotes(warning.excerpt)}" if warning.excerpt else ""
                    self.stdout.write(f"  {where}{excerpt}{NBSP}: {warning.message}")
            else:
                self.stdout.write(_("Aucun avertissement : chaque ligne a trouvé sa place."))
