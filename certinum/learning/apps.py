from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "certinum.learning"
    label = "learning"
