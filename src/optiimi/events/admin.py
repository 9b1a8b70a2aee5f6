from django.contrib import admin

from optiimi.core.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ReadOnlyInline
from optiimi.events.models import (
    Event,
    EventSeries,
    Feedback,
    Invitation,
    Question,
    Registration,
)


@admin.register(EventSeries)
class EventSeriesAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name_fi", "category", "sub_region", "target_per_year"]


class RegistrationInline(ReadOnlyInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "status", "attended"]


@admin.register(Event)
class EventAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "category", "sub_region", "start", "capacity", "public"]
    list_filter = ["category", "sub_region", "public"]
    search_fields = ["title"]
    filter_horizontal = ["hosts"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["name", "email", "event", "status", "attended", "created"]
    list_filter = ["status", "attended"]
    search_fields = ["name", "email"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["email", "person", "event", "answer", "sent", "answered", "reminded"]
    list_filter = ["answer"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["registration", "rating", "created"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["text", "event", "asked", "type", "required"]
    list_filter = ["asked", "type"]
