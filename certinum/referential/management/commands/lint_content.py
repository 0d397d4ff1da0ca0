"""`manage.py lint_content`: the item-bank linter (certinum/referential/lint.py). Fails on
errors, lists warnings; `--review` adds the items a person should reread."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from certinum.referential.content import ContentInvalid, read_bank
from certinum.referential.lint import ERROR, lint_bank, review_report


class Command(BaseCommand):
    help = "Relit la banque d'épreuves : erreurs (bloquantes) et avertissements."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=str(settings.CONTENT_DIR), help="dossier du contenu")
        parser.add_argument(
            "--files",
            nargs="*",
            default=[],
            help="ne relire que ces fichiers (par exemple content/1.2.yaml)",
        )
        parser.add_argument(
            "--review", action="store_true", help="lister aussi les items à relire par une personne"
        )

    def handle(self, *args: object, **options: Any) -> None:
        root = Path(options["dir"])
        try:
            bank = read_bank(root)
        except ContentInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(invalid.errors)} erreur(s) de lecture du contenu.") from None
        files = [f"content/{Path(name).name}" for name in options["files"]]
        findings = lint_bank(bank, files=files)
        for finding in findings:
            (self.stderr if finding.severity == ERROR else self.stdout).write(str(finding))
        if options["review"]:
            lines = review_report(bank, files=files)
            self.stdout.write(f"\nÀ relire par une personne : {len(lines)}")
            for line in lines:
                self.stdout.write(f"  {line}")
        errors = sum(f.severity == ERROR for f in findings)
        summary = f"{errors} erreur(s), {len(findings) - errors} avertissement(s)."
        if errors:
            raise CommandError(summary)
        self.stdout.write(summary)
