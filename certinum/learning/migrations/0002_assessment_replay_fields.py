"""Every assessment records what replays it (decision D22): algorithm and version,
configuration, seed, display cap and item bank. Filled by 0003, typed by 0004 — three
migrations, because PostgreSQL refuses to alter a table in the transaction that updated
its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("referential", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="algorithm",
            field=models.CharField(default="", max_length=40, verbose_name="algorithme"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessment",
            name="algorithm_config",
            field=models.JSONField(default=dict, verbose_name="configuration de l'algorithme"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessment",
            name="item_bank",
            field=models.JSONField(default=dict, verbose_name="acquis et épreuves servables"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessment",
            name="max_reachable_level",
            field=models.PositiveSmallIntegerField(
                default=5, verbose_name="niveau maximal atteignable"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessment",
            name="seed",
            field=models.CharField(default="", max_length=32, verbose_name="graine aléatoire"),
            preserve_default=False,
        ),
    ]
