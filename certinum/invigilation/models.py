"""The invigilator's records: who opened a session's portal, and live alerts (spec 04)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from certinum.workflow.machine import StateMachine, Transition


class InvigilatorAccess(models.Model):
    """A user who gave the session's number and password: from then on she may supervise
    it (several invigilators may, at the same time)."""

    session = models.ForeignKey(
        "centers.Session", on_delete=models.CASCADE, related_name="invigilator_accesses"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="invigilator_accesses"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accès surveillant")
        verbose_name_plural = _("accès surveillants")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_access_per_invigilator"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → session {self.session_id}"


class AlertStatus(models.TextChoices):
    ONGOING = "ongoing", _("en cours")
    DISMISSED = "dismissed", _("refusé")
    ACCEPTED = "accepted", _("validé")


ALERT_MACHINE = StateMachine(
    field="status",
    states=AlertStatus,
    transitions=[
        Transition(
            name,
            {AlertStatus.ONGOING},
            target,
            label,
            refused=_("Ce signalement a déjà été traité."),
        )
        for name, target, label in (
            ("dismiss", AlertStatus.DISMISSED, _("refuser le signalement")),
            ("accept", AlertStatus.ACCEPTED, _("valider le signalement")),
        )
    ],
)


class LiveAlert(models.Model):
    """« Signaler un problème » on a question: the candidate waits for the invigilator."""

    course = models.ForeignKey(
        "evaluation.CertificationCourse", on_delete=models.CASCADE, related_name="alerts"
    )
    certification_challenge = models.ForeignKey(
        "evaluation.CertificationChallenge", on_delete=models.CASCADE, related_name="alerts"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.ONGOING
    )
    subcategory = models.CharField(_("catégorie"), max_length=4, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("signalement en direct")
        verbose_name_plural = _("signalements en direct")
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=models.Q(status="ongoing"),
                name="one_ongoing_alert_per_course",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} — {self.get_status_display()}"
