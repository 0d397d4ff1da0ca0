"""`manage.py lint_content`: the item-bank linter (certinum/referential/lint.py). Fails on
errors, lists warnings; `--review` adds the items a person should reread."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from certinum.referential.content import read_bank_with_errors
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
        files = [f"content/{Path(name).name}" for name in options["files"]]
        bank, read_errors = read_bank_with_errors(root)
        # With --files, an author checks her files while others are being edited: the other
        # files' reading errors are counted, not blocking.
        blocking = [e for e in read_errors if not files or e.file in files]
        for error in blocking:
            self.stderr.write(str(error))
        if blocking:
            raise CommandError(f"{len(blocking)} erreur(s) de lecture du contenu.")
        if read_errors:
            self.stdout.write(f"({len(read_errors)} erreur(s) de lecture dans d'autres fichiers.)")
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
