import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_teacher_logs_in_with_their_email_in_any_case(client, teacher):
    response = client.post(
        reverse("accounts:login"), {"username": "PROF@College.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == teacher


def test_a_pupil_logs_in_with_a_username(client, pupil):
    response = client.post(
        reverse("accounts:login"), {"username": "lina.roux", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == pupil


def test_a_wrong_password_gets_a_clear_french_message(client, pupil):
    response = client.post(reverse("accounts:login"), {"username": "lina.roux", "password": "non"})
    assert response.status_code == 200
    assert "identifiant ou mot de passe incorrect" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_an_unknown_login_gets_the_same_message(client, db):
    response = client.post(reverse("accounts:login"), {"username": "personne", "password": "x"})
    assert "identifiant ou mot de passe incorrect" in response.content.decode()


def test_an_inactive_account_cannot_log_in(client, pupil):
    pupil.is_active = False
    pupil.save()
    response = client.post(
        reverse("accounts:login"), {"username": "lina.roux", "password": PASSWORD}
    )
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("who", "space"),
    [
        ("pupil", "/mon-profil/"),
        ("teacher", "/organisations/"),
        ("center_admin", "/centres/"),
        ("staff", "/admin/"),
    ],
)
def test_after_login_each_user_lands_in_their_space(client, request, who, space):
    user = request.getfixturevalue(who)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}, follow=False
    )
    response = client.get(response.url)
    assert response.url == space


def test_logging_out_ends_the_session(client, pupil):
    client.force_login(pupil)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("learning:dashboard")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, teacher):
    response = client.post(reverse("accounts:password_reset"), {"email": "prof@college.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/compte/mot-de-passe/" in line
    )
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    new = "une phrase de passe toute neuve"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(new)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
