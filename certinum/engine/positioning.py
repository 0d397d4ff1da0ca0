"""Knowledge elements, competence scores and the item bank as the algorithms see it.

Pure functions on plain data (spec 01 §2–§3). The apps store knowledge elements and
answers; this module decides which ones an answer creates and what a profile is worth.
Which challenge comes next is the adaptive algorithm's business (`smart_random`).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

PIX_PER_LEVEL = 8
MIN_LEVEL_FOR_CERTIFIABLE_COMPETENCE = 1
MIN_CERTIFIABLE_COMPETENCES = 5
DAYS_BEFORE_RESET = 7
DAYS_BEFORE_IMPROVING = 4


class KEStatus(StrEnum):
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    RESET = "reset"


class KESource(StrEnum):
    DIRECT = "direct"
    INFERRED = "inferred"


@dataclass(frozen=True)
class Skill:
    name: str  # "@tube3"
    tube: str  # "tube"
    level: int  # 1..8
    pix_value: float


@dataclass(frozen=True)
class KnowledgeElement:
    skill: str
    status: KEStatus
    source: KESource
    earned_pix: float = 0.0
    created_at: datetime.datetime | None = None
    assessment_id: int | None = None


@dataclass(frozen=True)
class NewKnowledgeElement:
    skill: str
    status: KEStatus
    source: KESource
    earned_pix: float


# --- Knowledge elements -------------------------------------------------------------------


def latest_per_skill(elements: Iterable[KnowledgeElement]) -> dict[str, KnowledgeElement]:
    """Only the latest knowledge element of each skill counts. `elements` must come in
    creation order (oldest first); a later one replaces an earlier one."""
    latest: dict[str, KnowledgeElement] = {}
    for element in elements:
        latest[element.skill] = element
    return latest


def assessed_skills(elements: Iterable[KnowledgeElement]) -> set[str]:
    """Skills with a live (validated or invalidated) knowledge element; `reset` ones are
    free to be tested again."""
    return {
        skill
        for skill, element in latest_per_skill(elements).items()
        if element.status != KEStatus.RESET
    }


def knowledge_elements_for_answer(
    *, skill: Skill, is_ok: bool, tube_skills: Sequence[Skill], already_assessed: set[str]
) -> list[NewKnowledgeElement]:
    """The knowledge elements one answer creates (spec 01 §2).

    A direct element for the challenge's skill: validated iff the answer is `ok` (every
    other result invalidates). Then inferred elements on the same tube, for skills not yet
    assessed: a success validates every easier skill, a failure invalidates every harder one.
    earned_pix = pix value when validated, else 0.
    """
    if skill.name in already_assessed:
        return []
    status = KEStatus.VALIDATED if is_ok else KEStatus.INVALIDATED
    created = [
        NewKnowledgeElement(skill.name, status, KESource.DIRECT, skill.pix_value if is_ok else 0.0)
    ]
    for other in sorted(tube_skills, key=lambda s: s.level):
        if other.tube != skill.tube or other.name in already_assessed or other.name == skill.name:
            continue
        if is_ok and other.level < skill.level:
            created.append(
                NewKnowledgeElement(
                    other.name, KEStatus.VALIDATED, KESource.INFERRED, other.pix_value
                )
            )
        elif not is_ok and other.level > skill.level:
            created.append(
                NewKnowledgeElement(other.name, KEStatus.INVALIDATED, KESource.INFERRED, 0.0)
            )
    return created


def keep_for_improvement(
    elements: Iterable[KnowledgeElement],
    *,
    assessment_started_at: datetime.datetime,
    assessment_id: int,
) -> list[KnowledgeElement]:
    """When a pupil improves a competence, old failures are forgotten so their skills can
    be tested again: keep an element if it is validated, younger than 4 days at the start
    of the assessment, or produced by this assessment (spec 01 §2.3)."""
    limit = assessment_started_at - datetime.timedelta(days=DAYS_BEFORE_IMPROVING)
    # Only the latest element of each skill: an old validation superseded by a reset must
    # not come back.
    return [
        e
        for e in latest_per_skill(elements).values()
        if e.status == KEStatus.VALIDATED
        or e.assessment_id == assessment_id
        or (e.created_at is not None and e.created_at > limit)
    ]


# --- Scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceScore:
    """real_pix is the exact sum; pix is floored; level = floor(real_pix / 8)."""

    real_pix: float
    pix: int
    level: int

    @property
    def pix_ahead_for_next_level(self) -> int:
        return self.pix % PIX_PER_LEVEL

    @property
    def is_certifiable(self) -> bool:
        return self.level >= MIN_LEVEL_FOR_CERTIFIABLE_COMPETENCE


def competence_score(
    elements: Iterable[KnowledgeElement], *, max_level: int | None = None
) -> CompetenceScore:
    """Score of one competence from its knowledge elements (spec 01 §2.1).

    real_pix = Σ earned_pix of the latest element per skill; pix = ⌊real_pix⌋;
    level = ⌊real_pix / 8⌋. With `max_level`, level ≤ max_level and pix ≤ 8·max_level
    (for display and exports); without it, the uncapped values used by certification.
    """
    real = sum(e.earned_pix for e in latest_per_skill(elements).values())
    # Guard against float noise: 8/3 + 8/3 + 8/3 must give 8, not 7.999….
    real = round(real, 6)
    score = CompetenceScore(
        real_pix=real, pix=math.floor(real), level=math.floor(real / PIX_PER_LEVEL)
    )
    return score if max_level is None else capped_score(score, max_level=max_level)


def capped_score(score: CompetenceScore, *, max_level: int) -> CompetenceScore:
    """The level cap (spec 01 §2.1): level ≤ max_level and pix ≤ 8·max_level, for display
    and exports; certification uses the uncapped score."""
    return CompetenceScore(
        real_pix=score.real_pix,
        pix=min(score.pix, max_level * PIX_PER_LEVEL),
        level=min(score.level, max_level),
    )


@dataclass(frozen=True)
class ProfileSummary:
    total_pix: int
    certifiable_competences: int

    @property
    def is_certifiable(self) -> bool:
        return self.certifiable_competences >= MIN_CERTIFIABLE_COMPETENCES

    @property
    def missing_certifiable_competences(self) -> int:
        return max(0, MIN_CERTIFIABLE_COMPETENCES - self.certifiable_competences)


def profile_summary(scores: Iterable[CompetenceScore]) -> ProfileSummary:
    """Total pix = Σ competence pix; certifiable when ≥ 5 competences reach level 1."""
    scores = list(scores)
    return ProfileSummary(
        total_pix=sum(s.pix for s in scores),
        certifiable_competences=sum(s.is_certifiable for s in scores),
    )


def remaining_days(
    last_element_at: datetime.datetime | None, now: datetime.datetime, delay_days: int
) -> int:
    """max(0, ⌈delay − days since the last knowledge element⌉) — 0 means allowed now."""
    if last_element_at is None:
        return 0
    elapsed_days = (now - last_element_at).total_seconds() / 86400
    return max(0, math.ceil(delay_days - elapsed_days))


# --- The item bank, as the adaptive algorithms see it -------------------------------------


@dataclass(frozen=True)
class Challenge:
    key: str
    skill: str
    timed: bool = False
    validated: bool = True


class ItemBankError(ValueError):
    """A stored item bank that cannot be read back."""


@dataclass(frozen=True)
class ItemBank:
    """The target skills and the servable challenges of one evaluation. Stored with the
    evaluation (compact lists, `to_dict`), so it is replayed on the content it was served
    from even after the item bank changed (decision D28)."""

    skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]

    def to_dict(self) -> dict[str, list[list[object]]]:
        return {
            "skills": [[s.name, s.tube, s.level, s.pix_value] for s in self.skills],
            "challenges": [[c.key, c.skill, c.timed, c.validated] for c in self.challenges],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ItemBank:
        try:
            skills = tuple(
                Skill(_typed(name, str), _typed(tube, str), _typed(level, int), float(pix))
                for name, tube, level, pix in _rows(data, "skills")
            )
            challenges = tuple(
                Challenge(
                    _typed(key, str),
                    _typed(skill, str),
                    _typed(timed, bool),
                    _typed(validated, bool),
                )
                for key, skill, timed, validated in _rows(data, "challenges")
            )
        except (TypeError, ValueError) as error:
            raise ItemBankError(f"Banque d'épreuves enregistrée illisible : {error}") from None
        return cls(skills, challenges)


def _rows(data: Mapping[str, object], name: str) -> list[Sequence[Any]]:
    rows = data.get(name) if isinstance(data, Mapping) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ValueError(f"« {name} » doit être une liste de lignes.")
    return rows


T = TypeVar("T")


def _typed(value: object, kind: type[T]) -> T:
    # bool is an int in Python; a stored level of `true` is still wrong.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{value!r} n'est pas du type attendu ({kind.__name__}).")
    return value


# --- What every competence-evaluation algorithm returns -----------------------------------


@dataclass(frozen=True)
class Step:
    """The outcome of one step: the next challenge, or None when the evaluation ends."""

    challenge: str | None
    estimated_level: float
    candidate_skills: tuple[str, ...] = field(default=())

    @property
    def has_ended(self) -> bool:
        return self.challenge is None


@dataclass(frozen=True)
class RecordedAnswer:
    """One stored answer as the algorithm sees it: which challenge, and right or not."""

    challenge: str
    is_ok: bool


@dataclass(frozen=True)
class Replay:
    """What the algorithm does with the recorded answers.

    `served`: the challenge it serves at each step, in order, then None if it ends after
    the last answer (a still-running evaluation ends with the challenge to serve next).
    It stops early at the first step where the recorded answer is about another challenge
    than the one served (`diverged_at` is that step). `elements[i]`: the knowledge elements
    answer i creates.
    """

    served: tuple[str | None, ...]
    elements: tuple[tuple[NewKnowledgeElement, ...], ...]
    diverged_at: int | None
    last_step: Step
