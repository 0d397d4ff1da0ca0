from django.apps import AppConfig


class CentersConfig(AppConfig):
    name = "certinum.centers"
    label = "centers"
