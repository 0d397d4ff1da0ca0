from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certinum.learning.models import Assessment
from certinum.learning.replay import replay_assessment


class Command(BaseCommand):
    help = (
        "Rejoue des évaluations à partir de leurs seules réponses enregistrées (algorithme, "
        "version, configuration et graine enregistrés) et signale toute différence avec ce "
        "qui est enregistré : questions servies, acquis, niveau et pix."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="numéros des évaluations")
        parser.add_argument("--all", action="store_true", help="toutes les évaluations")

    def handle(self, *args: object, **options: Any) -> None:
        ids: list[int] = options["ids"]
        if options["all"] == bool(ids):
            raise CommandError("Donnez un ou plusieurs numéros d'évaluation, ou --all.")
        assessments = Assessment.objects.select_related("current_challenge", "competence")
        if ids:
            missing = sorted(
                set(ids) - set(assessments.filter(pk__in=ids).values_list("pk", flat=True))
            )
            if missing:
                raise CommandError(
                    f"Évaluation(s) inexistante(s) : {', '.join(map(str, missing))}."
                )
            assessments = assessments.filter(pk__in=ids)
        total = failed = 0
        for assessment in assessments.order_by("pk").iterator(chunk_size=200):
            total += 1
            report = replay_assessment(assessment)
            label = f"Évaluation {assessment.pk} ({assessment.competence.code})"
            if report.error is not None:
                failed += 1
                self.stdout.write(f"{label} : impossible à rejouer. {report.error}")
            elif report.differences:
                failed += 1
                self.stdout.write(f"{label} : {len(report.differences)} différence(s).")
                for difference in report.differences:
                    self.stdout.write(f"  - {difference}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{label} : identique ({report.answers} réponses).")
        if failed:
            raise CommandError(
                f"{failed} évaluation(s) sur {total} diffèrent ou ne peuvent pas être rejouées."
            )
        self.stdout.write(f"{total} évaluation(s) rejouée(s) à l'identique.")
