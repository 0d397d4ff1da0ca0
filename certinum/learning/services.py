"""State changes of the learner space: start, answer, skip, lose focus, reset, improve.

Every function runs in one transaction and locks the assessment row it changes, so two
requests of the same pupil (a double click, a re-sent form on a bad network) are applied
one after the other and an acknowledged answer is stored exactly once.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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

MAX_TEXT_ANSWER = 500
# A timed answer that reaches the server a little late (a slow school network) is not
# counted as late: the server allows this margin over the timer before "timedout".
TIMER_GRACE_SECONDS = 3


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
    skills, challenges = _engine_inputs(assessment)
    for name, value in algorithm.replay_fields(skills=skills, challenges=challenges).items():
        setattr(assessment, name, value)
    assessment.save()
    _serve_next(assessment, _EngineContext(skills, challenges, _elements_for(assessment)))
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


def _engine_inputs(
    assessment: Assessment,
) -> tuple[list[positioning.Skill], list[positioning.Challenge]]:
    # values_list: only the few columns the engine needs (no JSON decoding of statements).
    skills = [
        positioning.Skill(name=name, tube=tube, level=level, pix_value=pix)
        for name, tube, level, pix in Skill.objects.filter(
            tube__competence=assessment.competence
        ).values_list("name", "tube__name", "level", "pix_value")
    ]
    challenges = [
        positioning.Challenge(key=key, skill=skill, timed=timer is not None)
        for key, skill, timer in Challenge.objects.filter(
            skill__tube__competence=assessment.competence,
            status=Challenge.Status.VALIDATED,
            locale="fr-fr",
        ).values_list("key", "skill__name", "timer")
    ]
    return skills, challenges


def _elements_for(assessment: Assessment) -> list[positioning.KnowledgeElement]:
    elements = knowledge_elements_of(assessment.user_id, competence=assessment.competence)
    if assessment.is_improving:
        elements = positioning.keep_for_improvement(
            elements, assessment_started_at=assessment.created_at, assessment_id=assessment.pk
        )
    return elements


@dataclass
class _EngineContext:
    """What the engine needs about one assessment, loaded once per request."""

    skills: list[positioning.Skill]
    challenges: list[positioning.Challenge]
    elements: list[positioning.KnowledgeElement]


def _context_for(assessment: Assessment) -> _EngineContext:
    skills, challenges = _engine_inputs(assessment)
    return _EngineContext(skills, challenges, _elements_for(assessment))


def _serve_next(assessment: Assessment, context: _EngineContext | None = None) -> None:
    """Ask the assessment's algorithm for the next challenge and record it as served now —
    or complete. The algorithm works on the item bank stored at the start (D22), so the
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
    answered = list(
        assessment.answers.order_by("created_at", "pk").values_list("challenge__key", flat=True)
    )
    step = module.next_step(
        bank=algorithm.item_bank_of(assessment),
        elements=context.elements,
        answered=answered,
        seed=assessment.seed,
        config=config,
    )
    if step.challenge is None:
        assessment_complete(assessment=assessment, by_id=assessment.user_id)
        return
    assessment.current_challenge = Challenge.objects.get(key=step.challenge)
    assessment.current_served_at = timezone.now()
    assessment.current_focus_lost = False
    assessment.save(update_fields=["current_challenge", "current_served_at", "current_focus_lost"])


def answer_key_of(challenge: Challenge) -> answers.AnswerKey:
    treatments = frozenset(
        name
        for name, enabled in (
            ("t1", challenge.t1_enabled),
            ("t2", challenge.t2_enabled),
            ("t3", challenge.t3_enabled),
        )
        if enabled
    )
    return answers.AnswerKey(
        type=challenge.type,
        solution=challenge.solution,
        format=challenge.format,
        treatments=treatments,
        scoring=tuple(challenge.scoring or ()),
        exact_inputs=frozenset(i["key"] for i in challenge.inputs if i.get("options")),
        focused=challenge.focused,
    )


def _clean_text(text: Any) -> str:
    if not isinstance(text, str):
        raise LearningError(_("Cette réponse n'est pas un texte."))
    text = text.strip()
    if len(text) > MAX_TEXT_ANSWER:
        raise LearningError(
            _("Ta réponse est trop longue (%(max)s caractères au plus).") % {"max": MAX_TEXT_ANSWER}
        )
    if any(ord(char) < 32 and char not in "\t\n\r" for char in text) or "\ufffd" in text:
        raise LearningError(_("Ta réponse contient des caractères non valides."))
    return text


def clean_answer_value(challenge: Challenge, raw: Any) -> str | dict[str, str]:
    """Check the shape of a submitted answer against the challenge; raise LearningError
    with a French message when it cannot be an answer to this question."""
    if raw == answers.SKIP_MARKER:
        return answers.SKIP_MARKER
    if challenge.type in (Challenge.Type.QCU, Challenge.Type.QCM):
        chosen = raw if isinstance(raw, list) else [raw]
        if not chosen or chosen == [""] or chosen == [None]:
            raise LearningError(_("Choisis une réponse, ou clique sur « Je passe »."))
        positions = set()
        for item in chosen:
            if not isinstance(item, str | int) or not str(item).isdigit():
                raise LearningError(_("Cette réponse ne fait pas partie des propositions."))
            position = int(item)
            if not 1 <= position <= len(challenge.proposals):
                raise LearningError(_("Cette réponse ne fait pas partie des propositions."))
            positions.add(position)
        if challenge.type == Challenge.Type.QCU and len(positions) != 1:
            raise LearningError(_("Choisis une seule réponse."))
        return ",".join(str(p) for p in sorted(positions))
    if challenge.type == Challenge.Type.QROC:
        text = _clean_text(raw if not isinstance(raw, dict) else raw.get("answer"))
        if not text:
            raise LearningError(_("Écris une réponse, ou clique sur « Je passe »."))
        return text
    if not isinstance(raw, dict):
        raise LearningError(_("Cette réponse ne correspond pas à la question."))
    value: dict[str, str] = {}
    for field in challenge.inputs:
        text = _clean_text(raw.get(field["key"], ""))
        options = field.get("options")
        if options and text and text not in options:
            raise LearningError(_("Cette réponse ne fait pas partie des propositions."))
        value[field["key"]] = text
    if not any(value.values()):
        raise LearningError(_("Remplis au moins un champ, ou clique sur « Je passe »."))
    return value


@dataclass(frozen=True)
class Recorded:
    answer: Answer
    created: bool  # False when the same answer had already been stored (re-sent form)


@transaction.atomic
def answer_record(
    *,
    assessment_id: int,
    user_id: int,
    challenge_key: str,
    raw_value: Any,
    now: datetime.datetime | None = None,
) -> Recorded:
    """Record the pupil's answer to the challenge they were served, create the knowledge
    elements it proves, and serve the next challenge (or complete the evaluation).

    Re-sending the same answer to the same challenge is idempotent; anything else that does
    not fit (another challenge, a finished evaluation, a second different answer) is refused
    with a French message and changes nothing."""
    # The row lock serialises concurrent submissions of the same assessment.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("current_challenge", "competence")
        .filter(pk=assessment_id, user_id=user_id)
        .first()
    )
    if assessment is None:
        raise LearningError(_("Cette évaluation n'existe pas."))
    previous = assessment.answers.filter(challenge__key=challenge_key).first()
    if previous is not None:
        value = clean_answer_value(previous.challenge, raw_value)
        if value == previous.value:
            return Recorded(previous, created=False)
        raise LearningError(_("Tu as déjà répondu à cette question : ta première réponse compte."))
    if assessment.state != AssessmentState.STARTED:
        raise LearningError(_("Cette évaluation est terminée : elle n'accepte plus de réponse."))
    challenge = assessment.current_challenge
    if challenge is None or challenge.key != challenge_key or assessment.current_served_at is None:
        raise LearningError(
            _("Cette question ne t'a pas été proposée. Reprends l'évaluation là où tu en étais.")
        )
    value = clean_answer_value(challenge, raw_value)
    now = now or timezone.now()
    timed_out = (
        challenge.timer is not None
        and now
        > assessment.current_served_at
        + datetime.timedelta(seconds=challenge.timer + TIMER_GRACE_SECONDS)
    )
    verdict = answers.check_answer(
        value,
        answer_key_of(challenge),
        timed_out=timed_out,
        focused_out=assessment.current_focus_lost,
        in_certification=False,
    )
    answer = Answer.objects.create(
        assessment=assessment,
        challenge=challenge,
        value=value,
        result=verdict.status.value,
        result_details=verdict.details,
        served_at=assessment.current_served_at,
        timed_out=timed_out,
        focus_lost=assessment.current_focus_lost,
    )
    context = _context_for(assessment)
    _create_knowledge_elements(assessment, answer, context, now=now)
    _serve_next(assessment, context)
    return Recorded(answer, created=True)


def _create_knowledge_elements(
    assessment: Assessment, answer: Answer, context: _EngineContext, *, now: datetime.datetime
) -> None:
    """Store the knowledge elements the answer proves, and add them to `context`."""
    skill = next(s for s in context.skills if s.name == answer.challenge.skill.name)
    new = positioning.knowledge_elements_for_answer(
        skill=skill,
        is_ok=answer.result == answers.AnswerStatus.OK,
        tube_skills=[s for s in context.skills if s.tube == skill.tube],
        already_assessed=positioning.assessed_skills(context.elements),
    )
    rows = {s.name: s for s in Skill.objects.filter(name__in=[e.skill for e in new])}
    KnowledgeElement.objects.bulk_create(
        KnowledgeElement(
            user_id=assessment.user_id,
            skill=rows[e.skill],
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
