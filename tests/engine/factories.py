"""Small named builders for the engine tests: `skill("@web3")` is level 3 of tube `web`."""

import datetime
from collections.abc import Collection

from certinum.engine.positioning import (
    Challenge,
    ItemBank,
    KESource,
    KEStatus,
    KnowledgeElement,
    Skill,
)

VALIDATED = KEStatus.VALIDATED
INVALIDATED = KEStatus.INVALIDATED
RESET = KEStatus.RESET
DIRECT = KESource.DIRECT
INFERRED = KESource.INFERRED


def skill(name: str, pix: float = 1.0) -> Skill:
    """`@web3` is level 3 of the tube `web`, as in the item bank."""
    return Skill(name=name, tube=name[1:-1], level=int(name[-1]), pix_value=pix)


def tube(name: str, levels: range | list[int]) -> list[Skill]:
    return [skill(f"@{name}{level}") for level in levels]


def one_challenge_each(
    skills: list[Skill], *, timed: Collection[str] = (), proposed: Collection[str] = ()
) -> list[Challenge]:
    """Challenge `web-3` for skill `@web3`; skills named in `timed`/`proposed` get a timed /
    not yet validated challenge."""
    return [
        Challenge(
            key=f"{s.tube}-{s.level}",
            skill=s.name,
            timed=s.name in timed,
            validated=s.name not in proposed,
        )
        for s in skills
    ]


def bank(skills: list[Skill], challenges: list[Challenge]) -> ItemBank:
    return ItemBank(tuple(skills), tuple(challenges))


def ke(
    skill_name: str,
    status: KEStatus = VALIDATED,
    source: KESource = DIRECT,
    pix: float = 0.0,
    *,
    created_at: datetime.datetime | None = None,
    assessment_id: int | None = None,
) -> KnowledgeElement:
    return KnowledgeElement(skill_name, status, source, pix, created_at, assessment_id)
