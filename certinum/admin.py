"""The Django admin as Certinum's staff back office: French titles, and a login that
counts failures like ours (django-axes per account, certinum/accounts/throttle.py per
address)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from certinum.accounts.throttle import refused_when_failing


class CertinumAdminSite(admin.AdminSite):
    site_header = _("Certinum — administration")
    site_title = _("Certinum")

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        guarded = refused_when_failing("login-ip")(super().login)
        return guarded(request, extra_context)
