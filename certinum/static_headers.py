"""Response headers of the static files (whitenoise's WHITENOISE_ADD_HEADERS_FUNCTION).

Static files are answered by whitenoise before Django's middleware runs, so they get none
of the page headers. The content simulations (content/sims, docs/content-format.md) are
pages shown in a frame of the question page: they get their own policy. No Django import
here: settings.py imports this module.
"""

from collections.abc import MutableMapping

SIMS_PREFIX = "content/sims/"

# A simulation may be framed by our own pages only, runs our own scripts and styles only,
# reaches nothing on the network, and is sandboxed even when opened outside its frame
# (`sandbox allow-scripts`: an opaque origin, no cookies, no storage, no forms, no popups).
SIMULATION_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts"
)


def add_static_headers(headers: MutableMapping[str, str], path: str, url: str) -> None:
    """Called by whitenoise for each file it serves (`url` is the URL path)."""
    if f"/{SIMS_PREFIX}" in url:
        headers["Content-Security-Policy"] = SIMULATION_POLICY
        headers["X-Frame-Options"] = "SAMEORIGIN"
