from django.urls import path

from certinum.centers import views

app_name = "centers"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:center_id>/", views.detail, name="detail"),
    path("<id:center_id>/sessions/", views.session_list, name="sessions"),
    path("<id:center_id>/membres/", views.members, name="members"),
    path("<id:center_id>/membres/<id:member_id>/role/", views.member_role, name="member_role"),
    path(
        "<id:center_id>/membres/<id:member_id>/retirer/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<id:center_id>/invitations/<id:invitation_id>/revoquer/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "<id:center_id>/invitations/<id:invitation_id>/renvoyer/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("<id:center_id>/sessions/nouvelle/", views.session_create, name="session_create"),
    path("<id:center_id>/sessions/import/", views.sessions_import, name="sessions_import"),
    path(
        "<id:center_id>/sessions/modele-sessions.csv",
        views.sessions_template,
        name="sessions_template",
    ),
    path("<id:center_id>/sessions/<id:session_id>/", views.session_detail, name="session"),
    path(
        "<id:center_id>/sessions/<id:session_id>/preparer/",
        views.session_prepare,
        name="session_prepare",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/modifier/",
        views.session_edit,
        name="session_edit",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/supprimer/",
        views.session_delete,
        name="session_delete",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/candidats/",
        views.session_candidates,
        name="session_candidates",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/candidats/ajouter/",
        views.candidate_add,
        name="candidate_add",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/candidats/classe/",
        views.candidate_enrol,
        name="candidate_enrol",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/candidats/<id:candidate_id>/modifier/",
        views.candidate_edit,
        name="candidate_edit",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/candidats/<id:candidate_id>/retirer/",
        views.candidate_remove,
        name="candidate_remove",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/candidats/modele.ods",
        views.candidates_template,
        name="candidates_template",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/candidats/import/",
        views.candidates_import,
        name="candidates_import",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/candidats/import/<id:import_id>/",
        views.candidates_import_preview,
        name="candidates_import_preview",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/documents/",
        views.session_documents,
        name="session_documents",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/documents/<slug:slug>.pdf",
        views.session_document,
        name="session_document",
    ),
    path(
        "<id:center_id>/sessions/<id:session_id>/documents/feuille-emargement.ods",
        views.session_attendance_ods,
        name="session_attendance_ods",
    ),
]
