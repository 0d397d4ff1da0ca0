"""Start-up checks of our own. With DEBUG off, static files are served from the manifest
written by `collectstatic`; without it every page would fail at its first `{% static %}`,
so the WSGI entry point (gunicorn) refuses to start and says what to run. Not a system
check: `collectstatic` itself runs those."""

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured


def missing_static_manifest() -> str | None:
    """The error message when the static-files manifest is expected but missing."""
    storage: Any = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return None
    if storage.read_manifest() is not None:
        return None
    return (
        f"The static files manifest ({settings.STATIC_ROOT}/{storage.manifest_name}) is "
        "missing: run `python manage.py collectstatic --no-input` before starting the server "
        "(docs/deployment.md)."
    )


def require_static_manifest() -> None:
    """Called by the WSGI entry point: refuse to serve without the manifest."""
    message = missing_static_manifest()
    if message:
        raise ImproperlyConfigured(message)
