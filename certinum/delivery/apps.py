from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "certinum.delivery"
    verbose_name = "Passation"

    def ready(self) -> None:
        from certinum.delivery import content

        content.connect_content_signals()
