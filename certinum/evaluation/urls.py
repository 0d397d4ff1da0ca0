"""The candidate's side, under /certification/: joining (invigilation), the test itself
(evaluation), and « Mes certifications » with the certificates (results)."""

from django.urls import path

from certinum.evaluation import views
from certinum.invigilation import candidate_views
from certinum.results import views as results_views

app_name = "certification"

urlpatterns = [
    path("", results_views.my_certifications, name="mine"),
    path("certificat/<id:course_id>/", results_views.certificate, name="certificate"),
    path(
        "certificat/<id:course_id>/attestation.pdf",
        results_views.attestation,
        name="attestation",
    ),
    path("rejoindre/", candidate_views.join, name="join"),
    path("candidat/<id:candidate_id>/", candidate_views.waiting, name="waiting"),
    path("candidat/<id:candidate_id>/etat/", candidate_views.waiting_status, name="waiting_status"),
    path("candidat/<id:candidate_id>/code/", candidate_views.access_code, name="access_code"),
    path("test/<id:course_id>/consignes/", views.instructions, name="instructions"),
    path("test/<id:course_id>/", views.test, name="test"),
    path("test/<id:course_id>/sortie/", views.focus_lost, name="focus_lost"),
    path("test/<id:course_id>/signalement/", views.alert, name="alert"),
    path("test/<id:course_id>/signalement/etat/", views.alert_status, name="alert_status"),
    path("test/<id:course_id>/termine/", views.done, name="done"),
]
