"""Pupil-facing campaign pages: /campagnes/ (the "J'ai un code" form) and /campagnes/<code>."""

from django.urls import path

from certinum.orga import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_join, name="join"),
    path("<str:code>/", views.campaign_landing, name="landing"),
    path("<str:code>/envoyer/", views.campaign_share, name="share"),
]
