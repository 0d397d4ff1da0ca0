from django.apps import AppConfig


class OrgaConfig(AppConfig):
    name = "certinum.orga"
    label = "orga"
