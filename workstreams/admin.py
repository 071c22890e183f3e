"""Admin of work axes and what is raised in them."""

from django.contrib import admin

from .models import (
    Action,
    Contact,
    NextStep,
    Participation,
    PositioningCampaign,
    PositioningChoice,
    PositioningResponse,
    Proposal,
    Question,
    QuestionTheme,
    Workstream,
)


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
    autocomplete_fields = ["raised_by", "answered_by", "followers"]


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


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "workstream", "owner", "due_on", "status"]
    list_filter = ["status", "workstream"]
    list_select_related = ["workstream", "owner"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["proposal"]


class PositioningChoiceInline(admin.TabularInline):
    model = PositioningChoice
    extra = 0


@admin.register(PositioningResponse)
class PositioningResponseAdmin(admin.ModelAdmin):
    list_display = ["member", "campaign", "updated_at"]
    list_filter = ["campaign"]
    list_select_related = ["member", "campaign"]
    autocomplete_fields = ["member"]
    inlines = [PositioningChoiceInline]


@admin.register(PositioningCampaign)
class PositioningCampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "deadline", "confirmed_at"]
    filter_horizontal = ["workstreams"]
    readonly_fields = ["created_by", "reopened_at", "reopened_by", "confirmed_at", "confirmed_by"]
