from django.urls import path

from certinum.results import views

app_name = "results"

urlpatterns = [
    path("", views.verify, name="verify"),
]
