from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuryConfig(AppConfig):
    name = "certinum.jury"
    verbose_name = _("Finalisation et jury")
