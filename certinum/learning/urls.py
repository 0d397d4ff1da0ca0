from django.urls import path

from certinum.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
