from django.urls import path

from certinum.invigilation import views

app_name = "invigilation"

urlpatterns = [
    path("", views.entry, name="entry"),
]
