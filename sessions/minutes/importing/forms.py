"""The staff form of the import page: a file or pasted text, and the sitting's date if it
differs from the document's title."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cln_portal.widgets import IsoDateInput

from .readers import EXTENSIONS

PASTED_NAME = "texte-colle.txt"


class MinutesImportForm(forms.Form):
    """Exactly one of ``file`` and ``text``. ``cleaned_data`` gains ``data`` (bytes) and
    ``filename`` (the file's name, or a .txt name for pasted text)."""

    file = forms.FileField(
        label=_("Fichier du compte-rendu"),
        required=False,
        help_text=_("Texte (.txt), Markdown (.md), OpenDocument (.odt) ou Word (.docx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    text = forms.CharField(
        label=_("Ou collez le texte du compte-rendu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    meeting_date = forms.DateField(
        label=_("Date de la séance"),
        required=False,
        help_text=_("Laissez vide pour prendre la date écrite dans le titre du document."),
        widget=IsoDateInput(),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("Choisissez un fichier ou collez un texte, pas les deux."))
        if not upload and not text:
            raise forms.ValidationError(_("Choisissez un fichier ou collez le texte du compte-rendu."))
        limit = settings.MINUTES_IMPORT_MAX_BYTES
        if upload:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("Ce fichier pèse %(size)s : la limite est %(limit)s.")
                    % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
                )
            data["data"], data["filename"] = upload.read(), upload.name
        else:
            data["data"], data["filename"] = text.encode("utf-8"), PASTED_NAME
        return data
