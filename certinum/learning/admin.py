"""Evaluations in the admin, read-only: their state changes only through the services, and
their history (the transition log) is shown below each one."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from certinum.learning.models import Assessment
from certinum.workflow.admin import TransitionLogInline

if TYPE_CHECKING:  # the admin classes are generic for the type checker only
    AssessmentAdminBase = admin.ModelAdmin[Assessment]
else:
    AssessmentAdminBase = admin.ModelAdmin


@admin.register(Assessment)
class AssessmentAdmin(AssessmentAdminBase):
    list_display = ["pk", "user", "competence", "state", "is_improving", "created_at"]
    list_filter = ["state", "is_improving", "competence"]
    list_select_related = ["user", "competence"]
    search_fields = ["user__username", "user__email", "=pk"]
    inlines = [TransitionLogInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
