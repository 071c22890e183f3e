from django.contrib import admin

from .models import Budget, BudgetLine, DigitalGroup


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["body_name", "stage", "year", "file_name", "imported_at", "row_count"]
    readonly_fields = ["errors"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = [
        "line_number",
        "account",
        "account_label",
        "function",
        "section",
        "flow",
        "amount",
        "is_digital",
        "category",
        "service",
    ]
    list_filter = ["budget", "section", "flow", "is_digital", "category"]
    list_editable = ["is_digital", "category", "service"]
    search_fields = ["account", "account_label", "function_label", "operation", "service"]


@admin.register(DigitalGroup)
class DigitalGroupAdmin(admin.ModelAdmin):
    list_display = ["category", "explanation"]
    filter_horizontal = ["questions"]
