"""Fill the replay fields of existing assessments (D28); `algorithm_version`
("smart-random-1") is split into the name and the version.

Existing assessments were served by smart-random v1 with the seed "<pk>-<answers so far>",
so their stored seed is their primary key, which replays them exactly. Their item bank is
the content as it stands when migrating: the best record there is of what they saw."""

from django.conf import settings
from django.db import migrations

# smart-random v1's default configuration, written out so this migration keeps its meaning
# whatever later versions of the engine change.
SMART_RANDOM_V1_CONFIG = {
    "first_challenge_level": 2,
    "max_level_gap": 2,
    "easy_tube_max_level": 3,
    "estimation_levels": [level / 2 for level in range(1, 16)],
    "virtual_success_level": 0,
    "virtual_failure_level": 7,
    "reach_from_own_tube": True,
    "probe_untouched_tubes": True,
}


def _item_bank(apps, competence_id):
    Skill = apps.get_model("referential", "Skill")
    Challenge = apps.get_model("referential", "Challenge")
    skills = Skill.objects.filter(tube__competence_id=competence_id).values_list(
        "name", "tube__name", "level", "pix_value"
    )
    challenges = Challenge.objects.filter(
        skill__tube__competence_id=competence_id, status="validated", locale="fr-fr"
    ).values_list("key", "skill__name", "timer")
    return {
        "skills": [[name, tube, level, pix] for name, tube, level, pix in skills],
        "challenges": [[key, skill, timer is not None, True] for key, skill, timer in challenges],
    }


def fill_replay_fields(apps, schema_editor):
    Assessment = apps.get_model("learning", "Assessment")
    banks = {}
    for assessment in Assessment.objects.all():
        name, _dash, version = assessment.algorithm_version.rpartition("-")
        if assessment.competence_id not in banks:
            banks[assessment.competence_id] = _item_bank(apps, assessment.competence_id)
        assessment.algorithm = name or "smart-random"
        assessment.algorithm_version = version if version.isdigit() else "1"
        assessment.algorithm_config = SMART_RANDOM_V1_CONFIG
        assessment.seed = str(assessment.pk)
        assessment.max_reachable_level = settings.MAX_REACHABLE_LEVEL
        assessment.item_bank = banks[assessment.competence_id]
        assessment.save(
            update_fields=[
                "algorithm",
                "algorithm_version",
                "algorithm_config",
                "seed",
                "max_reachable_level",
                "item_bank",
            ]
        )


def restore_version_string(apps, schema_editor):
    Assessment = apps.get_model("learning", "Assessment")
    for assessment in Assessment.objects.all():
        assessment.algorithm_version = f"{assessment.algorithm}-{assessment.algorithm_version}"
        assessment.save(update_fields=["algorithm_version"])


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_assessment_replay_fields"),
        ("referential", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill_replay_fields, restore_version_string)]
