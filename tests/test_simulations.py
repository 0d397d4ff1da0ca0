"""Content simulations (content/sims) are served as static files with a policy of their
own, shown in a sandboxed frame of the question page, written without inline code, and
still reachable once collectstatic has hashed their entry page (production)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from certinum.learning import services
from certinum.referential.models import Competence
from certinum.referential.templatetags.statements import simulation_url
from tests.learning.test_services import serve
from tests.simulation_bank import load_simulation_bank
from tests.test_security import PRODUCTION, clean_environment

ROOT = Path(__file__).resolve().parents[1]
SIMS = settings.CONTENT_DIR / "sims"
SIMULATIONS = sorted(p.name for p in SIMS.iterdir() if p.is_dir() and p.name != "common")


def test_there_are_five_simulations_each_used_by_five_items_or_more():
    used: dict[str, set[str]] = {name: set() for name in SIMULATIONS}
    for path in settings.CONTENT_DIR.glob("*.*.yaml"):
        for name, scenario in re.findall(
            r"embed_url: sims/(\w+)/index\.html\?s=(\d+)", path.read_text()
        ):
            used[name].add(scenario)
    assert len(SIMULATIONS) >= 5
    assert {name: len(scenarios) >= 5 for name, scenarios in used.items()} == {
        name: True for name in SIMULATIONS
    }


@pytest.mark.parametrize("name", SIMULATIONS)
def test_each_simulation_is_served_with_its_own_policy(client, db, name):
    for file in ("index.html", "app.js", "style.css", "../common/sim.js", "../common/sim.css"):
        response = client.get(f"/static/content/sims/{name}/{file}".replace(f"{name}/../", ""))
        assert response.status_code == 200, file
        policy = response["Content-Security-Policy"]
        assert "sandbox allow-scripts" in policy and "frame-ancestors 'self'" in policy
        assert "default-src 'none'" in policy and "'unsafe-" not in policy
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        response.close()


def test_django_pages_and_other_static_files_keep_their_policy(client, db):
    page = client.get("/compte/connexion/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "frame-src 'self'" in page["Content-Security-Policy"]
    style = client.get("/static/certinum/css/certinum.css")
    assert "X-Frame-Options" not in style and "Content-Security-Policy" not in style
    style.close()
    for leaked in ("/static/content/sims/../1.1.yaml", "/static/content/sims/../4.1.yaml"):
        assert client.get(leaked).status_code == 404


@pytest.mark.parametrize("name", SIMULATIONS)
def test_a_simulation_has_no_inline_code_no_eval_and_no_network(name):
    html = (SIMS / name / "index.html").read_text("utf-8")
    assert re.findall(r"<script(?![^>]*\ssrc=)", html) == []
    assert re.findall(r"<style|\sstyle=|\son\w+=|javascript:", html) == []
    assert re.findall(r"(?:src|href)=\"(?:https?:)?//", html) == []
    forbidden = re.compile(
        r"\beval\(|new Function|innerHTML|fetch\(|XMLHttpRequest|localStorage|\.style\."
        r"|setAttribute\(\"style"
    )
    for script in (SIMS / name / "app.js", SIMS / "common" / "sim.js"):
        assert forbidden.findall(script.read_text("utf-8")) == [], script


@pytest.fixture
def simulation_bank(db, tmp_path):
    return load_simulation_bank(tmp_path)


def test_the_question_page_frames_the_simulation_in_a_sandbox(client, pupil, simulation_bank):
    assessment = services.assessment_start(
        user_id=pupil.pk, competence=Competence.objects.get(code="4.1")
    )
    serve(assessment, "hameconnage-3-s1")
    client.force_login(pupil)
    page = client.get(f"/mon-profil/evaluations/{assessment.pk}/").content.decode()
    frames = re.findall(r"<iframe[^>]*>", page)
    assert len(frames) == 1
    assert 'sandbox="allow-scripts"' in frames[0]
    assert 'src="/static/content/sims/messagerie/index.html?s=1"' in frames[0]
    assert 'title="Messagerie simulée, boîte de réception avec trois messages"' in frames[0]
    assert 'height="560"' in frames[0] and 'loading="lazy"' in frames[0]
    assert "Simulation : Messagerie simulée" in page  # a visible heading says what it is
    assert "securite@ent-tilleuls-compte.example" not in page  # the answer stays in the frame


def test_the_address_keeps_the_scenario_apart_from_the_file_name():
    assert (
        simulation_url("sims/tableur/index.html?s=3")
        == "/static/content/sims/tableur/index.html?s=3"
    )
    assert simulation_url("sims/tableur/index.html") == "/static/content/sims/tableur/index.html"


PRODUCTION_CHECK = """
import json, django
from urllib.parse import urljoin
django.setup()
from django.test import Client
from certinum.referential.templatetags.statements import simulation_url
client = Client()
report = {}
for name in %(names)r:
    url = simulation_url(f"sims/{name}/index.html?s=2")
    page = client.get(url, secure=True)
    html = b"".join(page.streaming_content).decode() if page.streaming else page.content.decode()
    files = {}
    for ref in __import__("re").findall(r'(?:src|href)="([^"]+)"', html):
        target = client.get(urljoin(url, ref), secure=True)  # as the browser resolves it
        files[ref] = target.status_code
        target.close()
    report[name] = {
        "url": url, "status": page.status_code, "files": files,
        "policy": page.get("Content-Security-Policy", ""), "frame": page.get("X-Frame-Options", ""),
    }
    page.close()
print(json.dumps(report))
"""


def test_in_production_the_hashed_page_finds_its_files(collected_static):
    """ManifestStaticFilesStorage gives index.html a hashed name but does not rewrite the
    relative references inside it: they resolve to the unhashed copies collectstatic keeps
    beside the hashed ones, served by whitenoise."""
    environment = clean_environment(
        **{
            **PRODUCTION,
            "ALLOWED_HOSTS": "testserver",
            "STATIC_ROOT": str(collected_static),
            "DJANGO_SETTINGS_MODULE": "certinum.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_CHECK % {"names": SIMULATIONS}],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    for name, seen in report.items():
        assert re.fullmatch(
            rf"/static/content/sims/{name}/index\.[0-9a-f]{{12}}\.html\?s=2", seen["url"]
        )
        assert seen["status"] == 200, name
        assert seen["files"] == {
            "../common/sim.css": 200,
            "style.css": 200,
            "../common/sim.js": 200,
            "app.js": 200,
        }, name
        assert "sandbox allow-scripts" in seen["policy"] and seen["frame"] == "SAMEORIGIN"
