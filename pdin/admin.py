"""Admin of the public programme."""

from django.contrib import admin

from .models import Edition, EventSeries, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "neighbourhood", "city"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "neighbourhood"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "series", "date", "date_precision", "venue", "participants_count"]
    list_filter = ["series", "date_precision"]
    list_select_related = ["series", "venue"]
    autocomplete_fields = ["venue"]
    search_fields = ["title"]
