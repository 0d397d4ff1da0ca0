"""The candidate's side of the session day, under /certification/: joining (invigilation)
and the test itself (evaluation)."""

from django.urls import path

from certinum.evaluation import views
from certinum.invigilation import candidate_views

app_name = "certification"

urlpatterns = [
    path("", views.my_certifications, name="mine"),
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
