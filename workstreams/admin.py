"""Admin of work axes and what is raised in them."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import answer_services
from .models import (
    Action,
    AnsweringService,
    AnswerRequest,
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
    raw_id_fields = ["answering_service"]
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


@admin.register(AnsweringService)
class AnsweringServiceAdmin(admin.ModelAdmin):
    """The directory of the services that answer; saved through the service (audit, names)."""

    list_display = ["name", "emails", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "emails"]

    def save_model(self, request, obj, form, change):
        try:
            answer_services.answering_service_save(service=obj, actor=request.user)
        except ValidationError as error:  # the form validated the same rules: a race at most
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A service that has had questions stays in the record: make it inactive instead.
        return obj is None or not obj.answer_requests.exists() and not obj.questions.exists()


@admin.register(AnswerRequest)
class AnswerRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are opened by assigning a question and closed by the services."""

    list_display = ["question", "service", "due_on", "submitted_at", "closed_at", "closed_reason"]
    list_filter = ["service", "closed_reason"]
    list_select_related = ["question", "service"]
    search_fields = ["question__text", "draft"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
