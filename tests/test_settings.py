import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_check(**env):
    environment = {**os.environ, **env}
    environment.pop("SECRET_KEY", None) if "SECRET_KEY" not in env else None
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_a_malformed_boolean_is_refused_loudly():
    result = run_check(DEBUG="peut-être")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_static_files_are_served_but_never_the_item_bank_solutions(client, db):
    response = client.get("/static/certinum/css/certinum.css")
    assert response.status_code == 200
    response.close()
    for leaked in (
        "/static/content/framework.yaml",
        "/static/content/1.1.yaml",
        "/static/content/media/../1.1.yaml",
        "/static/content/files/../1.1.yaml",
    ):
        assert client.get(leaked).status_code == 404, leaked


def test_the_interface_is_french_whatever_the_browser_language(client, db):
    page = client.get("/compte/connexion/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="fr"' in page.content.decode()
    assert "Mot de passe" in page.content.decode()


def test_a_user_can_switch_to_english_in_the_footer(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/compte/connexion/").content.decode()
    assert 'lang="en"' in page
    assert "Password" in page
