"""Replaying a certification course: the engine version it was created with selects again
from the stored inputs, configuration and seed; the questions must be the stored ones
(replacements after a validated alert are outside the engine's choice and left aside)."""

from dataclasses import dataclass

from certinum.engine import registry
from certinum.evaluation.models import CertificationCourse


@dataclass(frozen=True)
class CourseReplay:
    course_id: int
    questions: int
    difference: str | None = None
    error: str | None = None


def replay_course(course: CertificationCourse) -> CourseReplay:
    stored = list(
        course.challenges.filter(is_replacement=False)
        .order_by("index")
        .values_list("challenge__key", flat=True)
    )
    try:
        engine = registry.algorithm(course.algorithm, course.algorithm_version)
        inputs = engine.Inputs.from_dict(course.inputs)
        config = engine.Config.from_dict(course.algorithm_config)
    except (registry.UnknownAlgorithm, ValueError) as error:
        return CourseReplay(course.pk, len(stored), error=str(error))
    result = engine.replay(inputs=inputs, config=config, seed=course.seed, stored=stored)
    if result.diverged_at is None:
        return CourseReplay(course.pk, len(stored))
    replayed = [pick.challenge for pick in result.picks]
    at = result.diverged_at
    return CourseReplay(
        course.pk,
        len(stored),
        difference=(
            f"question {at + 1} : enregistrée {stored[at] if at < len(stored) else '—'}, "
            f"rejouée {replayed[at] if at < len(replayed) else '—'}"
        ),
    )
