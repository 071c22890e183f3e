"""Admin of the minutes: read-only pages for a frozen version, the audit history.

Staff write the minutes through the editor pages (``sessions/minutes/views.py``).
"""

from django import forms
from django.contrib import admin

from cln_portal.uploads import RefusedFormStatusAdminMixin

from ..models import (
    Annex,
    CalendarEntry,
    Footnote,
    Minutes,
    MinutesCorrection,
    MinutesEvent,
    MinutesSection,
)
from .forms import sniff_annex


def _frozen(minutes) -> bool:
    """A version being published or published never changes, in the admin either."""
    return minutes is not None and not minutes.is_editable


class FrozenWithMinutesMixin:
    """Read-only pages for the records of a frozen version (``minutes_of`` finds the version)."""

    @staticmethod
    def minutes_of(obj):
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and _frozen(self.minutes_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _frozen(self.minutes_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        # Inlines get the parent as ``obj``; model admins get no ``obj``.
        if obj is not None and _frozen(self.minutes_of(obj)):
            return False
        return super().has_add_permission(request, *([obj] if obj is not None else []))


class MinutesSectionInline(FrozenWithMinutesMixin, admin.StackedInline):
    model = MinutesSection
    extra = 0
    autocomplete_fields = ["workstream"]
    show_change_link = True


class FootnoteInline(FrozenWithMinutesMixin, admin.TabularInline):
    model = Footnote
    extra = 0


class AnnexAdminForm(forms.ModelForm):
    """The admin checks an uploaded annex as the editor does: by content and size."""

    class Meta:
        model = Annex
        fields = ["order", "title", "body", "file", "caption", "include_pdin_history"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            extension, _is_image = sniff_annex(upload)
            upload.name = f"annexe.{extension}"
        return upload


class AnnexInline(FrozenWithMinutesMixin, admin.StackedInline):
    model = Annex
    form = AnnexAdminForm
    extra = 0


class CorrectionInline(admin.TabularInline):
    model = MinutesCorrection
    extra = 0
    fields = ["author", "section", "text", "status", "decided_by", "decided_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Minutes)
class MinutesAdmin(RefusedFormStatusAdminMixin, FrozenWithMinutesMixin, admin.ModelAdmin):
    """Staff use the editor pages (``meetings:minutes_edit``); the admin shows a published version read-only."""

    list_display = ["title", "version", "status", "visibility", "issued_on", "published_at", "approved_on"]
    list_filter = ["status", "visibility"]
    list_select_related = ["meeting"]
    readonly_fields = [
        "status",
        "pdf",
        "pdf_sha256",
        "published_at",
        "published_by",
        "updated_at",
        "review_started_at",
        "publish_requested_at",
        "publish_error",
    ]
    inlines = [MinutesSectionInline, FootnoteInline, AnnexInline, CorrectionInline]
    search_fields = ["title"]


class CalendarEntryInline(FrozenWithMinutesMixin, admin.TabularInline):
    model = CalendarEntry
    extra = 0

    @staticmethod
    def minutes_of(obj):
        return obj.minutes


@admin.register(MinutesSection)
class MinutesSectionAdmin(FrozenWithMinutesMixin, admin.ModelAdmin):
    list_display = ["title", "minutes", "part", "order"]
    list_select_related = ["minutes"]
    inlines = [CalendarEntryInline]
    search_fields = ["title"]

    @staticmethod
    def minutes_of(obj):
        return obj.minutes


@admin.register(MinutesEvent)
class MinutesEventAdmin(admin.ModelAdmin):
    """The audit history: read only."""

    list_display = ["minutes", "action", "actor", "created_at"]
    list_select_related = ["minutes", "actor"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
