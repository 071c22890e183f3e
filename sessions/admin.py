"""Admin of sittings and minutes (the structured editor for staff comes with the minutes issue)."""

from django.contrib import admin

from .models import AgendaItem, Annex, Attendance, CalendarEntry, Footnote, Meeting, Minutes, MinutesSection


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["workstream"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "starts_at", "venue"]
    list_filter = ["kind"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["convener", "venue", "workstream"]
    inlines = [AgendaItemInline, AttendanceInline]
    search_fields = ["title"]


class MinutesSectionInline(admin.StackedInline):
    model = MinutesSection
    extra = 0
    autocomplete_fields = ["workstream"]
    show_change_link = True


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0


class AnnexInline(admin.StackedInline):
    model = Annex
    extra = 0


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "status", "visibility", "issued_on", "published_at"]
    list_filter = ["status", "visibility"]
    list_select_related = ["meeting"]
    readonly_fields = ["pdf", "pdf_sha256", "published_at", "published_by", "updated_at"]
    inlines = [MinutesSectionInline, FootnoteInline, AnnexInline]
    search_fields = ["title"]


class CalendarEntryInline(admin.TabularInline):
    model = CalendarEntry
    extra = 0


@admin.register(MinutesSection)
class MinutesSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "minutes", "part", "order"]
    list_select_related = ["minutes"]
    inlines = [CalendarEntryInline]
    search_fields = ["title"]
