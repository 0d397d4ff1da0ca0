"""The finalization pages, under the center's session URLs (`/centres/…/sessions/…/`)."""

from django.urls import path

from certinum.jury import views

app_name = "jury"

urlpatterns = [
    path(
        "<id:center_id>/sessions/<id:session_id>/finalisation/",
        views.finalization,
        name="finalization",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/finalisation/confirmer/",
        views.finalization_confirm,
        name="finalization_confirm",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/finalisation/documents/<id:document_id>/",
        views.document_download,
        name="document",
    ),
]
