"""The certification test, version 2: picking the questions (spec 05 §1–§3).

The test re-asks the candidate about skills they **directly validated** in their profile:
up to 3 questions per certifiable competence, picked once when the test is created.

1. `certifiable_competences` / `eligible` — the profile at the start date (uncapped
   levels); the rule « level ≥ 1, at least 5 competences » is positioning's
   (`CompetenceScore.is_certifiable`, `ProfileSummary.is_certifiable`);
2. `select` — for each certifiable competence in framework order, its directly validated
   skills from hardest to easiest; for each skill, one served challenge, preferring those
   the candidate never answered (all of them if none is left), picked by a seeded hash;
   a skill whose pick is already in the test is skipped; at most 3 per competence;
3. `next_step` / `stop` — the test is served in the order of the picks;
4. `replay` — the same inputs and seed give the same picks; `Inputs.to_dict` is what the
   course stores, `Inputs.from_dict` reads it back;
5. `score` — the certified levels and pix after the test (spec 05 §4), from
   `certification_v2_scoring`, re-exported here.

Where Certinum departs from the reference (decision D40):

- **Served statuses.** The reference picks among "operative" challenges (validated or
  archived). Certinum serves only `validated` items (docs/content-format.md): an archived
  item is one that left the content files. `Config.served_statuses`.
- **Deterministic order of equals.** The reference sorts skills by difficulty then
  reverses the list, so skills of the same level come in reverse database order, and
  `_.sample` draws from the order the challenges were loaded in. Here skills of the same
  level come by name, challenges are sorted by key before the draw, and competences come in
  framework order of their codes (1.1, 1.2, … 5.2), whatever order the caller gives: the
  picks depend only on the stored data and the seed.
- **The draw.** `seeded_index(f"{seed}:{competence}:{skill}", n)` (smart random's helper:
  SHA-256 of the string, first 8 bytes, modulo n). Deriving per skill keeps one skill's
  draw independent of what the other skills drew.
- **Kept as in the reference: a duplicate skips the skill** (no retry with another
  challenge of the same skill). In Certinum a challenge tests exactly one skill and a skill
  belongs to one competence, so a pick can only repeat if the caller lists one key under
  two skills; a retry rule would be code for a case our item bank cannot produce.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from certinum.engine import certification_v2_scoring as _scoring
from certinum.engine.positioning import CompetenceScore, profile_summary
from certinum.engine.smart_random import seeded_index

NAME = "certification-v2"
VERSION = 1


class ConfigError(ValueError):
    """A configuration that cannot be used, with a message that names the faulty value."""


class InputsError(ValueError):
    """Stored inputs that cannot be read back."""


@dataclass(frozen=True)
class Config:
    """Every tunable constant of the selection. Defaults: the reference values (spec 05 §2)
    and Certinum's departure of D40 (only validated items are served)."""

    # MAX_CHALLENGES_PER_SKILL_FOR_CERTIFICATION in the reference (it is per competence).
    challenges_per_competence: int = 3
    # The challenge statuses that may be picked.
    served_statuses: tuple[str, ...] = ("validated",)
    # Prefer challenges the candidate has not answered in their profile.
    avoid_answered: bool = True

    def __post_init__(self) -> None:
        count = self.challenges_per_competence
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 16:
            raise ConfigError(
                f"{_label('challenges_per_competence')} doit être un nombre entier "
                "compris entre 1 et 16."
            )
        statuses = self.served_statuses
        if (
            not isinstance(statuses, tuple)
            or not statuses
            or not all(isinstance(s, str) and s for s in statuses)
        ):
            raise ConfigError(
                f"{_label('served_statuses')} doit être une liste non vide de statuts."
            )
        if not isinstance(self.avoid_answered, bool):
            raise ConfigError(f"{_label('avoid_answered')} doit valoir true ou false.")

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Config:
        """The configuration stored with a course: every field, and nothing else."""
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
        if isinstance(values["served_statuses"], list):
            values["served_statuses"] = tuple(values["served_statuses"])
        return cls(**values)  # type: ignore[arg-type]  # types are checked by __post_init__

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict that `from_dict` reads back to an equal configuration."""
        data = dataclasses.asdict(self)
        data["served_statuses"] = list(self.served_statuses)
        return data


def _label(name: str) -> str:
    return f"{NAME} v{VERSION} : « {name} »"


# --- Inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidatedSkill:
    """A skill the candidate validated directly (answered right, not inferred)."""

    name: str  # "@web3"
    level: int  # its difficulty, 1..8


@dataclass(frozen=True)
class CompetenceProfile:
    """One competence of the profile at the start date, uncapped (spec 05 §1)."""

    code: str  # "1.1"
    level: int
    pix: int
    validated_skills: tuple[ValidatedSkill, ...] = ()

    @property
    def score(self) -> CompetenceScore:
        """The competence as positioning sees it, so that its certifiable rule applies."""
        return CompetenceScore(real_pix=float(self.pix), pix=self.pix, level=self.level)

    @property
    def is_certifiable(self) -> bool:
        return self.score.is_certifiable


@dataclass(frozen=True)
class AvailableChallenge:
    """A challenge of one of the validated skills, in the session's locale (the caller
    filters the locale); `status` as in the content (`validated`, `archived`, …)."""

    key: str
    skill: str
    status: str


@dataclass(frozen=True)
class Inputs:
    """Everything the selection reads, except the seed and the configuration (stored in
    their own fields, as for an evaluation). `answered`: the keys of the challenges the
    candidate answered behind their directly validated skills."""

    profile: tuple[CompetenceProfile, ...]
    challenges: tuple[AvailableChallenge, ...]
    answered: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, object]:
        """Plain JSON: competences as objects, challenges as [key, skill, status] rows,
        answered keys sorted."""
        return {
            "profile": [
                {
                    "code": c.code,
                    "level": c.level,
                    "pix": c.pix,
                    "validated_skills": [[s.name, s.level] for s in c.validated_skills],
                }
                for c in self.profile
            ],
            "challenges": [[c.key, c.skill, c.status] for c in self.challenges],
            "answered": sorted(self.answered),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Inputs:
        """What `to_dict` wrote, or InputsError with a French message."""
        try:
            if not isinstance(data, Mapping):
                raise ValueError("les données doivent être un objet.")
            profile = tuple(_competence(row) for row in _list(data, "profile"))
            challenges = tuple(
                AvailableChallenge(_str(key), _str(skill), _str(status))
                for key, skill, status in (_row(row, 3) for row in _list(data, "challenges"))
            )
            answered = frozenset(_str(key) for key in _list(data, "answered"))
        except (TypeError, ValueError) as error:
            raise InputsError(
                f"Données de certification enregistrées illisibles : {error}"
            ) from None
        return cls(profile, challenges, answered)


def _competence(row: object) -> CompetenceProfile:
    if not isinstance(row, Mapping) or set(row) != {"code", "level", "pix", "validated_skills"}:
        raise ValueError(f"{row!r} n'est pas une compétence du profil.")
    skills = tuple(
        ValidatedSkill(_str(name), _int(level))
        for name, level in (_row(skill, 2) for skill in _list(row, "validated_skills"))
    )
    return CompetenceProfile(_str(row["code"]), _int(row["level"]), _int(row["pix"]), skills)


def _list(data: Mapping[str, object], name: str) -> list[object]:
    value = data.get(name)
    if not isinstance(value, list):
        raise ValueError(f"« {name} » doit être une liste.")
    return value


def _row(value: object, size: int) -> list[object]:
    if not isinstance(value, list) or len(value) != size:
        raise ValueError(f"{value!r} doit être une ligne de {size} valeurs.")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} n'est pas un texte.")
    return value


def _int(value: object) -> int:
    # bool is an int in Python; a stored level of `true` is still wrong.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{value!r} n'est pas un nombre entier.")
    return value


# --- Eligibility --------------------------------------------------------------------------


def framework_order(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of a competence code: "1.2" < "1.10" < "2.1" (numbers compare as numbers)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in code.split("."))


def certifiable_competences(profile: Iterable[CompetenceProfile]) -> list[CompetenceProfile]:
    """The competences the test covers (level ≥ 1), in framework order."""
    return sorted((c for c in profile if c.is_certifiable), key=lambda c: framework_order(c.code))


def eligible(profile: Iterable[CompetenceProfile]) -> bool:
    """Certifiable profile: at least 5 competences at level ≥ 1 (positioning's rule)."""
    return profile_summary(c.score for c in profile).is_certifiable


def estimate(profile: Iterable[CompetenceProfile]) -> dict[str, int]:
    """The level the test checks, per tested competence: the profile's uncapped level
    (spec 05 §4.1). Scoring validates, downgrades or withdraws it after the test."""
    return {c.code: c.level for c in certifiable_competences(profile)}


# --- Selection ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    """One question of the test. `order`: its number in the test, from 1."""

    challenge: str
    competence: str
    skill: str
    order: int


def select(inputs: Inputs, config: Config, seed: str) -> list[Pick]:
    """The questions of the test, in presentation order: competence by competence (framework
    order), hardest skill first. An ineligible profile gets no question."""
    if not eligible(inputs.profile):
        return []
    served: dict[str, list[str]] = {}
    for challenge in inputs.challenges:
        if challenge.status in config.served_statuses:
            served.setdefault(challenge.skill, []).append(challenge.key)
    picks: list[Pick] = []
    taken: set[str] = set()
    for competence in certifiable_competences(inputs.profile):
        count = 0
        for skill in sorted(competence.validated_skills, key=lambda s: (-s.level, s.name)):
            if count == config.challenges_per_competence:
                break
            options = served.get(skill.name, [])
            if config.avoid_answered:
                options = [key for key in options if key not in inputs.answered] or options
            if not options:
                continue
            options = sorted(set(options))
            key = options[seeded_index(f"{seed}:{competence.code}:{skill.name}", len(options))]
            if key in taken:
                continue  # as the reference: no retry on the same skill (D40)
            taken.add(key)
            picks.append(Pick(key, competence.code, skill.name, len(picks) + 1))
            count += 1
    return picks


def next_step(picks: Sequence[Pick], answered: Sequence[str]) -> Pick | None:
    """The next question to serve: the first pick not answered yet, or None at the end."""
    done = set(answered)
    return next((pick for pick in picks if pick.challenge not in done), None)


def stop(picks: Sequence[Pick], answered: Sequence[str]) -> bool:
    """The test ends when every pick is answered."""
    return next_step(picks, answered) is None


# --- Replay -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replay:
    """`picks`: what the selection gives again from the stored inputs and seed;
    `diverged_at`: the index of the first stored question that differs from them (or the
    length of the shorter list when one is longer), None when both agree."""

    picks: tuple[Pick, ...]
    diverged_at: int | None


def replay(*, inputs: Inputs, config: Config, seed: str, stored: Sequence[str]) -> Replay:
    """Select again and compare with the stored challenge keys, in order."""
    picks = tuple(select(inputs, config, seed))
    for index, (pick, key) in enumerate(zip(picks, stored, strict=False)):
        if pick.challenge != key:
            return Replay(picks, index)
    if len(picks) != len(stored):
        return Replay(picks, min(len(picks), len(stored)))
    return Replay(picks, None)


# --- Scoring (spec 05 §4, certification_v2_scoring) ---------------------------------------
# Re-exported so that the apps find the whole algorithm in this module.

TestedCompetence = _scoring.TestedCompetence
ScoringChallenge = _scoring.ScoringChallenge
ScoringAnswer = _scoring.ScoringAnswer
ScoringInput = _scoring.ScoringInput
ScoringOutcome = _scoring.ScoringOutcome
ScoringStatus = _scoring.ScoringStatus
ScoringError = _scoring.ScoringError
ScoringErrorCode = _scoring.ScoringErrorCode
CompetenceMark = _scoring.CompetenceMark
CompetenceCounts = _scoring.CompetenceCounts
LevelAction = _scoring.LevelAction
LEVEL_RULES = _scoring.LEVEL_RULES
reproducibility_rate = _scoring.reproducibility_rate
competence_counts = _scoring.competence_counts
competence_level_from_counts = _scoring.competence_level_from_counts
score = _scoring.score
