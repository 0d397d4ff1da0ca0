from django.urls import path

from certinum.invigilation import views

app_name = "invigilation"

urlpatterns = [
    path("", views.entry, name="entry"),
    path("sessions/<id:session_id>/", views.session, name="session"),
    path("sessions/<id:session_id>/candidats/", views.session_candidates, name="candidates"),
    path(
        "sessions/<id:session_id>/informations-eleves/",
        views.pupils_information,
        name="pupils_information",
    ),
    path(
        "sessions/<id:session_id>/candidats/<id:candidate_id>/autoriser/",
        views.candidate_authorize,
        name="candidate_authorize",
    ),
    path(
        "sessions/<id:session_id>/candidats/<id:candidate_id>/erreur/",
        views.candidate_details_error,
        name="candidate_details_error",
    ),
    path(
        "sessions/<id:session_id>/candidats/<id:candidate_id>/terminer/",
        views.candidate_end,
        name="candidate_end",
    ),
    path(
        "sessions/<id:session_id>/candidats/<id:candidate_id>/signalements/<id:alert_id>/",
        views.alert_decide,
        name="alert_decide",
    ),
]
