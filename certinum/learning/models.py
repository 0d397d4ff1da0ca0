"""Learner space: competence evaluations (assessments), their answers and the knowledge
elements they produce. The profile (levels, pix) is always computed from knowledge
elements by the engine, never stored by hand."""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certinum.engine import smart_random
from certinum.engine.answers import AnswerStatus
from certinum.engine.positioning import KESource, KEStatus
from certinum.referential.models import Challenge, Competence, Skill
from certinum.workflow.machine import StateMachine, Transition


class AssessmentState(models.TextChoices):
    STARTED = "started", _("en cours")
    COMPLETED = "completed", _("terminée")
    RESET = "reset", _("remise à zéro")


ASSESSMENT_MACHINE = StateMachine(
    field="state",
    states=AssessmentState,
    transitions=[
        Transition(
            "complete",
            {AssessmentState.STARTED},
            AssessmentState.COMPLETED,
            _("terminer"),
            refused=_("Cette évaluation est déjà terminée."),
        ),
        Transition(
            "reset",
            {AssessmentState.STARTED, AssessmentState.COMPLETED},
            AssessmentState.RESET,
            _("remettre à zéro"),
        ),
    ],
)


def new_seed() -> str:
    """A seed drawn at random (not the primary key, which another database reuses)."""
    return secrets.token_hex(8)


def default_algorithm_config() -> dict[str, object]:
    return smart_random.Config().to_dict()


def current_max_reachable_level() -> int:
    return settings.MAX_REACHABLE_LEVEL


def empty_item_bank() -> dict[str, list[Any]]:
    return {"skills": [], "challenges": []}


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
    # What replays the evaluation exactly (docs/engine.md, decision D28): the algorithm and
    # its version (a module of certinum.engine.registry), its configuration, the random
    # seed drawn at creation, the display cap and the item bank it is served from. The
    # services set them all (learning/algorithm.py); the defaults only make a bare row valid.
    algorithm = models.CharField(_("algorithme"), max_length=40, default=smart_random.NAME)
    algorithm_version = models.PositiveSmallIntegerField(
        _("version de l'algorithme"), default=smart_random.VERSION
    )
    algorithm_config = models.JSONField(
        _("configuration de l'algorithme"), default=default_algorithm_config
    )
    seed = models.CharField(_("graine aléatoire"), max_length=32, default=new_seed)
    max_reachable_level = models.PositiveSmallIntegerField(
        _("niveau maximal atteignable"), default=current_max_reachable_level
    )
    item_bank = models.JSONField(_("acquis et épreuves servables"), default=empty_item_bank)
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
    # The proposals' order on screen (content positions), for QCU/QCM: `value` is always in
    # content positions, this says what the pupil saw.
    display_order = models.JSONField(null=True, blank=True)

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
