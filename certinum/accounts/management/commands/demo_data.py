from django.core.management.base import BaseCommand

from certinum.demo import (
    DEMO_PASSWORD,
    demo_campaign_load,
    demo_data_load,
    demo_profiles_load,
    demo_sessions_lines,
    demo_sessions_load,
)


class Command(BaseCommand):
    help = "Crée (ou retrouve) les données de démonstration et affiche les identifiants."

    def handle(self, *args: object, **options: object) -> None:
        logins = demo_data_load()
        profiles = demo_profiles_load(progress=self._progress)
        if profiles:
            self.stdout.write(f"{profiles} profils d'élèves construits par le moteur d'évaluation.")
        campaign = demo_campaign_load()
        if campaign is not None:
            self.stdout.write(
                f"Campagne de démonstration « {campaign.name} » : code {campaign.code}."
            )
        demo_sessions_load()
        self._sessions()
        self.stdout.write(f"Identifiants de démonstration (mot de passe commun : {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.role:<45} {login.login}")
        self.stdout.write("  … et 57 autres élèves (voir l'administration, modèle Élève).")

    def _sessions(self) -> None:
        for line in demo_sessions_lines():
            self.stdout.write(line)

    def _progress(self, done: int, total: int) -> None:
        if done % 10 == 0:
            self.stdout.write(f"Profils des élèves de démonstration : {done}/{total}…")
