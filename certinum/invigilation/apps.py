from django.apps import AppConfig


class InvigilationConfig(AppConfig):
    name = "certinum.invigilation"
    label = "invigilation"
