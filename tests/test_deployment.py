"""The production server: settings with DEBUG off, gunicorn's entry point, the demo server's
processes, and the benchmark floor that must stay shut outside benchmarks."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

from certinum import gunicorn_conf
from certinum.ops.management.commands import serve_demo
from certinum.ops.models import FloorHit

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "certinum.example"}


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_production_settings_keep_connections_and_compress_static_files():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.STORAGES['staticfiles']['BACKEND'], "
        "s.SESSION_COOKIE_SECURE, s.BENCHMARK_FLOOR)"
    )
    result = run_python("-c", script, DJANGO_SETTINGS_MODULE="certinum.settings")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "60",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "True",
        "False",
    ]


def test_gunicorn_loads_its_configuration_and_the_application(collected_static):
    result = run_python(
        "-m",
        "gunicorn",
        "--check-config",
        "-c",
        "python:certinum.gunicorn_conf",
        "certinum.wsgi",
        STATIC_ROOT=str(collected_static),
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_runs_threaded_workers_on_every_core_by_default(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    defaults = importlib.reload(gunicorn_conf)
    assert defaults.worker_class == "gthread"
    assert defaults.workers == 2 * (os.cpu_count() or 1)
    assert defaults.threads == 4
    assert defaults.bind == "127.0.0.1:8000"


def test_gunicorn_takes_its_sizes_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "2")
    configured = importlib.reload(gunicorn_conf)
    assert (configured.workers, configured.threads) == (3, 2)
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)


def test_the_demo_serves_the_production_settings_over_plain_http(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    environment = serve_demo.demo_environment(host="192.168.1.20", port=8000)
    assert environment["DEBUG"] == "false"
    assert environment["SECURE_COOKIES"] == "false"
    assert environment["GUNICORN_BIND"] == "192.168.1.20:8000"
    assert "192.168.1.20" in environment["ALLOWED_HOSTS"].split(",")
    # The key is drawn once and kept: sessions survive a restart of the demo.
    assert environment["SECRET_KEY"] == serve_demo.demo_secret_key()
    assert len(environment["SECRET_KEY"]) >= 50


def test_the_demo_starts_the_task_worker_only_when_it_is_installed(monkeypatch):
    monkeypatch.setattr(serve_demo, "get_commands", lambda: {"migrate": "django"})
    assert [command[2] for command in serve_demo.demo_processes()] == ["gunicorn"]
    monkeypatch.setattr(serve_demo, "get_commands", lambda: {"db_worker": "django_tasks"})
    assert [command[2] for command in serve_demo.demo_processes()] == ["gunicorn", "db_worker"]


def test_the_benchmark_floor_is_off_by_default(client, pupil):
    client.force_login(pupil)
    assert client.get("/_benchmark/floor/").status_code == 404
    assert not FloorHit.objects.exists()


def test_the_benchmark_floor_reads_the_user_and_inserts_one_row(
    client, pupil, settings, django_assert_max_num_queries
):
    settings.BENCHMARK_FLOOR = True
    assert client.get("/_benchmark/floor/").status_code == 403
    client.force_login(pupil)
    with django_assert_max_num_queries(3):  # session, user, insert
        assert client.get("/_benchmark/floor/").status_code == 200
    assert FloorHit.objects.get().user == pupil


def test_every_sqlite_connection_waits_for_the_write_lock_instead_of_failing(tmp_path):
    script = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); "
        "print(*[c.execute(f'PRAGMA {p}').fetchone()[0] "
        "for p in ('journal_mode', 'synchronous', 'busy_timeout')], "
        "connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_python(
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="certinum.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    # WAL, synchronous=NORMAL (1), a 20 s busy timeout, write lock taken at BEGIN.
    assert result.stdout.split() == ["wal", "1", "20000", "IMMEDIATE"]
