"""The certification test runner's records: a course per candidate, its challenges in the
order they are served, one answer per challenge (spec 04 §4, 05 §2–§3)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from certinum.workflow.machine import StateMachine, Transition

# Spec 07 §5.2: « P- » and 8 characters without look-alikes.
VERIFICATION_ALPHABET = "2346789BCDFGHJKMPQRTVWXY"
VERIFICATION_PREFIX = "P-"


def new_verification_code() -> str:
    return VERIFICATION_PREFIX + "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(8))


class CourseState(models.TextChoices):
    STARTED = "started", _("en cours")
    COMPLETED = "completed", _("terminé")
    ENDED_BY_INVIGILATOR = "endedByInvigilator", _("terminé par le surveillant")
    ENDED_DUE_TO_FINALIZATION = "endedDueToFinalization", _("terminé par la finalisation")


class EndReason(models.TextChoices):
    ABANDON = "abandon", _("abandon du candidat")
    TECHNICAL = "technical", _("problème technique")
    FRAUD = "fraud", _("fraude")


class AbortReason(models.TextChoices):
    """Why a test was not completed, given by the center at finalization (spec 07 §1)."""

    CANDIDATE = "candidate", _("Abandon : manque de temps ou départ prématuré")
    TECHNICAL = "technical", _("Problème technique")


COURSE_MACHINE = StateMachine(
    field="state",
    states=CourseState,
    transitions=[
        Transition(
            "complete",
            {CourseState.STARTED},
            CourseState.COMPLETED,
            _("terminer"),
            refused=_("Ce test est déjà terminé."),
        ),
        Transition(
            "end_by_invigilator",
            {CourseState.STARTED},
            CourseState.ENDED_BY_INVIGILATOR,
            _("terminer le test du candidat"),
            refused=_("Ce test est déjà terminé."),
        ),
        Transition(
            "end_by_finalization",
            {CourseState.STARTED},
            CourseState.ENDED_DUE_TO_FINALIZATION,
            _("terminer à la finalisation"),
        ),
    ],
)


class CertificationCourse(models.Model):
    """One candidate's certification test. Everything needed to replay it is stored: the
    algorithm, its version and configuration, the max reachable level, the seed, and the
    inputs the challenges were chosen from."""

    candidate = models.OneToOneField(
        "centers.Candidate", on_delete=models.PROTECT, related_name="course"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="certification_courses"
    )
    session = models.ForeignKey("centers.Session", on_delete=models.PROTECT, related_name="courses")
    state = models.CharField(
        _("état"), max_length=24, choices=CourseState.choices, default=CourseState.STARTED
    )
    algorithm = models.CharField(_("algorithme"), max_length=40)
    algorithm_version = models.PositiveIntegerField(_("version de l'algorithme"))
    algorithm_config = models.JSONField(_("configuration de l'algorithme"), default=dict)
    max_reachable_level = models.PositiveSmallIntegerField(_("niveau maximum atteignable"))
    seed = models.CharField(_("graine aléatoire"), max_length=32)
    inputs = models.JSONField(_("profil et épreuves à la création"), default=dict)
    verification_code = models.CharField(_("code de vérification"), max_length=10, unique=True)
    extra_time_percentage = models.PositiveSmallIntegerField(
        _("temps majoré (%)"), null=True, blank=True
    )
    started_at = models.DateTimeField(_("commencé le"))
    ends_at = models.DateTimeField(_("fin du temps imparti"))
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    end_reason = models.CharField(
        _("motif de fin"), max_length=12, choices=EndReason.choices, blank=True
    )
    has_seen_instructions = models.BooleanField(_("consignes lues"), default=False)
    current_index = models.PositiveIntegerField(_("question en cours"), default=0)
    current_served_at = models.DateTimeField(null=True, blank=True)
    current_focus_lost = models.BooleanField(default=False)
    # Finalization by the center (spec 07 §1).
    has_seen_end_test_screen = models.BooleanField(_("écran de fin du test vu"), default=False)
    abort_reason = models.CharField(
        _("motif de l'arrêt du test"), max_length=10, choices=AbortReason.choices, blank=True
    )
    examiner_comment = models.TextField(_("commentaire du surveillant"), blank=True)
    # The day's records (alerts, details error, end by the invigilator) were turned into the
    # finalization's draft once: the center's later changes are never overwritten.
    finalization_prefilled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("passage de certification")
        verbose_name_plural = _("passages de certification")

    def __str__(self) -> str:
        return f"{self.candidate} — session {self.session_id}"


class CertificationChallenge(models.Model):
    """A challenge of a course, in the order it is served. A challenge replaced after a live
    alert stays, neutralized, and its replacement comes next."""

    course = models.ForeignKey(
        CertificationCourse, on_delete=models.CASCADE, related_name="challenges"
    )
    index = models.PositiveIntegerField(_("ordre"))
    challenge = models.ForeignKey(
        "referential.Challenge", on_delete=models.PROTECT, related_name="+"
    )
    competence_code = models.CharField(_("compétence"), max_length=5)
    skill_name = models.CharField(_("acquis"), max_length=80)
    is_neutralized = models.BooleanField(_("neutralisée"), default=False)
    has_been_skipped_automatically = models.BooleanField(
        _("passée automatiquement"),
        default=False,
        help_text=_(
            "Laissée sans réponse dans un test abandonné par le candidat : comptée comme "
            "une réponse fausse (jury automatique)."
        ),
    )
    is_replacement = models.BooleanField(
        _("remplace une question signalée"),
        default=False,
        help_text=_("Ajoutée après un signalement validé, hors du choix initial du moteur."),
    )

    class Meta:
        ordering = ["course", "index"]
        verbose_name = _("épreuve de certification")
        verbose_name_plural = _("épreuves de certification")
        constraints = [
            models.UniqueConstraint(fields=["course", "index"], name="one_challenge_per_index"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} #{self.index} {self.challenge_id}"


class CertificationAnswer(models.Model):
    """The one answer to a challenge of a course (the unique constraint makes a re-sent
    answer idempotent and two tabs unable to answer twice)."""

    certification_challenge = models.OneToOneField(
        CertificationChallenge, on_delete=models.CASCADE, related_name="answer"
    )
    course = models.ForeignKey(
        CertificationCourse, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField(_("réponse"))
    result = models.CharField(_("résultat"), max_length=12)
    result_details = models.JSONField(null=True, blank=True)
    display_order = models.JSONField(null=True, blank=True)
    served_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    timed_out = models.BooleanField(default=False)
    focus_lost = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("réponse de certification")
        verbose_name_plural = _("réponses de certification")

    def __str__(self) -> str:
        return f"{self.certification_challenge} → {self.result}"
