"""Admin of the sittings (agenda, attendance), convocations (answers) and quorum rules.

Imported by ``sessions/admin.py``. Quorum rules are set here, one per kind of sitting (a
number of members present or a share of the members in mandate); staff pages do everything
else.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext

from ..models import AgendaItem, Attendance, Meeting, MeetingInvitation, QuorumRule
from .services import attendance_closed_reason, attendance_mark, attendance_remove


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["workstream"]


class AttendanceFormSet(BaseInlineFormSet):
    """The attendance sheet in the admin follows the staff sheet's rule: open from the
    sitting's day until its minutes are published (``attendance_closed_reason``); the
    French reason is shown instead of a silent write. ``MeetingAdmin.save_formset`` saves
    it through ``attendance_mark``/``attendance_remove``, so every change is audited."""

    def clean(self):
        super().clean()
        touched = [form for form in self.forms if form.has_changed() or form in self.deleted_forms]
        if not touched:
            return
        reason = attendance_closed_reason(meeting=self.instance)
        if reason:
            raise ValidationError(reason)
        for form in touched:
            if form.instance.pk and "member" in form.changed_data and form not in self.deleted_forms:
                raise ValidationError(
                    gettext(
                        "Une ligne de présence ne change pas de personne : "
                        "supprimez-la et ajoutez la bonne personne."
                    )
                )


class AttendanceInline(admin.TabularInline):
    model = Attendance
    formset = AttendanceFormSet
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

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attendance:
            super().save_formset(request, form, formset, change)
            return
        meeting = form.instance
        # What the admin's history message lists (as BaseModelFormSet.save would set).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                attendance_remove(meeting=meeting, member=deleted.instance.member, actor=request.user)
                formset.deleted_objects.append(deleted.instance)
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed():
                continue
            data = row.cleaned_data
            is_new = row.instance.pk is None
            attendance = attendance_mark(
                meeting=meeting, member=data["member"], status=data["status"], actor=request.user
            )
            # The title and the order are presentation, not attendance: kept as typed.
            extra = {name: data[name] for name in ("role_label", "order") if name in row.changed_data}
            if extra:
                Attendance.objects.filter(pk=attendance.pk).update(**extra)
            if is_new:
                formset.new_objects.append(attendance)
            else:
                formset.changed_objects.append((attendance, row.changed_data))


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
