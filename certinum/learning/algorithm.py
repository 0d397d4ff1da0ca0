"""The link between a stored assessment and the engine algorithm that serves it.

A new assessment is served by the newest version of smart random with its default
configuration, a seed drawn at random and the item bank as it stands; all four are stored
with it (decision D28), so it is served and replayed with the same rules to the end, even
after a new algorithm version or a content change.
"""

from types import ModuleType
from typing import Any

from django.conf import settings

from certinum.engine import positioning, registry, smart_random
from certinum.learning.models import Assessment, new_seed

COMPETENCE_ALGORITHM = smart_random.NAME


def replay_fields(
    *, skills: list[positioning.Skill], challenges: list[positioning.Challenge]
) -> dict[str, Any]:
    """The fields of a new assessment that fix how it is served and replayed."""
    module = registry.latest(COMPETENCE_ALGORITHM)
    return {
        "algorithm": module.NAME,
        "algorithm_version": module.VERSION,
        "algorithm_config": module.Config().to_dict(),
        "seed": new_seed(),
        "max_reachable_level": settings.MAX_REACHABLE_LEVEL,
        "item_bank": positioning.ItemBank(tuple(skills), tuple(challenges)).to_dict(),
    }


def algorithm_of(assessment: Assessment) -> tuple[ModuleType, Any]:
    """The module and the configuration the assessment was started with. Raises
    registry.UnknownAlgorithm or the module's ConfigError when they cannot be read."""
    module = registry.algorithm(assessment.algorithm, assessment.algorithm_version)
    return module, module.Config.from_dict(assessment.algorithm_config)


def item_bank_of(assessment: Assessment) -> positioning.ItemBank:
    return positioning.ItemBank.from_dict(assessment.item_bank)
