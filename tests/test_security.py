"""Production-safe settings: `check --deploy` is clean with the documented production
environment, the server refuses to start without its static manifest, every page carries a
Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval', and pages for a logged-in
user are never stored by the browser."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from certinum.orga.models import Campaign

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-test-key-" + "z" * 30,
    "ALLOWED_HOSTS": "certinum.example",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
}


def clean_environment(**env):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves; no deployment would.
    environment = {**os.environ, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return environment


def manage(*args, **env):
    environment = clean_environment(**env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_with_the_production_environment(collected_static):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        STATIC_ROOT=str(collected_static),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_collectstatic_the_server_refuses_to_start_and_says_why(tmp_path):
    env = {**PRODUCTION, "STATIC_ROOT": str(tmp_path)}
    start = subprocess.run(
        [sys.executable, "-c", "import certinum.wsgi"],
        cwd=ROOT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert start.returncode != 0
    assert "run `python manage.py collectstatic --no-input`" in start.stderr


def test_a_malformed_proxy_header_setting_is_refused_loudly():
    result = manage("check", SECURE_PROXY_SSL_HEADER="https")
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must look like" in result.stderr


@pytest.mark.parametrize("path", ["/", "/compte/connexion/", "/page-inconnue/"])
def test_every_page_has_a_strict_content_security_policy(client, db, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_of_a_logged_in_user_are_not_stored(client, pupil, framework):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(pupil)
    response = client.get(reverse("learning:dashboard"))
    assert response["Cache-Control"] == "no-store"
    assert "Cookie" in response["Vary"]


def test_exports_are_not_stored(client, teacher, school):
    campaign = Campaign.objects.create(organization=school, name="Collecte", code="ABCDEF234")
    client.force_login(teacher)
    response = client.get(reverse("orga:campaign_export", args=[campaign.pk]), {"format": "csv"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
