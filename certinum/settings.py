"""Certinum settings: one module, driven by environment variables.

Development defaults are safe and need no server (SQLite under var/, console e-mail).
In production (DEBUG off) a missing or unsafe value stops the start with a clear message.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from certinum.static_headers import add_static_headers

# Lets the code write the generic types mypy strict asks for (`admin.ModelAdmin[Pupil]`,
# `UserCreationForm[User]`): Django's classes are not subscriptable on their own.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set the SECRET_KEY environment "
            "variable to a long random value (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "certinum.apps.CertinumAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "certinum.workflow",
    "django_tasks",
    "django_tasks_db",
    "certinum.accounts",
    "certinum.referential",
    "certinum.delivery",
    "certinum.learning",
    "certinum.orga",
    "certinum.centers",
    "certinum.evaluation",
    "certinum.invigilation",
    "certinum.jury",
    "certinum.results",
    "axes",
    "certinum.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "certinum.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "certinum.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "certinum.middleware.FriendlyErrorsMiddleware",
    "certinum.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "certinum.urls"
WSGI_APPLICATION = "certinum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "certinum" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "certinum.accounts.context_processors.spaces",
            ],
        },
    },
]

# Database: DATABASE_URL, or an embedded SQLite file under var/.
# Connections are kept for a minute by default: opening one per request costs a PostgreSQL
# process start and an authentication every time (measured: docs/benchmarks.md, D31). The
# health check drops a connection the database closed instead of failing a request on it.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'certinum.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers and the task worker share the file: WAL lets readers run
    # beside the writer; IMMEDIATE takes the write lock when a transaction starts, so two
    # transactions never deadlock upgrading a read lock (which SQLite answers with an
    # immediate "database is locked", whatever the timeout); `timeout` is SQLite's busy
    # timeout: a writer waits up to 20 s for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "certinum.accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after_login"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache: Redis when REDIS_URL is set (shared by every worker), else the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "certinum_cache",
        }
    }

# E-mail: printed on the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Certinum <ne-pas-repondre@certinum.example>"
)

LANGUAGE_CODE = "fr-fr"
# Each language is named in itself, so anyone can find theirs.
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "certinum" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# The item bank's illustrations, attachments and simulations are served as static files.
# Only those three folders: the YAML files beside them hold the solutions and must never be
# served.
STATICFILES_DIRS = [
    BASE_DIR / "certinum" / "static",
    ("content/media", CONTENT_DIR / "media"),
    ("content/files", CONTENT_DIR / "files"),
    ("content/sims", CONTENT_DIR / "sims"),
]
# In development whitenoise serves straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Simulations may be framed by our pages (SAMEORIGIN) with a policy of their own; Django's
# pages keep X-Frame-Options DENY and frame-ancestors 'none'.
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded and generated files (campaign exports) live under var/ and are never served as
# such: each one is downloaded through a view that checks who asks. No MEDIA_URL on purpose.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Background tasks (django.tasks API, backport): stored in the database and run by
# `manage.py db_worker`. TASKS_BACKEND=immediate runs them inside the request instead (no
# worker needed, e.g. a one-off script); tests use it too.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, got {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# A campaign export with at most this many rows is built inside the request; larger ones are
# built by the worker while the teacher watches the progress.
EXPORT_IMMEDIATE_MAX_ROWS = env_int("EXPORT_IMMEDIATE_MAX_ROWS", 300)
# The largest scan a center may upload at finalization (attendance sheet, reports).
SESSION_DOCUMENT_MAX_BYTES = env_int("SESSION_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024)

# Security. With DEBUG off the defaults are those of production behind HTTPS; each can be
# changed by environment (docs/deployment.md), e.g. for a laptop demo served over plain HTTP.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "certinum.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a TLS-terminating proxy: the header it sets, e.g. "X-Forwarded-Proto: https".
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    _name, _sep, _value = _proxy_ssl_header.partition(":")
    if not _sep or not _name.strip() or not _value.strip():
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must look like 'X-Forwarded-Proto: https', "
            f"got {_proxy_ssl_header!r}."
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _name.strip().upper().replace("-", "_"),
        _value.strip(),
    )
# No inline script, style or eval anywhere (htmx is configured without eval): the policy
# allows our own files only. Content simulations are our static files in a sandboxed frame.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Invitations to join an organization or a center expire after this many days.
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)

# Learner profile: the level shown and exported is capped here; the profile itself keeps
# the uncapped values for certification (spec 01 §2.1).
MAX_REACHABLE_LEVEL = env_int("MAX_REACHABLE_LEVEL", 5)
# The longest a certification test may last, before extra time (spec 05 §3: « durée
# maximum 2 heures »); a candidate with 33 % extra time gets 160 minutes.
CERTIFICATION_MAX_MINUTES = env_int("CERTIFICATION_MAX_MINUTES", 120)
if not 1 <= MAX_REACHABLE_LEVEL <= 8:
    raise ImproperlyConfigured("MAX_REACHABLE_LEVEL must be between 1 and 8.")

# Guessable secrets are throttled (certinum/accounts/throttle.py). Logins: django-axes locks
# an account after LOGIN_FAILURE_LIMIT wrong passwords for LOGIN_LOCKOUT_MINUTES, whatever
# the address (a school shares one); failures per address have a separate, higher limit.
NUM_PROXIES = env_int("NUM_PROXIES", 0)  # trusted reverse proxies adding X-Forwarded-For
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "certinum.accounts.throttle.login_identifier"
AXES_CLIENT_IP_CALLABLE = "certinum.accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "certinum.accounts.throttle.login_locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# axes.W006 asks to lock by address too: deliberately not (see above and D24).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# The framework floor view of benchmarks/answer_loop.py (certinum/ops/views.py): never in
# production, where its URL answers 404.
BENCHMARK_FLOOR = env_bool("BENCHMARK_FLOOR", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
