"""Admin of the public programme: staff programme editions (with their programme, speakers,
partners and resources), venues, themes; registrations and proposals are listed here too.

Saving an edition, deleting or cancelling a registration go through ``pdin.services``, as
on the staff pages: a place freed here is offered to the waiting list too.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.uploads import RefusedFormStatusAdminMixin

from .models import (
    Contributor,
    Edition,
    EventSeries,
    Proposal,
    ProposalSupport,
    Registration,
    Resource,
    Sequence,
    Theme,
    Venue,
)
from .services import edition_save, registration_cancel_by_staff, registration_delete


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "neighbourhood", "city"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "neighbourhood"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


class SequenceInline(admin.TabularInline):
    model = Sequence
    extra = 0


class ContributorInline(admin.TabularInline):
    model = Contributor
    extra = 0


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0


@admin.register(Edition)
class EditionAdmin(RefusedFormStatusAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "series",
        "date",
        "date_precision",
        "venue",
        "capacity",
        "registration_open",
        "participants_count",
        "is_demo",
    ]
    list_filter = ["series", "date_precision", "registration_open", "is_demo"]
    list_select_related = ["series", "venue"]
    autocomplete_fields = ["venue", "theme"]
    search_fields = ["title"]
    inlines = [SequenceInline, ContributorInline, ResourceInline]

    def save_model(self, request, obj, form, change):
        # The service offers the places a raised capacity frees to the waiting list.
        edition_save(edition=obj, actor=request.user)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-mostly: registrations are made by the public form and changed through its links."""

    list_display = ["name", "email", "edition", "status", "created_at", "attended"]
    list_filter = ["status", "edition__series"]
    list_select_related = ["edition__series"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = [
        "edition",
        "status",
        "consent_at",
        "created_at",
        "cancel_token",
        "offer_token",
        "offered_at",
        "offer_expires_at",
        "confirmed_at",
        "cancelled_at",
        "purged_at",
    ]
    actions = ["cancel_registrations"]

    def delete_model(self, request, obj):
        registration_delete(registration_id=obj.pk, actor=request.user)

    def delete_queryset(self, request, queryset):
        # One at a time, oldest first: each freed place goes to the waiting list in order.
        for pk in queryset.order_by("created_at", "pk").values_list("pk", flat=True):
            registration_delete(registration_id=pk, actor=request.user)

    @admin.action(
        description=_("Annuler les inscriptions sélectionnées (place proposée à la liste d’attente)")
    )
    def cancel_registrations(self, request, queryset):
        pks = list(queryset.order_by("created_at", "pk").values_list("pk", flat=True))
        for pk in pks:
            registration_cancel_by_staff(registration_id=pk, actor=request.user)
        self.message_user(
            request, gettext("%(count)s inscription(s) annulée(s).") % {"count": len(pks)}, messages.SUCCESS
        )


class ProposalSupportInline(admin.TabularInline):
    model = ProposalSupport
    extra = 0
    raw_id_fields = ["user"]
    # A visitor's support is its address's keyed hash: nothing to type by hand.
    readonly_fields = ["email_hash"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "series", "status", "publication", "created_at"]
    list_filter = ["kind", "status", "publication", "series"]
    raw_id_fields = ["author", "taken_up_by", "moderated_by"]
    inlines = [ProposalSupportInline]
