from django.core.management.base import BaseCommand

from certinum.demo import DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "Crée (ou retrouve) les données de démonstration et affiche les identifiants."

    def handle(self, *args: object, **options: object) -> None:
        logins = demo_data_load()
        self.stdout.write(f"Identifiants de démonstration (mot de passe commun : {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.role:<45} {login.login}")
        self.stdout.write("  … et 57 autres élèves (voir l'administration, modèle Élève).")
