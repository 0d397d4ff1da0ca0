"""Staff read results in the admin; nobody changes them there (append-only, D46): a new
result is added by a service (scoring, jury)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from certinum.results.models import AttestationBatch, CertificationResult, CompetenceMark


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MarkInline(ReadOnly, admin.TabularInline[CompetenceMark, CertificationResult]):
    model = CompetenceMark
    extra = 0


@admin.register(CertificationResult)
class CertificationResultAdmin(ReadOnly, admin.ModelAdmin[CertificationResult]):
    list_display = ["course", "status", "pix_score", "emitter", "created_at"]
    list_filter = ["status", "emitter"]
    search_fields = ["course__verification_code", "course__candidate__last_name"]
    inlines = [MarkInline]


@admin.register(AttestationBatch)
class AttestationBatchAdmin(ReadOnly, admin.ModelAdmin[AttestationBatch]):
    list_display = ["session", "status", "progress", "count", "created_at", "task_id"]
