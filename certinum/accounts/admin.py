from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from certinum.accounts.models import CenterMembership, OrganizationMembership, User


class OrganizationMembershipInline(admin.TabularInline[OrganizationMembership, User]):
    model = OrganizationMembership
    extra = 0
    raw_id_fields = ["organization"]


class CenterMembershipInline(admin.TabularInline[CenterMembership, User]):
    model = CenterMembership
    extra = 0
    raw_id_fields = ["center"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Élève", {"fields": ("birthdate",)}),
    )
    inlines = [OrganizationMembershipInline, CenterMembershipInline]
