"""``python manage.py render_minutes 2025-11-28 --output minutes.pdf``: the official PDF of a sitting's minutes."""

import datetime
import re
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from cln_portal.dates import DatePrecision, format_flexible_date
from sessions.minutes.pdf import render_minutes_pdf
from sessions.minutes.selectors import minutes_get_by_meeting_date
from sessions.models import Meeting

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_sitting_date(value: str) -> datetime.date:
    """Parse ``AAAA-MM-JJ`` strictly; raise ``CommandError`` with a French message otherwise."""
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("Date invalide « %(value)s » : attendu AAAA-MM-JJ, par exemple 2025-11-28.") % {"value": value}
        ) from None


class Command(BaseCommand):
    # gettext, not gettext_lazy: argparse needs a real string for --help.
    help = _(
        "Produit le PDF officiel du compte-rendu de la séance tenue à cette date (heure de Paris), "
        "dans sa dernière version ; un projet porte la mention « Projet »."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("date", help=_("date de la séance, AAAA-MM-JJ"))
        parser.add_argument(
            "--output",
            "-o",
            help=_("fichier PDF à écrire (par défaut : compte-rendu-cln-AAAA-MM-JJ-vN.pdf)"),
        )

    def handle(self, *args, **options) -> None:
        with translation.override("fr"):
            date = parse_sitting_date(options["date"])
            date_text = format_flexible_date(date, None, DatePrecision.DAY)
            minutes = minutes_get_by_meeting_date(date=date)
            if minutes is None:
                if Meeting.objects.filter(starts_at__date=date).exists():
                    raise CommandError(
                        _("La séance du %(date)s n’a pas encore de compte-rendu.") % {"date": date_text}
                    )
                raise CommandError(_("Aucune séance le %(date)s.") % {"date": date_text})
            output = Path(options["output"] or f"compte-rendu-cln-{date.isoformat()}-v{minutes.version}.pdf")
            if not output.parent.is_dir():
                raise CommandError(_("Le dossier « %(folder)s » n’existe pas.") % {"folder": output.parent})
            started = time.perf_counter()
            pdf = render_minutes_pdf(minutes=minutes)
            elapsed = time.perf_counter() - started
            try:
                output.write_bytes(pdf)
            except OSError as error:
                raise CommandError(
                    _("Impossible d’écrire « %(path)s » : %(error)s")
                    % {"path": output, "error": error.strerror}
                ) from None
            status = _("publié") if minutes.is_published else _("projet")
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Compte-rendu du %(date)s (version %(version)s, %(status)s) écrit dans %(path)s "
                        "(%(size)s octets, %(seconds).1f s)."
                    )
                    % {
                        "date": date_text,
                        "version": minutes.version,
                        "status": status,
                        "path": output,
                        "size": len(pdf),
                        "seconds": elapsed,
                    }
                )
            )
