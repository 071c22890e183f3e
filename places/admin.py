from django.contrib import admin

from .models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["nom", "commune", "neighbourhood", "date_maj", "edited_locally"]
    list_filter = ["neighbourhood", "edited_locally"]
    search_fields = ["nom", "adresse", "standard_id", "pivot"]
    filter_horizontal = ["editions", "workstreams"]
    readonly_fields = ["updated_at", "fiche_pdf"]
