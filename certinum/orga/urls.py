from django.urls import path

from certinum.orga import views

app_name = "orga"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:organization_id>/", views.detail, name="detail"),
    path("<id:organization_id>/membres/", views.members, name="members"),
    path(
        "<id:organization_id>/membres/<id:member_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "<id:organization_id>/membres/<id:member_id>/retirer/",
        views.member_remove,
        name="member_remove",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path(
        "<id:organization_id>/invitations/<id:invitation_id>/revoquer/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "<id:organization_id>/invitations/<id:invitation_id>/renvoyer/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("<id:organization_id>/eleves/", views.pupils, name="pupils"),
    path("<id:organization_id>/eleves/import/", views.pupils_import, name="pupils_import"),
    path("<id:organization_id>/eleves/codes/", views.pupil_codes, name="pupil_codes"),
    path(
        "<id:organization_id>/eleves/verification/",
        views.identity_settings,
        name="identity_settings",
    ),
    path(
        "<id:organization_id>/eleves/<id:pupil_id>/delier/",
        views.pupil_unlink,
        name="pupil_unlink",
    ),
    path(
        "<id:organization_id>/eleves/import/<id:import_id>/",
        views.pupils_import_preview,
        name="pupils_import_preview",
    ),
    path("<id:organization_id>/campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("campagnes/<id:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campagnes/<id:campaign_id>/export/", views.campaign_export, name="campaign_export"),
    path("campagnes/<id:campaign_id>/archiver/", views.campaign_archive, name="campaign_archive"),
    path("exports/<id:export_id>/", views.export, name="export"),
    path("exports/<id:export_id>/telecharger/", views.export_download, name="export_download"),
    path("campagnes/<id:campaign_id>/rattrapage/", views.campaign_catchup, name="campaign_catchup"),
]
