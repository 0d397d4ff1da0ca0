"""Sign-up: nobody can squat a future user's e-mail address, and the page never reveals
which addresses have an account — with an address, the answer is always « check your
mailbox », and only the mailbox's owner learns more."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from certinum.accounts.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "un mot de passe solide"


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """Post the sign-up form; e-mails queued on commit are sent."""

    def post(username="noe.b", email="", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:signup"), form_data(username, email, **extra))

    return post


def form_data(username, email, **extra):
    return {
        "first_name": "Noé",
        "last_name": "Blanc",
        "birthdate": "01/02/2012",
        "username": username,
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }


def activation_link(message) -> str:
    return re.search(r"http://testserver(/compte/inscription/activer/\S+)", message.body).group(1)


def test_without_an_address_the_account_is_ready_at_once(client, sign_up):
    response = sign_up()
    assert response.url == reverse("learning:dashboard")
    assert User.objects.get(username="noe.b").is_active
    assert mail.outbox == []


def test_with_an_address_the_account_waits_for_the_link_sent_there(client, sign_up):
    with_next = sign_up(email="Noe@Example.org", next="/campagnes/ABCDEF123/")
    assert with_next.url == reverse("accounts:signup_sent")
    user = User.objects.get(username="noe.b")
    assert not user.is_active and user.email == "noe@example.org"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["noe@example.org"]
    link = activation_link(mail.outbox[0])
    response = client.get(link)
    assert response.url == "/campagnes/ABCDEF123/"
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("learning:dashboard")).status_code == 200
    # The link works once.
    client.logout()
    assert client.get(link).status_code == 400


def test_a_taken_address_gets_the_same_answer_and_a_message_to_its_owner(client, sign_up, teacher):
    response = sign_up(email="PROF@college.example")
    assert response.url == reverse("accounts:signup_sent")
    assert not User.objects.filter(username="noe.b").exists()
    assert len(mail.outbox) == 1
    assert "Un compte l'utilise déjà" in mail.outbox[0].body
    assert "/compte/mot-de-passe/" in mail.outbox[0].body


def test_an_address_used_as_someone_s_username_is_taken_too(client, sign_up):
    make_user("ancien@example.org")  # an old account whose username is an address
    sign_up(email="ancien@example.org")
    assert not User.objects.filter(username="noe.b").exists()
    assert "Un compte l'utilise déjà" in mail.outbox[0].body


def test_signing_up_again_before_activating_resends_the_link(client, sign_up):
    sign_up(email="noe@example.org")
    sign_up(username="noe.bis", email="noe@example.org")
    assert len(mail.outbox) == 2
    assert client.get(activation_link(mail.outbox[1])).status_code == 302
    assert User.objects.get(username="noe.b").is_active


@pytest.mark.parametrize("username", ["noe@example.org", "a@b", "@noe"])
def test_a_username_may_not_look_like_an_address(client, sign_up, username):
    page = sign_up(username=username).content.decode()
    assert "ne peut pas contenir « @ »" in page
    assert not User.objects.exists()


def test_a_username_that_is_someone_s_address_is_taken(client, sign_up, pupil):
    pupil.email = "lina@example.org"
    pupil.save()
    make_user("Noe.B")
    assert "Cet identifiant est déjà pris" in sign_up(username="noe.b").content.decode()


@pytest.mark.parametrize(
    "uidb64, token",
    [("MQ", "abc-def"), ("!!!", "abc"), ("OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "x-y"), ("", "")],
)
def test_a_forged_activation_link_changes_nothing(client, sign_up, pupil, uidb64, token):
    pupil.is_active = False
    pupil.save()
    url = (
        f"/compte/inscription/activer/{uidb64}/{token}/"
        if uidb64
        else "/compte/inscription/activer///"
    )
    response = client.get(url)
    assert response.status_code in (400, 404)
    pupil.refresh_from_db()
    assert not pupil.is_active


def test_the_next_address_after_activation_stays_on_this_site(client, sign_up):
    sign_up(email="noe@example.org", next="https://ailleurs.example/")
    response = client.get(activation_link(mail.outbox[0]))
    assert response.url == reverse("learning:dashboard")
