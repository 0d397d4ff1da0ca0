"""Certification results, append-only (spec 05 §4.7, 07 §5): every scoring, automatic jury,
neutralization or jury decision adds a `CertificationResult` with its competence marks; the
latest one is the current result. Nothing is ever updated or deleted, so the history of a
certificate can always be read back. Also the batches of attestations built by the worker."""

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Spec 05 §4.6: a competence level runs from -1 (not certified) to the max reachable level.
MIN_LEVEL = -1
MAX_LEVEL = 8


class AppendOnlyError(Exception):
    """Raised by any attempt to change or remove a stored result."""


class ResultStatus(models.TextChoices):
    VALIDATED = "validated", _("validée")
    REJECTED = "rejected", _("rejetée")
    ERROR = "error", _("en erreur")
    CANCELLED = "cancelled", _("annulée")


class Emitter(models.TextChoices):
    ALGORITHM = "algorithm", _("algorithme")
    AUTO_JURY = "auto-jury", _("jury automatique")
    NEUTRALIZATION = "neutralization", _("neutralisation")
    JURY = "jury", _("membre du jury")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("results are append-only: add a new result instead")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("results are append-only: nothing is deleted")


class AppendOnly(models.Model):
    """A row written once: saving it again or deleting it raises AppendOnlyError."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("results are append-only: add a new result instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("results are append-only: nothing is deleted")


class CertificationResult(AppendOnly):
    course = models.ForeignKey(
        "evaluation.CertificationCourse", on_delete=models.PROTECT, related_name="results"
    )
    status = models.CharField(_("statut"), max_length=10, choices=ResultStatus.choices)
    pix_score = models.IntegerField(_("nombre de pix"))
    reproducibility_rate = models.DecimalField(
        _("taux de reproductibilité (%)"), max_digits=5, decimal_places=2
    )
    emitter = models.CharField(_("émetteur"), max_length=16, choices=Emitter.choices)
    author = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("membre du jury"),
    )
    comment_for_candidate = models.TextField(_("commentaire pour le candidat"), blank=True)
    comment_for_organization = models.TextField(_("commentaire pour l'organisation"), blank=True)
    comment_for_jury = models.TextField(_("commentaire pour le jury"), blank=True)
    error_message = models.TextField(_("message d'erreur"), blank=True)
    created_at = models.DateTimeField(_("émis le"), default=timezone.now)

    class Meta:
        verbose_name = _("résultat de certification")
        verbose_name_plural = _("résultats de certification")
        indexes = [models.Index(fields=["course", "-id"], name="result_course_latest")]

    def __str__(self) -> str:
        return f"{self.course_id} — {self.get_status_display()} ({self.pix_score} pix)"


class CompetenceMark(AppendOnly):
    result = models.ForeignKey(CertificationResult, on_delete=models.PROTECT, related_name="marks")
    competence_code = models.CharField(_("compétence"), max_length=5)
    area_code = models.CharField(_("domaine"), max_length=2)
    level = models.SmallIntegerField(_("niveau"))
    score = models.IntegerField(_("pix"))

    class Meta:
        verbose_name = _("niveau certifié")
        verbose_name_plural = _("niveaux certifiés")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "competence_code"], name="mark_one_per_competence"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="mark_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence_code}: {self.level}"


class AttestationBatch(models.Model):
    """The attestations of a session's published certificates, one PDF per pupil in a zip,
    built by the worker with its progress (the pattern of orga.Export). Downloaded through
    a view of the center or the school, which checks who asks."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("prêt")
        FAILED = "failed", _("échec")

    session = models.ForeignKey(
        "centers.Session", on_delete=models.CASCADE, related_name="attestation_batches"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    count = models.PositiveIntegerField(_("attestations"), default=0)
    file = models.FileField(_("fichier"), upload_to="attestations/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(_("message d'erreur"), blank=True)
    task_id = models.CharField(_("tâche"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lot d'attestations")
        verbose_name_plural = _("lots d'attestations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="attestation_batch_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} — {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def download_name(self) -> str:
        return f"attestations-session-{self.session_id}.zip"
