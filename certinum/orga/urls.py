from django.urls import path

from certinum.orga import views

app_name = "orga"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:organization_id>/", views.detail, name="detail"),
]
