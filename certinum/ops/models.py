from django.conf import settings
from django.db import models


class FloorHit(models.Model):
    """One row per request of the benchmark floor view (`BENCHMARK_FLOOR=1` only): the
    cheapest write a signed-in request can make, to compare the answer path with."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%H:%M:%S.%f}"
