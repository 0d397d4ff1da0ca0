"""The invigilator opens a session with its number and password; guesses are throttled and
answered neutrally; a finalized session is closed; nobody else sees the list."""

import pytest
from django.urls import reverse

from certinum.centers import services as centers
from certinum.invigilation.models import InvigilatorAccess
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def enter(client, session, password):
    return client.post(
        reverse("invigilation:entry"),
        {"session_number": session.pk, "password": password},
        follow=True,
    )


def test_the_password_is_accepted_with_or_without_its_prefix_and_case(client, invigilator, session):
    client.force_login(invigilator)
    response = enter(client, session, "c-b2f7k")
    assert response.redirect_chain[-1][0] == reverse("invigilation:session", args=[session.pk])
    assert InvigilatorAccess.objects.filter(session=session, user=invigilator).exists()


def test_a_wrong_password_is_neutral_and_guesses_are_throttled(client, invigilator, session):
    client.force_login(invigilator)
    page = enter(client, session, "C-ZZZZZ").content.decode().replace("&#x27;", "'")
    assert "Aucune session ouverte ne correspond à ce numéro et à ce mot de passe." in page
    assert "Aucune session ouverte" in enter(
        client, session.__class__(pk=999999), "C-B2F7K"
    ).content.decode().replace("&#x27;", "'")
    for _ in range(10):
        enter(client, session, "C-ZZZZZ")
    assert enter(client, session, "C-B2F7K").status_code == 429
    assert not InvigilatorAccess.objects.exists()


def test_a_finalized_session_is_closed(client, invigilator, session, center_admin):
    centers.session_finalize(session=session, by=center_admin)
    client.force_login(invigilator)
    assert "l'espace surveillant n'est plus ouvert" in enter(
        client, session, "B2F7K"
    ).content.decode().replace("&#x27;", "'")


def test_only_invigilators_of_the_session_see_it(client, invigilator, session, lina):
    client.force_login(invigilator)
    url = reverse("invigilation:session", args=[session.pk])
    assert client.get(url).status_code == 404
    enter(client, session, "B2F7K")
    page = client.get(url).content.decode().replace("&#x27;", "'")
    assert "Roux-Lévêque Lina Marie" in page and "Pas encore arrivé" in page
    client.force_login(make_user("autre"))
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("invigilation:pupils_information", args=[session.pk])).status_code == 404
    )
