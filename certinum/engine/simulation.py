"""Simulated pupils answering the competence evaluation (spec 01 §4).

A pupil with a known true level per tube answers the real engine until it stops; the
knowledge elements it ends with tell how well the evaluation placed it. Used by the tests
and by `benchmarks/`. Pure Python + NumPy; randomness only through an explicit
`numpy.random.Generator`.
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from certinum.engine import smart_random
from certinum.engine.positioning import (
    PIX_PER_LEVEL,
    Challenge,
    CompetenceScore,
    ItemBank,
    KnowledgeElement,
    Skill,
    assessed_skills,
    competence_score,
    knowledge_elements_for_answer,
)


class Pupil(Protocol):
    def answers_ok(self, skill: Skill) -> bool: ...


@dataclass(frozen=True)
class DeterministicPupil:
    """Succeeds exactly on the skills at or below the true level of their tube."""

    true_levels: dict[str, int]

    def answers_ok(self, skill: Skill) -> bool:
        return skill.level <= self.true_levels[skill.tube]


@dataclass
class ProbabilisticPupil:
    """P(ok) = 1 / (1 + e^−slope·(true_level + 0.5 − skill.level)): a skill at the true level
    is answered correctly more often than not, one level above it less often than not."""

    true_levels: dict[str, float]
    rng: np.random.Generator
    slope: float = 2.0

    def probability_of_ok(self, skill: Skill) -> float:
        margin = self.true_levels[skill.tube] + 0.5 - skill.level
        return 1.0 / (1.0 + math.exp(-self.slope * margin))

    def answers_ok(self, skill: Skill) -> bool:
        return bool(self.rng.random() < self.probability_of_ok(skill))


@dataclass(frozen=True)
class EvaluationRun:
    """What one simulated evaluation left behind. `estimated_level` is the engine's last
    estimate; `ended` is False when `max_steps` ran out before the engine stopped by itself."""

    elements: tuple[KnowledgeElement, ...]
    answered: tuple[str, ...]
    score: CompetenceScore
    estimated_level: float
    ended: bool


def answer_skill(
    elements: list[KnowledgeElement], skill: Skill, pupil: Pupil, tube_skills: list[Skill]
) -> None:
    """The pupil answers a challenge of `skill`: add the knowledge elements it proves."""
    created = knowledge_elements_for_answer(
        skill=skill,
        is_ok=pupil.answers_ok(skill),
        tube_skills=tube_skills,
        already_assessed=assessed_skills(elements),
    )
    elements.extend(KnowledgeElement(e.skill, e.status, e.source, e.earned_pix) for e in created)


def run_evaluation(
    skills: Sequence[Skill],
    challenges: Sequence[Challenge],
    pupil: Pupil,
    *,
    seed: str,
    config: smart_random.Config | None = None,
    max_steps: int = 200,
) -> EvaluationRun:
    """Ask `smart_random.next_step` for a challenge, let the pupil answer it, record the
    knowledge elements of the answer, and repeat until the engine says the evaluation has
    ended. `seed` plays the part of an assessment's stored seed."""
    bank = ItemBank(tuple(skills), tuple(challenges))
    config = config or smart_random.Config()
    skills_by_name = {s.name: s for s in skills}
    challenges_by_key = {c.key: c for c in challenges}
    tubes: dict[str, list[Skill]] = {}
    for skill in skills:
        tubes.setdefault(skill.tube, []).append(skill)

    elements: list[KnowledgeElement] = []
    answered: list[str] = []
    estimated_level = 0.0
    ended = False
    for _ in range(max_steps):
        step = smart_random.next_step(
            bank=bank, elements=elements, answered=answered, seed=seed, config=config
        )
        estimated_level = step.estimated_level
        if step.challenge is None:
            ended = True
            break
        challenge = challenges_by_key[step.challenge]
        skill = skills_by_name[challenge.skill]
        answer_skill(elements, skill, pupil, tubes[skill.tube])
        answered.append(challenge.key)
    return EvaluationRun(
        elements=tuple(elements),
        answered=tuple(answered),
        score=competence_score(elements),
        estimated_level=estimated_level,
        ended=ended,
    )


def synthetic_competence(
    n_tubes: int,
    levels: Sequence[int],
    challenges_per_skill: int,
    *,
    timed_every: int | None = None,
    easy_tubes: int = 0,
) -> tuple[list[Skill], list[Challenge]]:
    """A made-up competence: `n_tubes` tubes with one skill at each of `levels`, except the
    first `easy_tubes` tubes, which stop at level 3 (the "easy tubes" of spec 01 §4). Each
    skill has `challenges_per_skill` validated challenges; every `timed_every`-th challenge
    is timed. As in the item bank, the skills of one level share 8 pix.
    """
    names = [_tube_name(i) for i in range(n_tubes)]
    levels_by_tube = {
        name: [level for level in levels if i >= easy_tubes or level <= 3]
        for i, name in enumerate(names)
    }
    skills_per_level: dict[int, int] = {}
    for tube_levels in levels_by_tube.values():
        for level in tube_levels:
            skills_per_level[level] = skills_per_level.get(level, 0) + 1

    skills: list[Skill] = []
    challenges: list[Challenge] = []
    for tube, tube_levels in levels_by_tube.items():
        for level in tube_levels:
            skill = Skill(
                name=f"@{tube}{level}",
                tube=tube,
                level=level,
                pix_value=PIX_PER_LEVEL / skills_per_level[level],
            )
            skills.append(skill)
            for k in range(challenges_per_skill):
                timed = timed_every is not None and (len(challenges) + 1) % timed_every == 0
                challenges.append(
                    Challenge(key=f"{tube}-{level}-{k}", skill=skill.name, timed=timed)
                )
    return skills, challenges


def _tube_name(index: int) -> str:
    """tubeA, tubeB, … tubeZ, tubeBA, …: letters only, since a skill name ends with its
    level digit."""
    letters = ""
    while True:
        index, rest = divmod(index, 26)
        letters = string.ascii_uppercase[rest] + letters
        if index == 0:
            return f"tube{letters}"
