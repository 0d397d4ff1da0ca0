from django.urls import path

from certinum.centers import views

app_name = "centers"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:center_id>/", views.detail, name="detail"),
]
