from django.contrib.admin.apps import AdminConfig


class CertinumAdminConfig(AdminConfig):
    """django.contrib.admin with our site (certinum/admin.py), loaded once apps are ready."""

    default_site = "certinum.admin.CertinumAdminSite"
