"""One log for every state change of every model that has a state machine."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TransitionLog(models.Model):
    """Who moved which object from which state to which, when, and why. Append-only.

    The object is referenced by content type and id (not a foreign key) so that every app,
    present and future, logs into this one table; see docs/decisions.md (D22)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type d'objet")
    )
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("état de départ"), max_length=30)
    to_state = models.CharField(_("état d'arrivée"), max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    # A default rather than auto_now_add: migrated history keeps its original dates.
    at = models.DateTimeField(_("le"), default=timezone.now, editable=False)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} → {self.to_state}"
