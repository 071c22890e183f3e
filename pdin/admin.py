"""Admin of the public programme: staff programme editions (with their programme, speakers,
partners and resources), venues, themes; registrations and proposals are listed here too."""

from django.contrib import admin

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


class ProposalSupportInline(admin.TabularInline):
    model = ProposalSupport
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "series", "status", "created_at"]
    list_filter = ["kind", "status", "series"]
    raw_id_fields = ["author", "taken_up_by"]
    inlines = [ProposalSupportInline]
