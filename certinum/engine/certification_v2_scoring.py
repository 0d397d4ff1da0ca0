"""The certification test, version 2: scoring (spec 05 §4, decision D42).

Pure functions on plain data. `score(ScoringInput) -> ScoringOutcome` is the entry point;
`certification_v2` re-exports everything public here.

1. Only the tested competences count (estimated level ≥ 1); challenges of other
   competences (and their answers) are left aside.
2. Consistency checks (skipped in the jury's `continue_on_error` mode): an error gives
   status `error`, 0 pix, a rate of 0 and a `ScoringError` with a stable code.
3. Reproducibility rate = round-half-up(100 × right answers / counted challenges), over
   the challenges that are not neutralized and were answered or skipped automatically.
4. Rate < 50: every competence is uncertified. Otherwise each competence's counts
   (challenges, correct, neutralized; a QROCM-dep counts twice when its competence has
   fewer than 3 challenges) pick a rule of `LEVEL_RULES`, whose action for the rate's
   column validates, downgrades (−1 level, −8 pix) or uncertifies (level −1, 0 pix).
5. Caps at the course's max reachable level (level ≤ max, pix ≤ 8 × max).
6. Total = Σ pix; status `rejected` when it is 0, else `validated`; a total of 0 with a
   rate above 50 is an error (outside jury mode).

Where Certinum departs from the reference (D42): a replacement question stands in for the
neutralized question it replaced; the answer checks name the exact fault (an unanswered
question that was neutralized or skipped automatically is not missing); a downgraded
score is never negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from certinum.engine.answers import AnswerStatus
from certinum.engine.positioning import (
    MIN_LEVEL_FOR_CERTIFIABLE_COMPETENCE,
    PIX_PER_LEVEL,
    CompetenceScore,
    capped_score,
)

SCORING_VERSION = 1

# api/lib/domain/constants.js: MINIMUM_REPRODUCIBILITY_RATE_TO_BE_CERTIFIED / _TRUSTED.
MINIMUM_RATE_TO_BE_CERTIFIED = 50
MINIMUM_RATE_TO_BE_TRUSTED = 80
MINIMUM_RATE_FOR_MIDDLE_COLUMN = 70
# A competence with fewer questions than this counts a QROCM-dep twice.
FULL_COMPETENCE_CHALLENGES = 3
MAX_CORRECT_ANSWERS = 3
UNCERTIFIED_LEVEL = -1
QROCM_DEP = "QROCM-dep"
DEFAULT_MAX_REACHABLE_LEVEL = 5


# --- Inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TestedCompetence:
    """A competence of the profile at the course's creation, uncapped. `competence_id` is
    the competence's code in Certinum ("1.1"), as in the selection's picks."""

    __test__ = False  # not a pytest test class, despite its name

    competence_id: str
    area_code: str
    estimated_level: int
    pix_score: int


@dataclass(frozen=True)
class ScoringChallenge:
    """One question of the course. `type`: "QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep".
    `is_replacement`: added after a validated live alert, in place of a neutralized one."""

    challenge_id: str
    competence_id: str
    type: str
    is_neutralized: bool = False
    has_been_skipped_automatically: bool = False
    is_replacement: bool = False


@dataclass(frozen=True)
class ScoringAnswer:
    challenge_id: str
    result: AnswerStatus


@dataclass(frozen=True)
class ScoringInput:
    """Everything scoring reads. `answers` in the order they were given."""

    competences: tuple[TestedCompetence, ...]
    challenges: tuple[ScoringChallenge, ...]
    answers: tuple[ScoringAnswer, ...]
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL
    continue_on_error: bool = False


# --- Output -------------------------------------------------------------------------------


class ScoringStatus(StrEnum):
    VALIDATED = "validated"
    REJECTED = "rejected"
    ERROR = "error"


class ScoringErrorCode(StrEnum):
    """Stable codes: the app translates them, with `ScoringError.params`."""

    UNKNOWN_CHALLENGE = "unknown-challenge"
    SEVERAL_ANSWERS = "several-answers"
    COMPETENCE_WITHOUT_CHALLENGE = "competence-without-challenge"
    COMPETENCE_WITHOUT_ANSWER = "competence-without-answer"
    UNANSWERED_CHALLENGES = "unanswered-challenges"
    MISSING_LEVEL_RULE = "missing-level-rule"
    REJECTED_WITH_HIGH_RATE = "rejected-with-high-rate"


_ERROR_MESSAGES: Mapping[ScoringErrorCode, str] = {
    ScoringErrorCode.UNKNOWN_CHALLENGE: "Problem loading challenge {challenge}",
    ScoringErrorCode.SEVERAL_ANSWERS: "Several answers for challenge {challenge}",
    ScoringErrorCode.COMPETENCE_WITHOUT_CHALLENGE: (
        "Not enough challenges asked for competence {competence}"
    ),
    ScoringErrorCode.COMPETENCE_WITHOUT_ANSWER: ("Not enough answers for competence {competence}"),
    ScoringErrorCode.UNANSWERED_CHALLENGES: "The candidate did not answer every challenge",
    ScoringErrorCode.MISSING_LEVEL_RULE: (
        "No certified level rule for {challenges} challenges asked, {correct} correct "
        "answers and {neutralized} neutralized challenges (competence {competence})"
    ),
    ScoringErrorCode.REJECTED_WITH_HIGH_RATE: (
        "Rejected with a reproducibility rate above 50 ({rate})"
    ),
}


@dataclass(frozen=True)
class ScoringError:
    """`message` in English for logs; `params` (name, value) pairs for the translation."""

    code: ScoringErrorCode
    params: tuple[tuple[str, str | int], ...] = ()

    @property
    def message(self) -> str:
        return _ERROR_MESSAGES[self.code].format(**dict(self.params))


def _error(code: ScoringErrorCode, **params: str | int) -> ScoringError:
    return ScoringError(code, tuple(sorted(params.items())))


@dataclass(frozen=True)
class CompetenceMark:
    """`level` −1 = not certified (score 0)."""

    competence_id: str
    area_code: str
    level: int
    score: int


@dataclass(frozen=True)
class ScoringOutcome:
    status: ScoringStatus
    competence_marks: tuple[CompetenceMark, ...]
    reproducibility_rate: int
    total_pix: int
    error: ScoringError | None = None


def _error_outcome(error: ScoringError) -> ScoringOutcome:
    # As the reference: an error result has 0 pix, a rate of 0 and no marks.
    return ScoringOutcome(ScoringStatus.ERROR, (), 0, 0, error)


# --- Rules --------------------------------------------------------------------------------


class LevelAction(StrEnum):
    VALIDATE = "V"  # certified level = estimated level
    DOWNGRADE = "D"  # estimated level − 1, estimated pix − 8
    UNCERTIFY = "U"  # level −1, 0 pix


_V, _D, _U = LevelAction.VALIDATE, LevelAction.DOWNGRADE, LevelAction.UNCERTIFY

# (challenges, correct, neutralized) → action for rate ≥ 80, 70 ≤ rate < 80, rate < 70
# (spec 05 §4.5, the reference's CertifiedLevel.js; rates below 50 never get here).
LEVEL_RULES: Mapping[tuple[int, int, int], tuple[LevelAction, LevelAction, LevelAction]] = {
    (3, 3, 0): (_V, _V, _V),
    (3, 2, 0): (_V, _D, _D),
    (3, 2, 1): (_V, _V, _V),
    (3, 1, 0): (_U, _U, _U),
    (3, 1, 1): (_V, _D, _U),
    (3, 1, 2): (_V, _V, _D),
    (3, 0, 0): (_U, _U, _U),
    (3, 0, 1): (_U, _U, _U),
    (3, 0, 2): (_U, _U, _U),
    (3, 0, 3): (_U, _U, _U),
    (2, 2, 0): (_V, _V, _V),
    (2, 1, 0): (_V, _D, _U),
    (2, 1, 1): (_V, _V, _D),
    (2, 0, 0): (_U, _U, _U),
    (2, 0, 1): (_U, _U, _U),
    (2, 0, 2): (_U, _U, _U),
    (1, 1, 0): (_V, _V, _D),
    (1, 0, 1): (_U, _U, _U),
    (1, 0, 0): (_U, _U, _U),
}


@dataclass(frozen=True)
class CompetenceCounts:
    """What the rule table is looked up with (spec 05 §4.4)."""

    challenges: int
    correct: int
    neutralized: int


def rate_from_counts(correct: int, counted: int) -> int:
    """round(100 × correct / counted), halves up as JS `Math.round`; 0 when counted is 0.
    Integer arithmetic: ⌊(200·correct + counted) / (2·counted)⌋."""
    if counted <= 0:
        return 0
    return (200 * correct + counted) // (2 * counted)


def reproducibility_rate(
    challenges: Iterable[ScoringChallenge], results: Mapping[str, AnswerStatus]
) -> int:
    """Spec 05 §4.3 over all the challenges of the tested competences. Counted: not
    neutralized, and answered or skipped automatically; correct: among those, result `ok`
    (a QROCM-dep counts once here). `results`: challenge id → result of its answer."""
    counted = correct = 0
    for challenge in challenges:
        if challenge.is_neutralized:
            continue
        result = results.get(challenge.challenge_id)
        if result is not None or challenge.has_been_skipped_automatically:
            counted += 1
            correct += result == AnswerStatus.OK
    return rate_from_counts(correct, counted)


def scored_challenges(challenges: Sequence[ScoringChallenge]) -> list[ScoringChallenge]:
    """A competence's challenges as the rules see them (D42): each replacement stands in
    for one neutralized, non-replacement challenge, which is left out — so a question
    replaced after a live alert keeps its competence at 3 questions, none neutralized."""
    replacements = sum(c.is_replacement for c in challenges)
    kept: list[ScoringChallenge] = []
    for challenge in challenges:
        if replacements and challenge.is_neutralized and not challenge.is_replacement:
            replacements -= 1
            continue
        kept.append(challenge)
    return kept


def competence_counts(
    challenges: Sequence[ScoringChallenge], results: Mapping[str, AnswerStatus]
) -> CompetenceCounts:
    """Spec 05 §4.4. With fewer than 3 challenges a QROCM-dep weighs 2: 2 correct when
    `ok`, 1 when `partially`. Neutralized challenges count in `neutralized`, never in
    `correct`; `correct` is capped at 3."""
    double_dep = len(challenges) < FULL_COMPETENCE_CHALLENGES
    total = correct = neutralized = 0
    for challenge in challenges:
        weight = 2 if double_dep and challenge.type == QROCM_DEP else 1
        total += weight
        if challenge.is_neutralized:
            neutralized += weight
            continue
        result = results.get(challenge.challenge_id)
        if result == AnswerStatus.OK:
            correct += weight
        elif result == AnswerStatus.PARTIALLY and weight == 2:
            correct += 1
    return CompetenceCounts(total, min(correct, MAX_CORRECT_ANSWERS), neutralized)


def level_action(counts: CompetenceCounts, rate: int) -> LevelAction | None:
    """The rule for these exact counts at this rate (≥ 50), or None when the table has
    none. Columns: rate ≥ 80, 70 ≤ rate < 80, rate < 70."""
    actions = LEVEL_RULES.get((counts.challenges, counts.correct, counts.neutralized))
    if actions is None:
        return None
    if rate >= MINIMUM_RATE_TO_BE_TRUSTED:
        return actions[0]
    if rate >= MINIMUM_RATE_FOR_MIDDLE_COLUMN:
        return actions[1]
    return actions[2]


def competence_level_from_counts(
    counts: CompetenceCounts, *, estimated_level: int, rate: int
) -> int | None:
    """The certified level before the cap: −1 when the rate is below 50, else the rule's
    action on the estimated level; None when no rule matches the counts."""
    if rate < MINIMUM_RATE_TO_BE_CERTIFIED:
        return UNCERTIFIED_LEVEL
    action = level_action(counts, rate)
    if action is None:
        return None
    return _level_after(action, estimated_level)


def _level_after(action: LevelAction, estimated_level: int) -> int:
    if action is LevelAction.VALIDATE:
        return estimated_level
    if action is LevelAction.DOWNGRADE:
        return estimated_level - 1
    return UNCERTIFIED_LEVEL


def certified_score(action: LevelAction, estimated_pix: int) -> int:
    """Validated: the estimated pix; downgraded: 8 fewer, never below 0 (D42);
    uncertified: 0."""
    if action is LevelAction.VALIDATE:
        return estimated_pix
    if action is LevelAction.DOWNGRADE:
        return max(0, estimated_pix - PIX_PER_LEVEL)
    return 0


def competence_mark(
    competence: TestedCompetence, action: LevelAction, *, max_reachable_level: int
) -> CompetenceMark:
    """Level and pix after the action, capped at the max reachable level (spec 05 §4.6)."""
    level = _level_after(action, competence.estimated_level)
    pix = certified_score(action, competence.pix_score)
    capped = capped_score(
        CompetenceScore(real_pix=float(pix), pix=pix, level=level),
        max_level=max_reachable_level,
    )
    return CompetenceMark(competence.competence_id, competence.area_code, capped.level, capped.pix)


# --- Consistency checks -------------------------------------------------------------------


def contract_error(
    competences: Sequence[TestedCompetence],
    challenges_by_competence: Mapping[str, Sequence[ScoringChallenge]],
    answers: Sequence[ScoringAnswer],
    known_challenges: frozenset[str],
) -> ScoringError | None:
    """The first failed check (spec 05 §4.2, order of D42): an answer to no question of
    the course; two answers to one question; a tested competence with no question; one
    whose questions are all unanswered, none neutralized or skipped; any question left
    unanswered that was neither neutralized nor skipped automatically."""
    seen: set[str] = set()
    for answer in answers:
        if answer.challenge_id not in known_challenges:
            return _error(ScoringErrorCode.UNKNOWN_CHALLENGE, challenge=answer.challenge_id)
        if answer.challenge_id in seen:
            return _error(ScoringErrorCode.SEVERAL_ANSWERS, challenge=answer.challenge_id)
        seen.add(answer.challenge_id)
    missing = False
    for competence in competences:
        challenges = challenges_by_competence.get(competence.competence_id, ())
        if not challenges:
            return _error(
                ScoringErrorCode.COMPETENCE_WITHOUT_CHALLENGE, competence=competence.competence_id
            )
        excused = [c.is_neutralized or c.has_been_skipped_automatically for c in challenges]
        answered = [c.challenge_id in seen for c in challenges]
        if not any(answered) and not any(excused):
            return _error(
                ScoringErrorCode.COMPETENCE_WITHOUT_ANSWER, competence=competence.competence_id
            )
        missing = missing or not all(a or e for a, e in zip(answered, excused, strict=True))
    return _error(ScoringErrorCode.UNANSWERED_CHALLENGES) if missing else None


# --- Entry point --------------------------------------------------------------------------


def score(inputs: ScoringInput) -> ScoringOutcome:
    """Score a certification course (spec 05 §4): see the module docstring."""
    tested = [
        c for c in inputs.competences if c.estimated_level >= MIN_LEVEL_FOR_CERTIFIABLE_COMPETENCE
    ]
    by_competence: dict[str, list[ScoringChallenge]] = {c.competence_id: [] for c in tested}
    for challenge in inputs.challenges:
        if challenge.competence_id in by_competence:
            by_competence[challenge.competence_id].append(challenge)
    kept = {c.challenge_id for challenges in by_competence.values() for c in challenges}
    answers = [a for a in inputs.answers if a.challenge_id in kept]
    if not inputs.continue_on_error:
        # Answers to another part of the course (a complementary certification) are
        # neither scored nor unknown.
        all_ids = frozenset(c.challenge_id for c in inputs.challenges)
        unknown = [a for a in inputs.answers if a.challenge_id not in all_ids]
        error = contract_error(tested, by_competence, unknown + answers, all_ids)
        if error is not None:
            return _error_outcome(error)
    results: dict[str, AnswerStatus] = {}
    for answer in answers:
        results.setdefault(answer.challenge_id, answer.result)  # the first one counts
    rate = reproducibility_rate(
        (c for challenges in by_competence.values() for c in challenges), results
    )
    marks: list[CompetenceMark] = []
    for competence in tested:
        action = _competence_action(by_competence[competence.competence_id], results, rate)
        if isinstance(action, ScoringError):
            return _error_outcome(_with_competence(action, competence))
        marks.append(
            competence_mark(competence, action, max_reachable_level=inputs.max_reachable_level)
        )
    return _outcome(marks, rate, continue_on_error=inputs.continue_on_error)


def _competence_action(
    challenges: Sequence[ScoringChallenge], results: Mapping[str, AnswerStatus], rate: int
) -> LevelAction | ScoringError:
    # No question at all only gets here in the jury's mode (D42): nothing was proved.
    if rate < MINIMUM_RATE_TO_BE_CERTIFIED or not challenges:
        return LevelAction.UNCERTIFY
    counts = competence_counts(scored_challenges(challenges), results)
    action = level_action(counts, rate)
    if action is None:
        return _error(
            ScoringErrorCode.MISSING_LEVEL_RULE,
            challenges=counts.challenges,
            correct=counts.correct,
            neutralized=counts.neutralized,
        )
    return action


def _with_competence(error: ScoringError, competence: TestedCompetence) -> ScoringError:
    return _error(error.code, **dict(error.params), competence=competence.competence_id)


def _outcome(marks: list[CompetenceMark], rate: int, *, continue_on_error: bool) -> ScoringOutcome:
    total = sum(mark.score for mark in marks)
    if total < 1 and rate > MINIMUM_RATE_TO_BE_CERTIFIED and not continue_on_error:
        return _error_outcome(_error(ScoringErrorCode.REJECTED_WITH_HIGH_RATE, rate=rate))
    status = ScoringStatus.VALIDATED if total > 0 else ScoringStatus.REJECTED
    return ScoringOutcome(status, tuple(marks), rate, total)
