"""`manage.py content_report`: what the item bank holds — per competence and level, per type,
per status, how many items are assessed accessible, how many IRT parameters are still
provisional (derived from the level, awaiting calibration), and the items awaiting review."""

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand

from certinum.referential.models import Challenge, Competence

LEVELS = range(1, 9)


class Command(BaseCommand):
    help = "Rapport sur la banque d'épreuves : effectifs, accessibilité, paramètres provisoires."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = list(
            Challenge.objects.values_list(
                "key",
                "skill__tube__competence__code",
                "skill__level",
                "type",
                "status",
                "screen_reader_friendly",
                "colour_blind_friendly",
                "irt_provisional",
                "visual",
            )
        )
        served = [r for r in rows if r[4] == Challenge.Status.VALIDATED]
        self._per_competence(served)
        self._counts("Par type (servies)", Counter(r[3] for r in served))
        self._counts("Par statut (toutes)", Counter(r[4] for r in rows))
        accessible = sum(1 for r in served if r[5] and r[6] and not r[8])
        provisional = sum(1 for r in served if r[7])
        self.stdout.write(
            "\nAccessibles (lecteur d'écran et daltonisme, non visuelles) : "
            f"{accessible} sur {len(served)} "
            f"servies ({_percent(accessible, len(served))})."
        )
        self.stdout.write(
            f"Paramètres IRT provisoires (déduits du niveau) : {provisional} sur {len(served)} "
            f"servies ({_percent(provisional, len(served))})."
        )
        waiting = sorted(r[0] for r in rows if r[4] == Challenge.Status.PROPOSED)
        self.stdout.write(f"\nEn attente de relecture : {len(waiting)}")
        for key in waiting:
            self.stdout.write(f"  {key}")

    def _per_competence(self, served: list[tuple[Any, ...]]) -> None:
        counts = Counter((r[1], r[2]) for r in served)
        self.stdout.write("Épreuves servies par compétence et niveau")
        self.stdout.write("compétence " + " ".join(f"{f'N{lv}':>4}" for lv in LEVELS) + "  total")
        for code in Competence.objects.order_by("code").values_list("code", flat=True):
            cells = [counts[(code, level)] for level in LEVELS]
            self.stdout.write(
                f"{code:<10} " + " ".join(f"{n:>4}" for n in cells) + f"  {sum(cells):>5}"
            )
        self.stdout.write(f"{'total':<10} " + " " * (5 * len(LEVELS) - 1) + f"  {len(served):>5}")

    def _counts(self, title: str, counter: Counter[str]) -> None:
        self.stdout.write(f"\n{title}")
        for name, count in sorted(counter.items()):
            self.stdout.write(f"  {name:<12} {count:>5}")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "—"
