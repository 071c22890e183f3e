"""Admin of accounts, the council record and the people named in its records."""

from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from cln_portal.uploads import JPEG, PNG, RefusedFormStatusAdminMixin, check_upload

from .models import (
    AuditAction,
    AuditEntry,
    Council,
    ErasureRequest,
    Invitation,
    MandatePeriod,
    Member,
    SortitionDraw,
    User,
)
from .services import audit_record

# The admin's own login form would skip allauth's flow, rate limits and second factor:
# send it to allauth's login page instead (allauth's recommended set-up).
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "member", "is_staff", "is_active", "last_login"]
    list_select_related = ["member"]
    search_fields = ["email", "member__first_name", "member__last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


# The logo is printed on the PDFs' letterhead: a small picture.
LOGO_MAX_BYTES = 5 * 1024 * 1024


class CouncilAdminForm(forms.ModelForm):
    """The logo must be a PNG or JPEG by content (Django's ImageField takes any format Pillow reads)."""

    class Meta:
        model = Council
        fields = "__all__"  # noqa: DJ007 -- every field, as the admin shows; only the logo gets a check

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            kind = check_upload(logo, accept={PNG, JPEG}, max_bytes=LOGO_MAX_BYTES)
            logo.name = f"logo.{kind}"
        return logo


@admin.register(Council)
class CouncilAdmin(RefusedFormStatusAdminMixin, admin.ModelAdmin):
    form = CouncilAdminForm
    list_display = ["name", "city", "service"]
    autocomplete_fields = ["followed_by"]

    def has_add_permission(self, request) -> bool:
        # One council per deployment.
        return not Council.objects.exists() and super().has_add_permission(request)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "role", "sector", "mandate_start", "mandate_end", "user"]
    list_filter = ["role", "sector"]
    search_fields = ["first_name", "last_name", "user__email", "contact_email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["erased_at"]
    inlines = []

    def save_model(self, request, obj, form, change):
        """Changes made in the admin go into the audit history too (who, when, what)."""
        super().save_model(request, obj, form, change)
        changes = {name: [form.initial.get(name), form.cleaned_data.get(name)] for name in form.changed_data}
        changes = {
            k: [str(v[0]) if v[0] is not None else None, str(v[1]) if v[1] is not None else None]
            for k, v in changes.items()
        }
        if not change:
            action = AuditAction.CREATED
        elif "role" in changes:
            action = AuditAction.ROLE_CHANGED
        else:
            action = AuditAction.UPDATED
        if changes or not change:
            audit_record(actor=request.user, member=obj, action=action, changes=changes)


class MandatePeriodInline(admin.TabularInline):
    model = MandatePeriod
    extra = 0


MemberAdmin.inlines = [MandatePeriodInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent from the staff pages (the token is only in the e-mail)."""

    list_display = ["email", "member", "created_at", "expires_at", "used_at", "superseded_at"]
    list_select_related = ["member"]
    search_fields = ["email", "member__last_name"]
    readonly_fields = [
        "member",
        "email",
        "created_at",
        "expires_at",
        "used_at",
        "superseded_at",
        "created_by",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit history can be read, never edited."""

    list_display = ["at", "action", "member", "actor_label"]
    list_filter = ["action"]
    list_select_related = ["member"]
    search_fields = ["member__last_name", "actor_label"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Decisions are taken on the staff page (which erases); here for reading."""

    list_display = ["member", "requested_at", "status", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["member"]
    readonly_fields = ["member", "requested_at", "status", "decided_at", "decided_by", "answer"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SortitionDraw)
class SortitionDrawAdmin(admin.ModelAdmin):
    """Read-only: draws are written by their staff pages (``members.sortition_services``, audited);
    a draw is cancelled with a reason there, never deleted."""

    list_display = ["title", "status", "published_at", "drawn_at"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
