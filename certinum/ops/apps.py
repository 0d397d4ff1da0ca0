from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the platform: the demo server and the benchmarks' framework floor."""

    name = "certinum.ops"
    label = "ops"
