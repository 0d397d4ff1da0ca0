"""`algorithm_version` now holds the version number only (1), the name being in
`algorithm`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("learning", "0003_fill_assessment_replay_fields")]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="algorithm_version",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="version de l'algorithme"
            ),
        ),
    ]
