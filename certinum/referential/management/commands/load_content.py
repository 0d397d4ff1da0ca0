from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from certinum.referential.content import ContentInvalid, read_bank
from certinum.referential.services import content_load


class Command(BaseCommand):
    help = "Valide puis charge le référentiel et la banque d'épreuves (dossier content/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=str(settings.CONTENT_DIR), help="dossier du contenu")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            bank = read_bank(Path(options["dir"]))
        except ContentInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(invalid.errors)} erreur(s) dans le contenu : rien n'a été chargé."
            ) from None
        report = content_load(bank=bank)
        if options["verbosity"]:
            self.stdout.write(
                f"Contenu chargé ({len(bank.competences)} compétences, "
                f"{len(bank.challenges)} épreuves) : {report}."
            )
