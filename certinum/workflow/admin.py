"""The transition logs, read-only: the whole list (filter by type of object, then by
`?object_id=`), and an inline that shows the history on an object's own admin page."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpRequest

from certinum.workflow.models import TransitionLog

if TYPE_CHECKING:  # ModelAdmin is generic for the type checker only
    LogAdminBase = admin.ModelAdmin[TransitionLog]
else:
    LogAdminBase = admin.ModelAdmin

LOG_FIELDS = ("at", "transition", "from_state", "to_state", "by", "reason")


class ReadOnlyMixin:
    """History is append-only: nobody edits or deletes it, not even staff."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyMixin, LogAdminBase):
    list_display = ("at", "content_type", "object_id", *LOG_FIELDS[1:])
    list_filter = ["content_type", "transition", "to_state"]
    list_select_related = ["content_type", "by"]
    search_fields = ["=object_id", "by__username", "by__email"]
    date_hierarchy = "at"


class TransitionLogInline(ReadOnlyMixin, GenericTabularInline):
    model = TransitionLog
    fields = LOG_FIELDS
    readonly_fields = LOG_FIELDS
    extra = 0
    can_delete = False
