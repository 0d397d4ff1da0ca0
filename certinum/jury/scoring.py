"""Between a certification course's rows and the v2 scoring engine: the one converter. The
engine decides (`certinum.engine.certification_v2.score`); this module only reads what the
course stored — the profile at creation, its questions with their flags, its answers."""

from django.utils.translation import gettext_lazy as _

from certinum.accounts.models import User
from certinum.engine import certification_v2
from certinum.engine.answers import AnswerStatus
from certinum.engine.certification_v2_scoring import ScoringErrorCode
from certinum.evaluation.models import CertificationChallenge, CertificationCourse
from certinum.results.models import CertificationResult, Emitter
from certinum.results.services import result_record


def tested_competences(
    course: CertificationCourse,
) -> tuple[certification_v2.TestedCompetence, ...]:
    """The competences of the profile stored when the test was created (uncapped level and
    pix); the engine leaves aside those below level 1."""
    return tuple(
        certification_v2.TestedCompetence(
            competence_id=row["code"],
            area_code=row["code"].split(".", 1)[0],
            estimated_level=int(row["level"]),
            pix_score=int(row["pix"]),
        )
        for row in course.inputs.get("profile", [])
    )


def scoring_input(
    course: CertificationCourse,
    items: list[CertificationChallenge] | None = None,
    *,
    continue_on_error: bool = False,
) -> certification_v2.ScoringInput:
    """The engine's input for `course`. `items`: its questions with `challenge` and
    `answer` selected (read here when not given). A question is named by its row's id: a
    challenge replaced after an alert and its replacement are two questions."""
    if items is None:
        items = list(course.challenges.select_related("challenge", "answer").order_by("index"))
    challenges = tuple(
        certification_v2.ScoringChallenge(
            challenge_id=str(item.pk),
            competence_id=item.competence_code,
            type=item.challenge.type,
            is_neutralized=item.is_neutralized,
            has_been_skipped_automatically=item.has_been_skipped_automatically,
            is_replacement=item.is_replacement,
        )
        for item in items
    )
    answers = tuple(
        certification_v2.ScoringAnswer(
            challenge_id=str(item.pk), result=AnswerStatus(item.answer.result)
        )
        for item in items
        if getattr(item, "answer", None) is not None
    )
    return certification_v2.ScoringInput(
        competences=tested_competences(course),
        challenges=challenges,
        answers=answers,
        max_reachable_level=course.max_reachable_level,
        continue_on_error=continue_on_error,
    )


def course_score(
    course: CertificationCourse,
    items: list[CertificationChallenge] | None = None,
    *,
    continue_on_error: bool = False,
) -> certification_v2.ScoringOutcome:
    return certification_v2.score(scoring_input(course, items, continue_on_error=continue_on_error))


_ERROR_MESSAGES = {
    ScoringErrorCode.UNKNOWN_CHALLENGE: _(
        "Une réponse porte sur une question inconnue ({challenge})."
    ),
    ScoringErrorCode.SEVERAL_ANSWERS: _("Plusieurs réponses à la question {challenge}."),
    ScoringErrorCode.COMPETENCE_WITHOUT_CHALLENGE: _(
        "Pas assez de questions posées pour la compétence {competence}."
    ),
    ScoringErrorCode.COMPETENCE_WITHOUT_ANSWER: _(
        "Pas assez de réponses pour la compétence {competence}."
    ),
    ScoringErrorCode.UNANSWERED_CHALLENGES: _(
        "Le candidat n'a pas répondu à toutes les questions."
    ),
    ScoringErrorCode.MISSING_LEVEL_RULE: _(
        "Aucune règle de niveau pour {challenges} question(s) posée(s), {correct} réponse(s) "
        "juste(s) et {neutralized} question(s) neutralisée(s) (compétence {competence})."
    ),
    ScoringErrorCode.REJECTED_WITH_HIGH_RATE: _(
        "Rejetée avec un taux de reproductibilité supérieur à 50 % ({rate} %)."
    ),
}


def error_message(outcome: certification_v2.ScoringOutcome) -> str:
    """The scoring error in French, for the jury ('' when there is none)."""
    if outcome.error is None:
        return ""
    return str(_ERROR_MESSAGES[outcome.error.code]).format(**dict(outcome.error.params))


def course_rescore(
    course: CertificationCourse,
    *,
    emitter: str,
    author: User | None = None,
    comment_for_jury: str = "",
    items: list[CertificationChallenge] | None = None,
) -> CertificationResult:
    """Score `course` with the engine and add the result to its history (append-only)."""
    outcome = course_score(course, items)
    return result_record(
        course,
        status=outcome.status.value,
        pix_score=outcome.total_pix,
        reproducibility_rate=outcome.reproducibility_rate,
        marks=[(mark.competence_id, mark.level, mark.score) for mark in outcome.competence_marks],
        emitter=emitter,
        author=author,
        comment_for_jury=comment_for_jury,
        error_message=error_message(outcome),
    )


COMPUTED_EMITTERS = (Emitter.ALGORITHM, Emitter.AUTO_JURY, Emitter.NEUTRALIZATION)


def score_difference(course: CertificationCourse) -> str | None:
    """Score `course` again from its stored rows and compare with the latest result the
    engine computed (the jury's own decisions — cancel, fraud, comments — are not
    recomputations). None when they match or when there is no computed result yet."""
    recorded = (
        CertificationResult.objects.filter(course=course, emitter__in=COMPUTED_EMITTERS)
        .prefetch_related("marks")
        .order_by("-pk")
        .first()
    )
    if recorded is None:
        return None
    outcome = course_score(course)
    stored = (
        recorded.status,
        recorded.pix_score,
        float(recorded.reproducibility_rate),
        sorted((m.competence_code, m.level, m.score) for m in recorded.marks.all()),
    )
    again = (
        outcome.status.value,
        outcome.total_pix,
        float(outcome.reproducibility_rate),
        sorted((m.competence_id, m.level, m.score) for m in outcome.competence_marks),
    )
    if stored == again:
        return None
    return str(
        _(
            "score : enregistré %(stored)s pix (%(stored_status)s), "
            "recalculé %(again)s pix (%(again_status)s)"
        )
        % {
            "stored": stored[1],
            "stored_status": stored[0],
            "again": again[1],
            "again_status": again[0],
        }
    )
