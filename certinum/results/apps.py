from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "certinum.results"
    label = "results"
