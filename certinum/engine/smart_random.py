"""The adaptive competence evaluation, "smart random" (spec 01 §4 and decisions D10, D13).

One step of the evaluation, on plain data:

1. `estimate` — the pupil's level from their direct knowledge elements;
2. `candidates` — the skills still worth a question, given that estimate;
3. `stop` — the evaluation ends when no candidate is left;
4. `select` — otherwise one challenge of one candidate, picked by a seeded hash.

`next_step` chains the four; `replay` re-runs a whole evaluation from its recorded answers
so that anyone can check what was served. Every tunable constant is in `Config`; the seed
is stored with the evaluation. See docs/engine.md for the shape shared by every algorithm.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from certinum.engine.positioning import (
    Challenge,
    ItemBank,
    KESource,
    KEStatus,
    KnowledgeElement,
    NewKnowledgeElement,
    RecordedAnswer,
    Replay,
    Skill,
    Step,
    assessed_skills,
    knowledge_elements_for_answer,
    latest_per_skill,
)

NAME = "smart-random"
VERSION = 1


class ConfigError(ValueError):
    """A configuration that cannot be used, with a message that names the faulty value."""


@dataclass(frozen=True)
class Config:
    """Every tunable constant of the algorithm. Validated when built: an instance is
    always usable. The defaults are the reference values (spec 01 §4) and Certinum's
    departures of D10."""

    # The first question is at this level when possible (also the level assumed for a
    # skill of unknown level when estimating).
    first_challenge_level: int = 2
    # Skills more than this many levels above the pupil's level are not asked.
    max_level_gap: int = 2
    # A tube whose hardest skill is at most this level is "easy" and asked first.
    easy_tube_max_level: int = 3
    # The levels among which the estimate is chosen, in increasing order.
    estimation_levels: tuple[float, ...] = tuple(level / 2 for level in range(1, 16))
    # Two virtual answers anchor the estimate: one success and one failure at these levels.
    virtual_success_level: int = 0
    virtual_failure_level: int = 7
    # D10 (1): the gap is measured from max(estimate, highest level proved in the tube).
    reach_from_own_tube: bool = True
    # D10 (2): before ending, a tube with no answer yet is probed at its easiest skill.
    probe_untouched_tubes: bool = True

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if item.type == "bool" and not isinstance(value, bool):
                raise ConfigError(f"{_label(item.name)} doit valoir true ou false.")
            if item.type == "int" and (isinstance(value, bool) or not isinstance(value, int)):
                raise ConfigError(f"{_label(item.name)} doit être un nombre entier.")
        for name in ("first_challenge_level", "easy_tube_max_level"):
            if not 1 <= getattr(self, name) <= 8:
                raise ConfigError(f"{_label(name)} doit être compris entre 1 et 8.")
        if not 0 <= self.max_level_gap <= 8:
            raise ConfigError(f"{_label('max_level_gap')} doit être compris entre 0 et 8.")
        if not 0 <= self.virtual_success_level < self.virtual_failure_level <= 8:
            raise ConfigError(
                f"{_label('virtual_success_level')} doit être inférieur à "
                f"{_label('virtual_failure_level')}, tous deux entre 0 et 8."
            )
        levels = self.estimation_levels
        if (
            not isinstance(levels, tuple)
            or not levels
            or not all(isinstance(v, float) and 0 <= v <= 8 for v in levels)
            or any(a >= b for a, b in itertools.pairwise(levels))
        ):
            raise ConfigError(
                f"{_label('estimation_levels')} doit être une liste non vide de niveaux "
                "croissants entre 0 et 8."
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Config:
        """The configuration stored with an evaluation. Every field must be present, and
        nothing else: a stored configuration is read exactly or refused."""
        if not isinstance(data, Mapping):
            raise ConfigError(f"La configuration de {NAME} v{VERSION} doit être un objet.")
        names = [item.name for item in dataclasses.fields(cls)]
        missing = [name for name in names if name not in data]
        if missing:
            raise ConfigError(
                f"Configuration de {NAME} v{VERSION} incomplète : il manque {', '.join(missing)}."
            )
        unknown = sorted(str(key) for key in data if key not in names)
        if unknown:
            raise ConfigError(
                f"Configuration de {NAME} v{VERSION} : clé(s) inconnue(s) {', '.join(unknown)}."
            )
        values = dict(data)
        levels = values["estimation_levels"]
        if isinstance(levels, list | tuple) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in levels
        ):
            # JSON has one number type: 1 and 1.0 are the same level.
            values["estimation_levels"] = tuple(float(v) for v in levels)
        return cls(**values)  # type: ignore[arg-type]  # types are checked by __post_init__

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict that `from_dict` reads back to an equal configuration."""
        data = dataclasses.asdict(self)
        data["estimation_levels"] = list(self.estimation_levels)
        return data


def _label(name: str) -> str:
    return f"{NAME} v{VERSION} : « {name} »"


# --- estimate -----------------------------------------------------------------------------


def probability_of_success(level: float, difficulty: float) -> float:
    """P(L, d) = 1 / (1 + e^−(L − d))."""
    return 1.0 / (1.0 + math.exp(-(level - difficulty)))


def estimate(
    elements: Iterable[KnowledgeElement], skill_levels: Mapping[str, int], config: Config
) -> float:
    """argmax over L ∈ estimation_levels of −|Σ (outcome − P(L, d))| over the direct
    elements (outcome 1 if validated, else 0; d = the skill's level), plus the two virtual
    answers. Ties: the lowest L. `elements` should be the latest one per skill."""
    outcomes = [(config.virtual_success_level, 1.0), (config.virtual_failure_level, 0.0)]
    for element in elements:
        if element.source == KESource.DIRECT and element.status != KEStatus.RESET:
            outcomes.append(
                (
                    skill_levels.get(element.skill, config.first_challenge_level),
                    1.0 if element.status == KEStatus.VALIDATED else 0.0,
                )
            )
    best_level, best_score = config.estimation_levels[0], -math.inf
    for level in config.estimation_levels:
        score = -abs(sum(outcome - probability_of_success(level, d) for d, outcome in outcomes))
        # The margin keeps float noise from breaking a tie towards a higher level.
        if score > best_score + 1e-12:
            best_level, best_score = level, score
    return best_level


# --- candidates and stop ------------------------------------------------------------------


def candidates(
    *,
    bank: ItemBank,
    elements: Sequence[KnowledgeElement],
    answered: Sequence[str],
    estimated_level: float | None,
    config: Config,
) -> list[Skill]:
    """The skills worth the next question, sorted by name. `estimated_level` is None
    before the first answer (the first question follows its own rule)."""
    playable = _playable_challenges(bank.challenges, answered)
    # Tubes are made of every skill that has a challenge at all, so whether a tube is
    # "easy" does not change as its challenges get used up.
    servable = {c.skill for c in bank.challenges}
    tubes = _tubes([s for s in bank.skills if s.name in servable])
    assessed = assessed_skills(elements)
    untested = [s for s in bank.skills if s.name in playable and s.name not in assessed]
    chosen = _prefer_easy_tubes(untested, tubes, config)
    if _avoids_timed(bank, answered):
        chosen = [s for s in chosen if _has_untimed(playable[s.name])] or chosen

    if estimated_level is None:
        chosen = _first_challenge_group(chosen, config)
    else:
        reach = (
            _validated_level_per_tube(elements, {s.name: s for s in bank.skills})
            if config.reach_from_own_tube
            else {}
        )
        chosen = [
            s
            for s in chosen
            if s.level - max(estimated_level, reach.get(s.tube, 0)) <= config.max_level_gap
        ]
        chosen = _most_rewarding(chosen, tubes, assessed, estimated_level)
        if not chosen and config.probe_untouched_tubes:
            chosen = _untouched_tubes_entry(untested, tubes, assessed)
    return sorted(chosen, key=lambda s: s.name)


def stop(candidate_skills: Sequence[Skill]) -> bool:
    """Smart random has no fixed length: it ends when no skill is worth a question."""
    return not candidate_skills


# --- select -------------------------------------------------------------------------------


def step_seed(seed: str, step: int) -> str:
    """The seed of one step: the evaluation's stored seed and the number of answers so far."""
    return f"{seed}-{step}"


def seeded_index(seed: str, size: int) -> int:
    """A deterministic pseudo-random index in [0, size): the first 8 bytes of SHA-256(seed),
    big-endian, modulo size. The same seed always picks the same element."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % size


def select(
    candidate_skills: Sequence[Skill], *, bank: ItemBank, answered: Sequence[str], seed: str
) -> str:
    """One challenge among the candidates' playable ones. With s = step_seed(seed, number
    of answers): the skill is candidates[index(s)] (candidates sorted by name), then among
    its challenges (untimed ones when a timed question must be avoided, validated ones
    preferred, sorted by key) the one at index(s + "+1")."""
    current = step_seed(seed, len(answered))
    skill = candidate_skills[seeded_index(current, len(candidate_skills))]
    options = _playable_challenges(bank.challenges, answered)[skill.name]
    if _avoids_timed(bank, answered) and _has_untimed(options):
        options = [c for c in options if not c.timed]
    validated = [c for c in options if c.validated]
    options = sorted(validated or options, key=lambda c: c.key)
    return options[seeded_index(f"{current}+1", len(options))].key


# --- one step, and a whole evaluation -----------------------------------------------------


def next_step(
    *,
    bank: ItemBank,
    elements: Sequence[KnowledgeElement],
    answered: Sequence[str],
    seed: str,
    config: Config,
) -> Step:
    """Choose the next challenge of a competence evaluation.

    `bank`: the target skills and the servable challenges; `elements`: the pupil's
    knowledge elements on the competence (oldest first); `answered`: the challenge keys
    already answered in this evaluation, in order; `seed`: the evaluation's stored seed.
    """
    if answered:
        estimated = estimate(
            latest_per_skill(elements).values(), {s.name: s.level for s in bank.skills}, config
        )
    else:
        estimated = float(config.first_challenge_level)
    chosen = candidates(
        bank=bank,
        elements=elements,
        answered=answered,
        estimated_level=estimated if answered else None,
        config=config,
    )
    if stop(chosen):
        return Step(challenge=None, estimated_level=estimated)
    return Step(
        challenge=select(chosen, bank=bank, answered=answered, seed=seed),
        estimated_level=estimated,
        candidate_skills=tuple(s.name for s in chosen),
    )


def replay(
    *,
    bank: ItemBank,
    prior_elements: Sequence[KnowledgeElement],
    answers: Sequence[RecordedAnswer],
    seed: str,
    config: Config,
) -> Replay:
    """Re-run an evaluation: serve, apply the recorded answer, repeat.

    `prior_elements`: the knowledge elements the pupil had on the competence when the
    evaluation started (already filtered for an improvement), oldest first."""
    skills = {s.name: s for s in bank.skills}
    challenge_skill = {c.key: c.skill for c in bank.challenges}
    elements = list(prior_elements)
    answered: list[str] = []
    served: list[str | None] = []
    created: list[tuple[NewKnowledgeElement, ...]] = []
    while True:
        step = next_step(bank=bank, elements=elements, answered=answered, seed=seed, config=config)
        served.append(step.challenge)
        if len(answered) == len(answers):
            return Replay(tuple(served), tuple(created), None, step)
        answer = answers[len(answered)]
        if step.challenge != answer.challenge:
            return Replay(tuple(served), tuple(created), len(answered), step)
        skill = skills[challenge_skill[answer.challenge]]
        new = knowledge_elements_for_answer(
            skill=skill,
            is_ok=answer.is_ok,
            tube_skills=[s for s in bank.skills if s.tube == skill.tube],
            already_assessed=assessed_skills(elements),
        )
        created.append(tuple(new))
        elements.extend(KnowledgeElement(e.skill, e.status, e.source, e.earned_pix) for e in new)
        answered.append(answer.challenge)


# --- helpers ------------------------------------------------------------------------------


def _playable_challenges(
    challenges: Sequence[Challenge], answered: Sequence[str]
) -> dict[str, list[Challenge]]:
    done = set(answered)
    playable: dict[str, list[Challenge]] = {}
    for challenge in challenges:
        if challenge.key not in done:
            playable.setdefault(challenge.skill, []).append(challenge)
    return playable


def _avoids_timed(bank: ItemBank, answered: Sequence[str]) -> bool:
    """Never two timed questions in a row (D13), and no timed first question."""
    if not answered:
        return True
    return any(c.key == answered[-1] and c.timed for c in bank.challenges)


def _tubes(skills: Sequence[Skill]) -> dict[str, list[Skill]]:
    tubes: dict[str, list[Skill]] = {}
    for skill in skills:
        tubes.setdefault(skill.tube, []).append(skill)
    return tubes


def _has_untimed(challenges: Sequence[Challenge]) -> bool:
    return any(not c.timed for c in challenges)


def _prefer_easy_tubes(
    skills: list[Skill], tubes: dict[str, list[Skill]], config: Config
) -> list[Skill]:
    """Skills of "easy" tubes go first; if none is left, all of them."""
    easy = {
        name
        for name, tube_skills in tubes.items()
        if max(s.level for s in tube_skills) <= config.easy_tube_max_level
    }
    return [s for s in skills if s.tube in easy] or skills


def _first_challenge_group(skills: list[Skill], config: Config) -> list[Skill]:
    """The first challenge is at the configured level when possible, else the lowest."""
    if not skills:
        return []
    at_default = [s for s in skills if s.level == config.first_challenge_level]
    if at_default:
        return at_default
    lowest = min(s.level for s in skills)
    return [s for s in skills if s.level == lowest]


def _validated_level_per_tube(
    elements: Sequence[KnowledgeElement], skills: dict[str, Skill]
) -> dict[str, int]:
    """Highest validated level of each tube (D10): a skill within reach of what the pupil
    proved in the same tube stays askable even when the overall estimate is lower."""
    reach: dict[str, int] = {}
    for name, element in latest_per_skill(elements).items():
        skill = skills.get(name)
        if skill is not None and element.status == KEStatus.VALIDATED:
            reach[skill.tube] = max(reach.get(skill.tube, 0), skill.level)
    return reach


def _untouched_tubes_entry(
    untested: list[Skill], tubes: dict[str, list[Skill]], assessed: set[str]
) -> list[Skill]:
    """D10: before ending, a tube on which the pupil has not answered anything yet is
    probed at its easiest skill, so failing the basics of one tube does not hide what the
    pupil knows in another."""
    untouched = {
        name
        for name, tube_skills in tubes.items()
        if not any(s.name in assessed for s in tube_skills)
    }
    entries: list[Skill] = []
    for name in sorted(untouched):
        in_tube = [s for s in untested if s.tube == name]
        if in_tube:
            lowest = min(s.level for s in in_tube)
            entries.extend(s for s in in_tube if s.level == lowest)
    return entries


def _most_rewarding(
    skills: list[Skill], tubes: dict[str, list[Skill]], assessed: set[str], level: float
) -> list[Skill]:
    """reward(s) = P(L, d)·|untested skills of the tube at d or below|
    + (1 − P(L, d))·|untested skills of the tube at d or above| — what one answer on s
    would teach us through inference. Keep every skill with the maximal reward."""
    if not skills:
        return []
    rewards: dict[str, float] = {}
    for skill in skills:
        untested = [s for s in tubes.get(skill.tube, []) if s.name not in assessed]
        easier = sum(s.level <= skill.level for s in untested)
        harder = sum(s.level >= skill.level for s in untested)
        p = probability_of_success(level, skill.level)
        rewards[skill.name] = p * easier + (1 - p) * harder
    best = max(rewards.values())
    return [s for s in skills if math.isclose(rewards[s.name], best, rel_tol=1e-9)]
