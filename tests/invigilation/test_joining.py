"""A pupil joins her session: names matched whatever the accents, case, spaces and hyphens;
failures neutral and throttled; one candidate per account; the invigilator authorizes, the
pupil's page moves on, and the access code is needed."""

import pytest
from django.urls import reverse

from certinum.centers.models import Candidate
from certinum.invigilation import services
from certinum.invigilation.models import InvigilatorAccess
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def join(client, session, **changes):
    data = {
        "session_number": session.pk,
        "first_name": "lina-marie",
        "last_name": "ROUX  LEVEQUE",
        "birthdate": "04/05/2011",
        **changes,
    }
    return client.post(reverse("certification:join"), data, follow=True)


def test_the_names_match_whatever_accents_case_spaces_and_hyphens(client, pupil, session, lina):
    client.force_login(pupil)
    response = join(client, session, last_name="Roux--Lévêque")
    assert response.redirect_chain[-1][0] == reverse("certification:waiting", args=[lina.pk])
    lina.refresh_from_db()
    assert lina.user == pupil
    assert (
        "Attends : le surveillant va confirmer ta présence."
        in response.content.decode().replace("&#x27;", "'")
    )


def test_a_wrong_birthdate_is_neutral_and_throttled(client, pupil, session, lina):
    client.force_login(pupil)
    page = join(client, session, birthdate="05/05/2011").content.decode().replace("&#x27;", "'")
    assert "Aucun candidat de cette session ne correspond à ces informations." in page
    for _ in range(5):
        join(client, session, birthdate="05/05/2011")
    assert join(client, session).status_code == 429
    lina.refresh_from_db()
    assert lina.user is None


def test_a_line_taken_by_another_account_cannot_be_taken_again(
    client, pupil, other_pupil, session, lina
):
    client.force_login(pupil)
    join(client, session)
    client.force_login(other_pupil)
    page = join(client, session).content.decode().replace("&#x27;", "'")
    assert "Aucun candidat de cette session ne correspond" in page
    lina.refresh_from_db()
    assert lina.user == pupil


def test_the_invigilator_authorizes_and_the_access_code_is_checked(
    client, pupil, invigilator, session, lina
):
    client.force_login(pupil)
    join(client, session)
    assert services.access_code_check.__name__  # the service exists
    client.force_login(invigilator)
    InvigilatorAccess.objects.create(session=session, user=invigilator)
    client.post(
        reverse("invigilation:candidate_authorize", args=[session.pk, lina.pk]),
        {"authorized": "1"},
    )
    lina.refresh_from_db()
    assert lina.authorized_to_start
    client.force_login(pupil)
    status = (
        client.get(reverse("certification:waiting_status", args=[lina.pk]))
        .content.decode()
        .replace("&#x27;", "'")
    )
    assert "Code d'accès" in status
    page = client.post(reverse("certification:access_code", args=[lina.pk]), {"code": "ZZZZ99"})
    assert "Ce code d'accès n'est pas le bon" in page.content.decode().replace("&#x27;", "'")


def test_a_candidate_who_has_not_joined_cannot_be_authorized(client, invigilator, session, lina):
    InvigilatorAccess.objects.create(session=session, user=invigilator)
    client.force_login(invigilator)
    page = (
        client.post(
            reverse("invigilation:candidate_authorize", args=[session.pk, lina.pk]),
            {"authorized": "1"},
            follow=True,
        )
        .content.decode()
        .replace("&#x27;", "'")
    )
    assert "n'a pas encore rejoint la session" in page
    assert not Candidate.objects.get(pk=lina.pk).authorized_to_start


def test_another_pupil_cannot_see_my_waiting_page(client, pupil, session, lina):
    lina.user = pupil
    lina.save()
    client.force_login(make_user("intrus"))
    assert client.get(reverse("certification:waiting", args=[lina.pk])).status_code == 404
