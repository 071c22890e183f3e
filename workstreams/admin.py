"""Admin of work axes and what is raised in them."""

from django.contrib import admin

from .models import Contact, NextStep, Participation, Proposal, Question, QuestionTheme, Workstream


class QuestionThemeInline(admin.TabularInline):
    model = QuestionTheme
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Workstream)
class WorkstreamAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "order"]
    list_filter = ["kind", "status"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    inlines = [QuestionThemeInline, ParticipationInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workstream", "theme", "status", "raised_at"]
    list_filter = ["status", "workstream"]
    list_select_related = ["workstream", "theme", "raised_at"]
    search_fields = ["text", "answer"]
    autocomplete_fields = ["raised_by", "answered_by"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workstream", "member"]
    list_select_related = ["workstream", "member"]
    autocomplete_fields = ["member"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["body", "workstream", "followed_by", "note"]
    list_select_related = ["workstream", "followed_by"]


@admin.register(NextStep)
class NextStepAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workstream", "date", "owner"]
    list_select_related = ["workstream", "owner"]
