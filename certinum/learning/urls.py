from django.urls import path

from certinum.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("competences/<str:code>/", views.competence_detail, name="competence"),
    path("competences/<str:code>/commencer/", views.competence_start, name="competence_start"),
    path("competences/<str:code>/retenter/", views.competence_improve, name="competence_improve"),
    path(
        "competences/<str:code>/remettre-a-zero/", views.competence_reset, name="competence_reset"
    ),
    path("evaluations/<id:assessment_id>/", views.assessment_question, name="assessment"),
    path(
        "evaluations/<id:assessment_id>/focus/",
        views.assessment_focus_lost,
        name="assessment_focus_lost",
    ),
    path(
        "evaluations/<id:assessment_id>/resultat/",
        views.assessment_result,
        name="assessment_result",
    ),
]
