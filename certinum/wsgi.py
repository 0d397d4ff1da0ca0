import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certinum.settings")
application = get_wsgi_application()

from certinum.checks import require_static_manifest  # noqa: E402 (needs the apps loaded)

require_static_manifest()
