"""Admin of accounts, the council record and the people named in its records."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Council, Member, User


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


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
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
