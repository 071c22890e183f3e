"""Admin of the sittings (agenda, attendance), convocations (answers) and quorum rules.

Imported by ``sessions/admin.py``. Quorum rules are set here, one per kind of sitting (a
number of members present or a share of the members in mandate); staff pages do everything
else.
"""

from django.contrib import admin

from ..models import AgendaItem, Attendance, Meeting, MeetingInvitation, QuorumRule


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


@admin.register(MeetingInvitation)
class MeetingInvitationAdmin(admin.ModelAdmin):
    list_display = ["member", "meeting", "answer", "is_guest", "convoked_at", "answered_at"]
    list_filter = ["answer", "is_guest"]
    list_select_related = ["member", "meeting"]
    autocomplete_fields = ["member"]
    raw_id_fields = ["meeting"]
    search_fields = ["member__first_name", "member__last_name", "meeting__title"]
    readonly_fields = ["convoked_at", "answered_at", "created_at"]


@admin.register(QuorumRule)
class QuorumRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "min_present", "min_share"]
