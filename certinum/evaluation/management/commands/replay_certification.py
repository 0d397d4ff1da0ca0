from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certinum.evaluation.models import CertificationCourse
from certinum.evaluation.replay import replay_course


class Command(BaseCommand):
    help = (
        "Rejoue le choix des questions de certifications (algorithme, version, configuration, "
        "graine et profil enregistrés) et leur score (réponses enregistrées), et signale "
        "toute différence avec les questions posées ou le dernier résultat calculé."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="numéros des passages")
        parser.add_argument("--all", action="store_true", help="tous les passages")

    def handle(self, *args: object, **options: Any) -> None:
        ids: list[int] = options["ids"]
        if options["all"] == bool(ids):
            raise CommandError("Donnez un ou plusieurs numéros de passage, ou --all.")
        courses = CertificationCourse.objects.all()
        if ids:
            missing = sorted(
                set(ids) - set(courses.filter(pk__in=ids).values_list("pk", flat=True))
            )
            if missing:
                raise CommandError(f"Passage(s) inexistant(s) : {', '.join(map(str, missing))}.")
            courses = courses.filter(pk__in=ids)
        total = failed = 0
        for course in courses.order_by("pk").iterator(chunk_size=200):
            total += 1
            report = replay_course(course)
            # The score is the jury's (a higher app): imported here, at the entry point.
            from certinum.jury.scoring import score_difference

            difference = report.error or report.difference or score_difference(course)
            if difference:
                failed += 1
                self.stdout.write(f"Passage {course.pk} : {difference}")
            elif options["verbosity"] > 1:
                self.stdout.write(
                    f"Passage {course.pk} : identique ({report.questions} questions)."
                )
        if failed:
            raise CommandError(f"{failed} passage(s) sur {total} diffèrent ou ne se rejouent pas.")
        self.stdout.write(f"{total} passage(s) rejoué(s) à l'identique.")
