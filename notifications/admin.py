"""The outbox in the admin: what was sent, to whom, when, what failed, with a retry action."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Notification, NotificationPreference, NotificationStatus
from .services import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "status", "attempts", "sent_at", "scheduled_for"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject", "about"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Renvoyer les notifications en échec"))
    def retry(self, request, queryset):
        failed = list(queryset.filter(status=NotificationStatus.FAILED))
        for notification in failed:
            notification_retry(notification=notification)
        self.message_user(
            request,
            ngettext("%d notification renvoyée.", "%d notifications renvoyées.", len(failed)) % len(failed),
            messages.SUCCESS,
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "by_email", "updated_at"]
    list_filter = ["kind", "by_email"]
    list_select_related = ["member"]
