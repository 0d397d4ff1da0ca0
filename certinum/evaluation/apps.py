from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "certinum.evaluation"
    label = "evaluation"
    verbose_name = "Passation des certifications"
