"""Every refusal is a French page in our design, never Django's English technical page and
never a 500: absurd ids are 404s, forbidden pages are 403s, expired forms say so."""

import pytest
from django.template import loader
from django.test import Client, override_settings
from django.urls import include, path

from certinum.accounts.models import OrganizationMembership, Role
from tests.conftest import make_user


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("casse/", broken_view), path("", include("certinum.urls"))]


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/99999999999999999999999/",
        "/organisations/9223372036854775808/",
        "/organisations/0/",
        "/mon-profil/evaluations/99999999999999999999/resultat/",
        "/organisations/campagnes/18446744073709551616/export/",
    ],
)
def test_an_absurd_id_is_a_french_404(client, teacher, url):
    client.force_login(teacher)
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_the_largest_id_is_an_ordinary_404(client, teacher):
    client.force_login(teacher)
    assert client.get("/organisations/9223372036854775807/").status_code == 404


@pytest.mark.parametrize("debug", [False, True])
def test_a_view_that_refuses_answers_with_our_404_page_even_in_debug(
    client, teacher, settings, debug
):
    settings.DEBUG = debug
    client.force_login(teacher)
    response = client.get("/organisations/123456/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert 'lang="fr"' in page


@pytest.mark.parametrize("debug", [False, True])
def test_a_member_on_an_admin_action_gets_a_french_403(client, school, settings, debug):
    settings.DEBUG = debug
    member = make_user("membre@college.example", email="membre@college.example")
    OrganizationMembership.objects.create(user=member, organization=school, role=Role.MEMBER)
    client.force_login(member)
    response = client.post(f"/organisations/{school.pk}/membres/", {"email": "x@y.example"})
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_shows_the_french_500_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/casse/")
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_the_500_page_renders_without_request_or_database():
    # Django renders it with an empty context when something is badly broken.
    page = loader.get_template("500.html").render()
    assert "Une erreur est survenue" in page


def test_the_429_page_says_when_to_try_again(rf):
    page = loader.get_template("429.html").render({"retry_after_minutes": 5})
    assert "Réessayez dans 5 minutes." in page


def test_an_expired_form_is_explained_in_french(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/compte/connexion/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


def test_a_nul_character_in_a_url_or_a_form_is_a_french_400(client, pupil, framework):
    client.force_login(pupil)
    for response in (
        client.get("/mon-profil/competences/%00/"),
        client.get("/verifier/", {"code": "P-\x00"}),
        client.post("/mon-profil/competences/1.1/commencer/", {"x": "a\x00b"}),
    ):
        assert response.status_code == 400
        assert "Requête invalide" in response.content.decode()
