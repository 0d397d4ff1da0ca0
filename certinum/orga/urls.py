from django.urls import path

from certinum.orga import views

app_name = "orga"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:organization_id>/", views.detail, name="detail"),
    path("<int:organization_id>/membres/", views.members, name="members"),
    path(
        "<int:organization_id>/membres/<int:member_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "<int:organization_id>/membres/<int:member_id>/retirer/",
        views.member_remove,
        name="member_remove",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<int:organization_id>/eleves/", views.pupils, name="pupils"),
    path("<int:organization_id>/eleves/import/", views.pupils_import, name="pupils_import"),
    path(
        "<int:organization_id>/eleves/import/<int:import_id>/",
        views.pupils_import_preview,
        name="pupils_import_preview",
    ),
    path(
        "<int:organization_id>/campagnes/nouvelle/", views.campaign_create, name="campaign_create"
    ),
    path("campagnes/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campagnes/<int:campaign_id>/export/", views.campaign_export, name="campaign_export"),
    path("exports/<int:export_id>/", views.export, name="export"),
    path("exports/<int:export_id>/telecharger/", views.export_download, name="export_download"),
    path(
        "campagnes/<int:campaign_id>/rattrapage/", views.campaign_catchup, name="campaign_catchup"
    ),
]
