from django.apps import AppConfig


class ReferentialConfig(AppConfig):
    name = "certinum.referential"
    label = "referential"
