from django.contrib import admin

from certinum.accounts.models import OrganizationMembership
from certinum.orga.models import Export, Organization, Pupil


class MembershipInline(admin.TabularInline[OrganizationMembership, Organization]):
    model = OrganizationMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name", "type", "uai"]
    list_filter = ["type"]
    search_fields = ["name", "uai"]
    inlines = [MembershipInline]


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin[Pupil]):
    list_display = ["last_name", "first_name", "division", "birthdate", "organization", "user"]
    list_filter = ["organization", "division"]
    search_fields = ["last_name", "first_name", "local_id", "user__username"]
    raw_id_fields = ["user"]


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin[Export]):
    """Exports as the teachers see them; a failed one names its task, whose result (with
    the traceback) is under « Tasks Database Backend » › Task Results."""

    list_display = ["campaign", "format", "status", "progress", "requested_by", "created_at"]
    list_filter = ["status", "format"]
    search_fields = ["campaign__name", "campaign__code", "organization__name", "task_id"]
    raw_id_fields = ["campaign", "organization", "requested_by"]
    readonly_fields = ["created_at", "finished_at", "task_id"]
