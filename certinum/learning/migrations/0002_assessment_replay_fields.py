"""Every assessment records what replays it (decision D28): algorithm and version,
configuration, seed, display cap and item bank. Filled by 0003, typed by 0004 — three
migrations, because PostgreSQL refuses to alter a table in the transaction that updated
its rows."""

from django.db import migrations, models

import certinum.learning.models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("referential", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="algorithm",
            field=models.CharField(
                default="smart-random", max_length=40, verbose_name="algorithme"
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="algorithm_config",
            field=models.JSONField(
                default=certinum.learning.models.default_algorithm_config,
                verbose_name="configuration de l'algorithme",
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="item_bank",
            field=models.JSONField(
                default=certinum.learning.models.empty_item_bank,
                verbose_name="acquis et épreuves servables",
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="max_reachable_level",
            field=models.PositiveSmallIntegerField(
                default=certinum.learning.models.current_max_reachable_level,
                verbose_name="niveau maximal atteignable",
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="seed",
            field=models.CharField(
                default=certinum.learning.models.new_seed,
                max_length=32,
                verbose_name="graine aléatoire",
            ),
        ),
    ]
