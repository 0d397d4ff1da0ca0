"""Learner space: competence evaluations (assessments), their answers and the knowledge
elements they produce. The profile (levels, pix) is always computed from knowledge
elements by the engine, never stored by hand."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certinum.engine.answers import AnswerStatus
from certinum.engine.positioning import KESource, KEStatus
from certinum.referential.models import Challenge, Competence, Skill


class AssessmentState(models.TextChoices):
    STARTED = "started", _("en cours")
    COMPLETED = "completed", _("terminée")
    RESET = "reset", _("remise à zéro")


# The state machine of an assessment: one table of allowed transitions.
ASSESSMENT_TRANSITIONS: dict[str, set[str]] = {
    AssessmentState.STARTED: {AssessmentState.COMPLETED, AssessmentState.RESET},
    AssessmentState.COMPLETED: {AssessmentState.RESET},
    AssessmentState.RESET: set(),
}


class Assessment(models.Model):
    """One competence evaluation of one pupil. It serves one challenge at a time: the
    server records which one and when, and decides timeouts from its own clock."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("état"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.STARTED
    )
    is_improving = models.BooleanField(_("pour progresser"), default=False)
    algorithm_version = models.CharField(max_length=20, default="smart-random-1")
    current_challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_served_at = models.DateTimeField(null=True, blank=True)
    current_focus_lost = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        constraints = [
            # A pupil has at most one evaluation in progress per competence.
            models.UniqueConstraint(
                fields=["user", "competence"],
                condition=models.Q(state="started"),
                name="one_started_assessment_per_competence",
            ),
        ]
        indexes = [models.Index(fields=["user", "competence", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.competence.code} ({self.get_state_display()})"


class AssessmentTransition(models.Model):
    """Log of every state change: who, when, from what to what."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=10)
    to_state = models.CharField(max_length=10)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class AnswerResult(models.TextChoices):
    """The engine's verdicts (`engine.answers.AnswerStatus`), with their labels."""

    OK = AnswerStatus.OK.value, _("réussie")
    KO = AnswerStatus.KO.value, _("échouée")
    PARTIALLY = AnswerStatus.PARTIALLY.value, _("partiellement réussie")
    TIMEDOUT = AnswerStatus.TIMEDOUT.value, _("temps écoulé")
    FOCUSED_OUT = AnswerStatus.FOCUSED_OUT.value, _("page quittée")
    ABAND = AnswerStatus.ABAND.value, _("passée")


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("réponse"))
    result = models.CharField(_("résultat"), max_length=12, choices=AnswerResult.choices)
    result_details = models.JSONField(null=True, blank=True)
    served_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    timed_out = models.BooleanField(default=False)
    focus_lost = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "challenge"], name="one_answer_per_challenge"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.result}"


class KnowledgeElement(models.Model):
    class Status(models.TextChoices):
        """`engine.positioning.KEStatus`, with labels."""

        VALIDATED = KEStatus.VALIDATED.value, _("validé")
        INVALIDATED = KEStatus.INVALIDATED.value, _("invalidé")
        RESET = KEStatus.RESET.value, _("remis à zéro")

    class Source(models.TextChoices):
        """`engine.positioning.KESource`, with labels."""

        DIRECT = KESource.DIRECT.value, _("direct")
        INFERRED = KESource.INFERRED.value, _("inféré")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_elements"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, related_name="knowledge_elements"
    )
    answer = models.ForeignKey(Answer, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    earned_pix = models.FloatField(default=0)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("acquis évalué")
        verbose_name_plural = _("acquis évalués")
        indexes = [models.Index(fields=["user", "competence", "created_at"])]

    def __str__(self) -> str:
        return f"{self.skill_id} {self.status} ({self.source})"
