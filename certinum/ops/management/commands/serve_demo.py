"""`make demo`'s server: the production server on this computer, until Ctrl+C.

gunicorn with `DEBUG` off (docs/decisions.md), the static files collected and compressed,
and the background task worker when it is installed. The URLs and logins are printed last,
once the server answers, so they are what the person sees.
"""

import http.client
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from certinum.demo import DEMO_CAMPAIGN_NAME, DEMO_PASSWORD, demo_data_load
from certinum.orga.models import Campaign

SPACES = [
    ("Accueil", "/"),
    ("Espace élève", "/mon-profil/"),
    ("Espace organisation", "/organisations/"),
    ("Espace centre de certification", "/centres/"),
    ("Espace surveillant", "/surveillance/"),
    ("Vérifier un certificat", "/verifier/"),
    ("Administration", "/admin/"),
]
STARTUP_SECONDS = 60


def demo_processes() -> list[list[str]]:
    """Every process of the demo, side by side: the web server, and the background task
    worker as soon as django-tasks' `db_worker` command is installed."""
    python = sys.executable
    processes = [
        [python, "-m", "gunicorn", "-c", "python:certinum.gunicorn_conf", "certinum.wsgi"],
    ]
    if "db_worker" in get_commands():
        processes.append([python, "manage.py", "db_worker"])
    return processes


def demo_secret_key() -> str:
    """A key drawn once per computer and kept in var/, so that sessions survive a restart."""
    path = Path(settings.VAR_DIR) / "demo-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# Binding every interface is what `make demo HOST=0.0.0.0` asks for: the class's computers
# reach the laptop over the school's network.
ANY_ADDRESS = ("0.0.0.0", "::")  # noqa: S104


def demo_environment(*, host: str, port: int) -> dict[str, str]:
    """The production settings for a laptop: plain HTTP (so no secure-only cookies), the
    host names it is reached by. Values already in the environment win."""
    hosts = ["127.0.0.1", "localhost", "[::1]"]
    if host not in (*ANY_ADDRESS, *hosts):
        hosts.append(host)
    return {
        "DEBUG": "false",
        "SECRET_KEY": demo_secret_key(),
        "ALLOWED_HOSTS": ",".join(hosts),
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
        "SECURE_HSTS_PRELOAD": "false",
        "SITE_URL": f"http://{_reachable(host)}:{port}",
        **os.environ,
        "GUNICORN_BIND": f"{host}:{port}",
        "GUNICORN_CMD_ARGS": os.environ.get("GUNICORN_CMD_ARGS", "--log-level warning"),
    }


def _reachable(host: str) -> str:
    return "127.0.0.1" if host in ANY_ADDRESS else host


class Command(BaseCommand):
    help = "Sert la démonstration avec gunicorn (et le worker de tâches) jusqu'à Ctrl+C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: object, host: str, port: int, **options: Any) -> None:
        environment = demo_environment(host=host, port=port)
        self.stdout.write("Préparation des fichiers statiques…")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=environment,
            check=True,
        )
        logins = demo_data_load()  # idempotent: finds the demo accounts
        # Own sessions: Ctrl+C reaches this command only, which stops them in order.
        processes = [
            subprocess.Popen(  # noqa: S603 (our own commands, built above)
                command, cwd=settings.BASE_DIR, env=environment, start_new_session=True
            )
            for command in demo_processes()
        ]
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            self._wait_until_answering(_reachable(host), port, processes)
            self._print_welcome(f"http://{_reachable(host)}:{port}", logins, len(processes))
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
            raise CommandError("Un processus de la démonstration s'est arrêté : voir ci-dessus.")
        except KeyboardInterrupt:
            self.stdout.write("\nArrêt de la démonstration…")
        finally:
            for process in processes:
                _stop(process)

    def _wait_until_answering(
        self, host: str, port: int, processes: list[subprocess.Popen[bytes]]
    ) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in processes):
                raise CommandError(
                    f"Le serveur n'a pas démarré (le port {port} est-il déjà utilisé ?)."
                )
            try:
                connection = http.client.HTTPConnection(host, port, timeout=2)
                connection.request("GET", "/")
                if connection.getresponse().status < 500:
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"Le serveur ne répond pas après {STARTUP_SECONDS} s.")

    def _print_welcome(self, url: str, logins: list[Any], process_count: int) -> None:
        write = self.stdout.write
        worker = " et le worker de tâches" if process_count > 1 else ""
        write(f"\nCertinum tourne sur {url}/ (gunicorn{worker}).")
        for label, path in SPACES:
            write(f"  {label + ' ':.<38} {url}{path}")
        campaign = Campaign.objects.filter(name=DEMO_CAMPAIGN_NAME).first()
        if campaign is not None:
            write(f"Campagne de démonstration « {campaign.name} » : code {campaign.code}")
        write(f"Identifiants de démonstration (mot de passe commun : {DEMO_PASSWORD}) :")
        for login in logins:
            write(f"  {login.role:<45} {login.login}")
        write("  … et 57 autres élèves (voir l'administration, modèle Élève).")
        write("(Ctrl+C pour arrêter.)")


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def _stop(process: subprocess.Popen[bytes]) -> None:
    """A graceful stop (requests in progress finish), then a hard one after 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
