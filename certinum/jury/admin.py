from django.contrib import admin

from certinum.jury.models import IssueReport, SessionDocument


@admin.register(IssueReport)
class IssueReportAdmin(admin.ModelAdmin[IssueReport]):
    list_display = ["course", "category", "subcategory", "question_number", "source", "resolved_at"]
    list_filter = ["category", "source"]
    raw_id_fields = ["course", "live_alert", "created_by"]


@admin.register(SessionDocument)
class SessionDocumentAdmin(admin.ModelAdmin[SessionDocument]):
    list_display = ["session", "kind", "original_name", "uploaded_at"]
    list_filter = ["kind"]
    raw_id_fields = ["session", "uploaded_by"]
