from django.contrib import admin
from django.urls import include, path

from certinum import converters, views
from certinum.centers import roomtest_views
from certinum.ops.views import benchmark_floor

converters.register()  # before the apps' URL modules use <id:…>


urlpatterns = [
    path("", views.home, name="home"),
    path(
        "certification/en-pratique/",
        views.certification_practice,
        name="certification_practice",
    ),
    path("certification/", include("certinum.evaluation.urls")),
    path("compte/", include("certinum.accounts.urls")),
    path("mon-profil/", include("certinum.learning.urls")),
    path("organisations/", include("certinum.orga.urls")),
    path("campagnes/", include("certinum.orga.campaign_urls")),
    path("centres/", include("certinum.centers.urls")),
    path("centres/", include("certinum.jury.urls")),
    path("surveillance/", include("certinum.invigilation.urls")),
    path("verifier/", include("certinum.results.urls")),
    # Public: the room test, on each computer of a room before the day (no account).
    path("test-des-salles/", roomtest_views.room_test, name="room_test"),
    path("test-des-salles/ping/", roomtest_views.room_test_ping, name="room_test_ping"),
    path("test-des-salles/resultat/", roomtest_views.room_test_result, name="room_test_result"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # 404 unless the server runs with BENCHMARK_FLOOR=1 (benchmarks/answer_loop.py).
    path("_benchmark/floor/", benchmark_floor, name="benchmark_floor"),
]
