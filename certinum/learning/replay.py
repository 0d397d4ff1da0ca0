"""Replaying a stored assessment: does the engine, given only the stored answers, serve the
same questions, create the same knowledge elements and reach the same result?

The engine side (`<algorithm>.replay`) is pure; this module gathers what it needs from the
database and compares. `replay_certification` will follow the same pattern: load, replay
with the stored algorithm, version, configuration and seed, list the differences.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from certinum.delivery.content import answer_key_of
from certinum.engine import answers, positioning, registry
from certinum.learning import algorithm
from certinum.learning.models import Answer, Assessment, AssessmentState, KnowledgeElement
from certinum.learning.selectors import knowledge_elements_of

ElementRow = tuple[str, str, str, float]  # skill, status, source, earned pix


@dataclass(frozen=True)
class AssessmentReplay:
    """The outcome of one replay. `error` says why it could not run at all (unknown
    algorithm version, unreadable configuration); otherwise `differences` lists, in
    French, every way the stored assessment differs from the replay."""

    assessment_id: int
    answers: int
    differences: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def is_identical(self) -> bool:
        return self.error is None and not self.differences


def replay_assessment(assessment: Assessment) -> AssessmentReplay:
    """Recompute the assessment from its stored answers and compare with what is stored."""
    stored_answers = list(
        assessment.answers.select_related("challenge", "challenge__skill").order_by(
            "created_at", "pk"
        )
    )
    try:
        module, config = algorithm.algorithm_of(assessment)
        bank = algorithm.item_bank_of(assessment)
    except (registry.UnknownAlgorithm, ValueError) as error:
        return AssessmentReplay(assessment.pk, len(stored_answers), error=str(error))

    # Each stored value is checked again: a tampered value or result shows up here.
    statuses = [_status(answer) for answer in stored_answers]
    differences = [
        f"réponse {number} ({answer.challenge.key}) : résultat enregistré « {answer.result} », "
        f"recalculé « {status.value} »"
        for number, (answer, status) in enumerate(zip(stored_answers, statuses, strict=True), 1)
        if status.value != answer.result
    ]
    prior = _prior_elements(assessment)
    replayed: positioning.Replay = module.replay(
        bank=bank,
        prior_elements=prior,
        answers=[
            positioning.RecordedAnswer(a.challenge.key, is_ok=status == answers.AnswerStatus.OK)
            for a, status in zip(stored_answers, statuses, strict=True)
        ],
        seed=assessment.seed,
        config=config,
    )
    differences += _served_differences(assessment, stored_answers, replayed)
    stored_elements = _stored_elements(assessment)
    for number, (answer, created) in enumerate(
        zip(stored_answers, replayed.elements, strict=False), start=1
    ):
        expected = [(e.skill, e.status.value, e.source.value, e.earned_pix) for e in created]
        if not _same_elements(stored_elements.get(answer.pk, []), expected):
            differences.append(
                f"réponse {number} ({answer.challenge.key}) : acquis enregistrés "
                f"{_describe(stored_elements.get(answer.pk, []))}, "
                f"rejoués {_describe(expected)}"
            )
    differences += _result_differences(assessment, prior, stored_elements, replayed.elements)
    return AssessmentReplay(assessment.pk, len(stored_answers), differences)


def _status(answer: Answer) -> answers.AnswerStatus:
    """The verdict the engine gives today to the stored value, with the stored time and
    focus flags."""
    return answers.check_answer(
        answer.value,
        answer_key_of(answer.challenge),
        timed_out=answer.timed_out,
        focused_out=answer.focus_lost,
        in_certification=False,
    ).status


def _prior_elements(assessment: Assessment) -> list[positioning.KnowledgeElement]:
    """What the pupil had on the competence when the assessment started, as the engine saw
    it (old failures forgotten when improving)."""
    prior = [
        e
        for e in knowledge_elements_of(
            assessment.user_id, competence=assessment.competence, until=assessment.created_at
        )
        if e.assessment_id != assessment.pk
    ]
    if assessment.is_improving:
        prior = positioning.keep_for_improvement(
            prior, assessment_started_at=assessment.created_at, assessment_id=assessment.pk
        )
    return prior


def _served_differences(
    assessment: Assessment, stored_answers: Sequence[Answer], replayed: positioning.Replay
) -> list[str]:
    served, diverged_at = replayed.served, replayed.diverged_at
    if diverged_at is not None:
        return [
            f"question {diverged_at + 1} : le rejeu sert « {served[diverged_at] or 'la fin'} », "
            f"la réponse enregistrée porte sur « {stored_answers[diverged_at].challenge.key} » "
            "(la suite n'est pas comparée)"
        ]
    following = served[-1]
    if assessment.state == AssessmentState.STARTED:
        current = assessment.current_challenge.key if assessment.current_challenge else None
        if current != following:
            return [
                f"question en cours : « {current or 'aucune'} » enregistrée, "
                f"« {following or 'aucune (fin)'} » selon le rejeu"
            ]
    elif assessment.state == AssessmentState.COMPLETED and following is not None:
        return [f"l'évaluation est terminée, mais le rejeu sert encore « {following} »"]
    # A reset assessment was interrupted: nothing was due after its last answer.
    return []


def _stored_elements(assessment: Assessment) -> dict[int | None, list[ElementRow]]:
    rows: dict[int | None, list[ElementRow]] = {}
    for answer_id, skill, status, source, pix in (
        KnowledgeElement.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("answer_id", "skill__name", "status", "source", "earned_pix")
    ):
        rows.setdefault(answer_id, []).append((skill, status, source, pix))
    return rows


def _same_elements(stored: list[ElementRow], expected: list[ElementRow]) -> bool:
    return len(stored) == len(expected) and all(
        a[:3] == b[:3] and math.isclose(a[3], b[3], rel_tol=1e-9, abs_tol=1e-9)
        for a, b in zip(stored, expected, strict=True)
    )


def _describe(rows: list[ElementRow]) -> str:
    if not rows:
        return "aucun"
    return ", ".join(f"{skill} {status} {source} {pix:g}" for skill, status, source, pix in rows)


def _result_differences(
    assessment: Assessment,
    prior: list[positioning.KnowledgeElement],
    stored: dict[int | None, list[ElementRow]],
    replayed: Sequence[Sequence[positioning.NewKnowledgeElement]],
) -> list[str]:
    """Level and pix at the end of the assessment: compared uncapped (what certification
    uses), reported capped too (what the pupil sees)."""

    def elements(rows: list[ElementRow]) -> list[positioning.KnowledgeElement]:
        return [
            *prior,
            *(
                positioning.KnowledgeElement(
                    skill, positioning.KEStatus(status), positioning.KESource(source), pix
                )
                for skill, status, source, pix in rows
            ),
        ]

    def describe(rows: list[ElementRow]) -> str:
        capped = positioning.competence_score(
            elements(rows), max_level=assessment.max_reachable_level
        )
        uncapped = positioning.competence_score(elements(rows))
        return (
            f"niveau {capped.level} et {capped.pix} pix "
            f"(sans plafond : niveau {uncapped.level} et {uncapped.pix} pix)"
        )

    stored_rows = [row for rows in stored.values() for row in rows]
    replayed_rows = [
        (e.skill, e.status.value, e.source.value, e.earned_pix) for step in replayed for e in step
    ]
    if positioning.competence_score(elements(stored_rows)) == positioning.competence_score(
        elements(replayed_rows)
    ):
        return []
    return [f"résultat : {describe(stored_rows)} enregistré, {describe(replayed_rows)} rejoué"]
