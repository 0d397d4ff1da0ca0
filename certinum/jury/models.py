"""Finalization records: the issue reports of each candidate's test and the documents the
center uploads with the session (spec 07 §1–§2)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from certinum.jury.issues import IssueCategory, IssueSubcategory, is_impactful, issue_problems


class IssueSource(models.TextChoices):
    CENTER = "center", _("centre (finalisation)")
    LIVE_ALERT = "live_alert", _("signalement validé par le surveillant")


class IssueReport(models.Model):
    """A « signalement » on one candidate's test, for the jury."""

    course = models.ForeignKey(
        "evaluation.CertificationCourse", on_delete=models.CASCADE, related_name="issue_reports"
    )
    category = models.CharField(_("catégorie"), max_length=8, choices=IssueCategory.choices)
    subcategory = models.CharField(
        _("sous-catégorie"), max_length=4, choices=IssueSubcategory.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    question_number = models.PositiveSmallIntegerField(
        _("numéro de question"), null=True, blank=True
    )
    source = models.CharField(
        _("origine"), max_length=12, choices=IssueSource.choices, default=IssueSource.CENTER
    )
    live_alert = models.OneToOneField(
        "invigilation.LiveAlert",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issue_report",
    )
    resolved_at = models.DateTimeField(_("résolu le"), null=True, blank=True)
    resolution = models.TextField(_("résolution"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["course", "created_at", "pk"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")

    def __str__(self) -> str:
        return f"{self.course_id} — {self.subcategory or self.category}"

    @property
    def is_impactful(self) -> bool:
        return is_impactful(self.category, self.subcategory)

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def code(self) -> str:
        return self.subcategory or self.category

    def clean(self) -> None:
        problems = issue_problems(
            category=self.category,
            subcategory=self.subcategory,
            description=self.description,
            question_number=self.question_number,
        )
        if problems:
            raise ValidationError(problems)


class DocumentKind(models.TextChoices):
    ATTENDANCE_SHEET = "attendance", _("Feuille d'émargement signée")
    INCIDENT_REPORT = "incident", _("Rapport d'incident")
    FRAUD_REPORT = "fraud", _("Rapport de suspicion de fraude")


class SessionDocument(models.Model):
    """A scan uploaded at finalization. Stored under MEDIA_ROOT, never served as such: the
    download view checks who asks (certinum/jury/access.py)."""

    session = models.ForeignKey(
        "centers.Session", on_delete=models.CASCADE, related_name="finalization_documents"
    )
    kind = models.CharField(_("type de document"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(_("fichier"), upload_to="sessions/%Y/%m/")
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document de session")
        verbose_name_plural = _("documents de session")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — session {self.session_id}"
