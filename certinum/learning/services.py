"""State changes of the learner space: start, answer, skip, lose focus, reset, improve.

Every function runs in one transaction and locks the assessment row it changes, so two
requests of the same pupil (a double click, a re-sent form on a bad network) are applied
one after the other and an acknowledged answer is stored exactly once.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certinum.delivery.content import (
    CompetenceContent,
    answer_key_of,
    competence_content,
    content_stamp,
    current_stamp,
)
from certinum.delivery.deadlines import Deadline, deadline_of
from certinum.delivery.forms import AnswerForm, seeded_answer_form
from certinum.engine import answers, positioning, registry
from certinum.learning import algorithm
from certinum.learning.models import (
    ASSESSMENT_MACHINE,
    Answer,
    Assessment,
    AssessmentState,
    KnowledgeElement,
)
from certinum.learning.selectors import knowledge_elements_of, profile_of
from certinum.referential.models import Challenge, Competence, Skill
from certinum.workflow.services import TransitionRefused, transition_apply


class LearningError(Exception):
    """A refused action, with a French message for the pupil. Nothing was changed."""


# --- State machine --------------------------------------------------------------------------


def assessment_complete(*, assessment: Assessment, by_id: int | None) -> None:
    """The engine has nothing more to ask: the evaluation ends. Runs in the caller's
    transaction, on a locked row."""
    assessment.completed_at = timezone.now()
    _leave(assessment, "complete", by_id=by_id, update_fields=["completed_at"])


def assessment_reset(*, assessment: Assessment, by_id: int | None) -> None:
    """The competence is set back to zero: its evaluations stop counting. Runs in the
    caller's transaction, on a locked row."""
    _leave(assessment, "reset", by_id=by_id, update_fields=[])


def _leave(
    assessment: Assessment, name: str, *, by_id: int | None, update_fields: list[str]
) -> None:
    # An evaluation that is no longer in progress serves no question.
    assessment.current_challenge = None
    assessment.current_served_at = None
    assessment.current_focus_lost = False
    try:
        transition_apply(
            obj=assessment,
            machine=ASSESSMENT_MACHINE,
            name=name,
            by_id=by_id,
            update_fields=[
                *update_fields,
                "current_challenge",
                "current_served_at",
                "current_focus_lost",
            ],
        )
    except TransitionRefused as refused:
        raise LearningError(str(refused)) from None


# --- Start, improve, reset ---------------------------------------------------------------


@transaction.atomic
def assessment_start(*, user_id: int, competence: Competence) -> Assessment:
    """Start the evaluation of a competence, or resume the one in progress."""
    started = (
        Assessment.objects.select_for_update()
        .filter(user_id=user_id, competence=competence, state=AssessmentState.STARTED)
        .first()
    )
    if started is not None:
        return started
    card = profile_of(user_id).card(competence.code)
    if card.status == "completed":
        raise LearningError(
            _("Tu as déjà terminé cette compétence. Tu pourras la retenter pour progresser.")
        )
    return _assessment_create(user_id=user_id, competence=competence, is_improving=False)


@transaction.atomic
def assessment_improve(*, user_id: int, competence: Competence) -> Assessment:
    """Retry a completed competence to progress (4 days after the last answer)."""
    card = profile_of(user_id).card(competence.code)
    if not card.can_improve:
        if card.remaining_days_before_improving:
            days = card.remaining_days_before_improving
            raise LearningError(
                ngettext(
                    "Tu pourras retenter cette compétence dans %(days)s jour.",
                    "Tu pourras retenter cette compétence dans %(days)s jours.",
                    days,
                )
                % {"days": days}
            )
        raise LearningError(_("Cette compétence ne peut pas être retentée pour le moment."))
    return _assessment_create(user_id=user_id, competence=competence, is_improving=True)


def _assessment_create(*, user_id: int, competence: Competence, is_improving: bool) -> Assessment:
    """Create the assessment with what replays it (algorithm, configuration, seed, item
    bank as it stands now) and serve its first challenge."""
    assessment = Assessment(user_id=user_id, competence=competence, is_improving=is_improving)
    content = _engine_inputs(assessment)
    fields = algorithm.replay_fields(
        skills=list(content.skills), challenges=list(content.challenges)
    )
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.save()
    _serve_next(assessment, _EngineContext(content, _elements_for(assessment), answered=[]))
    return assessment


@transaction.atomic
def competence_reset(*, user_id: int, competence: Competence) -> int:
    """Set a competence back to zero (7 days after the last answer): every live knowledge
    element is superseded by a `reset` one. Returns how many were reset."""
    card = profile_of(user_id).card(competence.code)
    if not card.can_reset:
        if card.remaining_days_before_reset:
            days = card.remaining_days_before_reset
            raise LearningError(
                ngettext(
                    "Tu pourras remettre cette compétence à zéro dans %(days)s jour.",
                    "Tu pourras remettre cette compétence à zéro dans %(days)s jours.",
                    days,
                )
                % {"days": days}
            )
        raise LearningError(_("Cette compétence n'a rien à remettre à zéro."))
    now = timezone.now()
    live = positioning.assessed_skills(knowledge_elements_of(user_id, competence=competence))
    skills = {s.name: s for s in Skill.objects.filter(name__in=live)}
    KnowledgeElement.objects.bulk_create(
        KnowledgeElement(
            user_id=user_id,
            skill=skills[name],
            competence=competence,
            status=KnowledgeElement.Status.RESET,
            source=KnowledgeElement.Source.DIRECT,
            earned_pix=0,
            created_at=now,
        )
        for name in sorted(live)
    )
    for assessment in Assessment.objects.select_for_update().filter(
        user_id=user_id,
        competence=competence,
        state__in=[AssessmentState.STARTED, AssessmentState.COMPLETED],
    ):
        assessment_reset(assessment=assessment, by_id=user_id)
    return len(live)


# --- Serving and answering ------------------------------------------------------------------


@dataclass
class _EngineContext:
    """What the engine needs about one assessment, loaded once per request: the static
    content from the process cache, the pupil's knowledge elements and the answers so far
    (in order: key, and whether that challenge was timed)."""

    content: CompetenceContent
    elements: list[positioning.KnowledgeElement]
    answered: list[tuple[str, bool]]

    @property
    def skills(self) -> list[positioning.Skill]:
        return list(self.content.skills)

    @property
    def challenges(self) -> list[positioning.Challenge]:
        return list(self.content.challenges)


def _engine_inputs(assessment: Assessment) -> CompetenceContent:
    # The stamp comes with the assessment row when the caller annotated it
    # (`content_stamp()`); otherwise it costs one query.
    stamp = getattr(assessment, "content_stamp", None) or current_stamp()
    return competence_content(assessment.competence_id, stamp=stamp)


def _elements_for(assessment: Assessment) -> list[positioning.KnowledgeElement]:
    elements = knowledge_elements_of(assessment.user_id, competence=assessment.competence)
    if assessment.is_improving:
        elements = positioning.keep_for_improvement(
            elements, assessment_started_at=assessment.created_at, assessment_id=assessment.pk
        )
    return elements


def _context_for(assessment: Assessment) -> _EngineContext:
    answered = [
        (key, timer is not None)
        for key, timer in assessment.answers.order_by("created_at", "pk").values_list(
            "challenge__key", "challenge__timer"
        )
    ]
    return _EngineContext(_engine_inputs(assessment), _elements_for(assessment), answered)


def _serve_next(assessment: Assessment, context: _EngineContext | None = None) -> None:
    """Ask the assessment's algorithm for the next challenge and record it as served now —
    or complete. The algorithm works on the item bank stored at the start (D28), so the
    evaluation replays exactly whatever the content became since."""
    try:
        module, config = algorithm.algorithm_of(assessment)
    except (registry.UnknownAlgorithm, ValueError) as error:
        # Only after a deployment that dropped a version still in use: refuse (the
        # transaction rolls back) rather than serve with other rules.
        raise LearningError(
            _(
                "Cette évaluation ne peut pas continuer : les règles avec lesquelles elle a "
                "commencé ne sont plus disponibles."
            )
        ) from error
    context = context or _context_for(assessment)
    step = module.next_step(
        bank=algorithm.item_bank_of(assessment),
        elements=context.elements,
        answered=[key for key, _timed in context.answered],
        seed=assessment.seed,
        config=config,
    )
    if step.challenge is None:
        assessment_complete(assessment=assessment, by_id=assessment.user_id)
        return
    # From the process cache; a challenge archived since the start (still in the stored item
    # bank, D28) is not cached and is read from the database.
    cached = context.content.challenge_rows.get(step.challenge)
    assessment.current_challenge = cached or Challenge.objects.get(key=step.challenge)
    assessment.current_served_at = timezone.now()
    assessment.current_focus_lost = False
    assessment.save(update_fields=["current_challenge", "current_served_at", "current_focus_lost"])


def question_deadline(assessment: Assessment) -> Deadline | None:
    """The deadline of the question being served, if it is timed."""
    challenge = assessment.current_challenge
    if challenge is None or challenge.timer is None or assessment.current_served_at is None:
        return None
    return deadline_of(served_at=assessment.current_served_at, seconds=challenge.timer)


class AssessmentNotFound(LearningError):
    """No such evaluation for this pupil (the view answers 404)."""


class AnswerInvalid(LearningError):
    """The answer does not fit the question. `form` holds the French messages and what
    the pupil typed, to show the question again."""

    def __init__(self, form: AnswerForm, assessment: Assessment) -> None:
        super().__init__(" ".join(form.messages()))
        self.form = form
        self.assessment = assessment


@dataclass(frozen=True)
class Recorded:
    answer: Answer
    created: bool  # False when the same answer had already been stored (re-sent form)
    assessment: Assessment  # as it is now: the next question served, or completed
    answered_count: int


def answer_form_for(
    assessment: Assessment,
    challenge: Challenge,
    data: Mapping[str, Any] | None = None,
    raw_value: Any = None,
) -> AnswerForm:
    """The answer form of `challenge` in this evaluation: its proposals in the order this
    pupil sees them (shuffled per evaluation and challenge)."""
    return seeded_answer_form(challenge, assessment.seed, data, raw_value)


@transaction.atomic
def answer_record(
    *,
    assessment_id: int,
    user_id: int,
    challenge_key: str,
    raw_value: Any = None,
    data: Mapping[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> Recorded:
    """Record the pupil's answer to the challenge they were served, create the knowledge
    elements it proves, and serve the next challenge (or complete the evaluation).

    The answer comes as the submitted form `data`, or as an engine-shaped `raw_value`
    (scripts, tests); both go through the same `AnswerForm`. Re-sending the same answer to
    the same challenge is idempotent; anything else that does not fit (another challenge,
    a finished evaluation, a second different answer, a malformed answer) is refused with
    a French message and changes nothing.

    Queries, cache warm: lock, insert, answers so far, knowledge elements, their insert,
    next question — six (docs/delivery.md)."""
    # The row lock serialises concurrent submissions of the same assessment.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("current_challenge", "competence")
        .annotate(content_stamp=content_stamp())
        .filter(pk=assessment_id, user_id=user_id)
        .first()
    )
    if assessment is None:
        raise AssessmentNotFound(_("Cette évaluation n'existe pas."))
    challenge = assessment.current_challenge
    if (
        challenge is None
        or challenge.key != challenge_key
        or assessment.state != AssessmentState.STARTED
        or assessment.current_served_at is None
    ):
        # The served question always is one not answered yet, so only another key can be
        # a re-sent answer.
        return _answered_before(assessment, challenge_key, raw_value, data)
    form = answer_form_for(assessment, challenge, data, raw_value)
    if not form.is_valid():
        raise AnswerInvalid(form, assessment)
    now = now or timezone.now()
    answer = _answer_store(assessment, form, served_at=assessment.current_served_at, now=now)
    context = _context_for(assessment)
    _create_knowledge_elements(assessment, answer, context, now=now)
    _serve_next(assessment, context)
    return Recorded(answer, True, assessment, answered_count=len(context.answered))


def _answer_store(
    assessment: Assessment,
    form: AnswerForm,
    *,
    served_at: datetime.datetime,
    now: datetime.datetime,
) -> Answer:
    """Check the answer against the key (late and focus-lost by the server's records) and
    store it with its verdict and the order its proposals were shown in."""
    challenge, value = form.challenge, form.value
    deadline = question_deadline(assessment)
    timed_out = deadline is not None and deadline.is_past(now)
    verdict = answers.check_answer(
        value,
        answer_key_of(challenge),
        timed_out=timed_out,
        focused_out=assessment.current_focus_lost,
        in_certification=False,
    )
    return Answer.objects.create(
        assessment=assessment,
        challenge=challenge,
        value=value,
        result=verdict.status.value,
        result_details=verdict.details,
        served_at=served_at,
        timed_out=timed_out,
        focus_lost=assessment.current_focus_lost,
        display_order=list(form.order) if form.order else None,
    )


def _answered_before(
    assessment: Assessment, challenge_key: str, raw_value: Any, data: Mapping[str, Any] | None
) -> Recorded:
    """The same answer sent again is acknowledged once more; anything else is refused."""
    previous = (
        assessment.answers.select_related("challenge").filter(challenge__key=challenge_key).first()
    )
    if previous is not None:
        form = answer_form_for(assessment, previous.challenge, data, raw_value)
        if form.is_valid() and form.value == previous.value:
            return Recorded(previous, False, assessment, assessment.answers.count())
        raise LearningError(_("Tu as déjà répondu à cette question : ta première réponse compte."))
    if assessment.state != AssessmentState.STARTED:
        raise LearningError(_("Cette évaluation est terminée : elle n'accepte plus de réponse."))
    raise LearningError(
        _("Cette question ne t'a pas été proposée. Reprends l'évaluation là où tu en étais.")
    )


def _create_knowledge_elements(
    assessment: Assessment, answer: Answer, context: _EngineContext, *, now: datetime.datetime
) -> None:
    """Store the knowledge elements the answer proves, and add them to `context`."""
    row = context.content.challenge_rows.get(answer.challenge.key)
    # A challenge archived since it was served is not in the cached content.
    skill_name = row.skill.name if row is not None else answer.challenge.skill.name
    skill = context.content.skill(skill_name)
    new = positioning.knowledge_elements_for_answer(
        skill=skill,
        is_ok=answer.result == answers.AnswerStatus.OK,
        tube_skills=[s for s in context.content.skills if s.tube == skill.tube],
        already_assessed=positioning.assessed_skills(context.elements),
    )
    KnowledgeElement.objects.bulk_create(
        KnowledgeElement(
            user_id=assessment.user_id,
            skill_id=context.content.skill_ids[e.skill],
            competence=assessment.competence,
            assessment=assessment,
            answer=answer,
            status=e.status.value,
            source=e.source.value,
            earned_pix=e.earned_pix,
            created_at=now,
        )
        for e in new
    )
    context.elements.extend(
        positioning.KnowledgeElement(
            skill=e.skill,
            status=e.status,
            source=e.source,
            earned_pix=e.earned_pix,
            created_at=now,
            assessment_id=assessment.pk,
        )
        for e in new
    )


@transaction.atomic
def focus_lost_record(*, assessment_id: int, user_id: int, challenge_key: str) -> bool:
    """The page of a focused challenge reports that the pupil left it. Returns whether it
    was recorded (only for the challenge currently served, and only if focused)."""
    updated = Assessment.objects.filter(
        pk=assessment_id,
        user_id=user_id,
        state=AssessmentState.STARTED,
        current_challenge__key=challenge_key,
        current_challenge__focused=True,
    ).update(current_focus_lost=True)
    return updated == 1
