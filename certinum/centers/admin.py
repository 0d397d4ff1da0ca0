from django.contrib import admin

from certinum.accounts.models import CenterMembership
from certinum.centers.models import CertificationCenter


class MembershipInline(admin.TabularInline[CenterMembership, CertificationCenter]):
    model = CenterMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(CertificationCenter)
class CertificationCenterAdmin(admin.ModelAdmin[CertificationCenter]):
    list_display = ["name", "type", "organization"]
    list_filter = ["type"]
    search_fields = ["name", "uai"]
    inlines = [MembershipInline]
