"""Public pages under /verifier/: the verification form, the link of the QR code, and the
« tableau de lecture des résultats »."""

from django.urls import path

from certinum.results import views

app_name = "results"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("tableau-de-lecture/", views.reading_guide, name="reading_guide"),
    # Any text: a wrong shape gets the format message rather than a bare 404.
    path("<str:code>/", views.verify_code, name="verify_code"),
]
