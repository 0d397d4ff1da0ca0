"""Joining a campaign cannot be used to take a classmate's place: failed matches are
throttled per account, per address and per list entry, every failure gets the same
neutral message, the school may require a second secret, and teachers see and undo links."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from certinum.accounts import throttle
from certinum.orga import services
from certinum.orga.models import IdentityCheck, Participation, Pupil
from tests.conftest import make_user
from tests.orga.test_campaigns import join
from tests.orga.test_members_concurrency import run_together

pytestmark = pytest.mark.django_db


def error_of(response) -> str:
    found = re.search(r"Ces informations[^<]*", response.content.decode())
    return found.group(0) if found else ""


def test_every_failure_gets_one_neutral_message(
    client, pupil, other_pupil, campaign, lina_on_the_list
):
    client.force_login(pupil)
    unknown_name = error_of(join(client, campaign, last_name="Inconnu"))
    wrong_birthdate = error_of(join(client, campaign, birthdate="15/03/2012"))
    lina_on_the_list.user = other_pupil
    lina_on_the_list.save()
    already_linked = error_of(join(client, campaign))
    assert unknown_name == wrong_birthdate == already_linked != ""
    assert "ne correspondent à aucun élève disponible" in unknown_name


def birthdates():
    day = 1
    while True:
        yield f"{day % 28 + 1:02d}/{day // 28 % 12 + 1:02d}/2011"
        day += 1


def test_an_attacker_stepping_through_birthdates_is_stopped_and_never_links(
    client, pupil, campaign, lina_on_the_list
):
    """The scenario of the review: a classmate types Lina's names with every birthdate."""
    attacker = make_user("attaquant")
    client.force_login(attacker)
    tries = birthdates()
    pages = [join(client, campaign, birthdate=next(tries)).content.decode() for _ in range(8)]
    assert all("ne correspondent à aucun élève disponible" in p for p in pages[:5])
    assert all("Trop de tentatives" in p for p in pages[5:])
    # Even the right birthdate is refused now.
    assert "Trop de tentatives" in join(client, campaign, birthdate="14/03/2012").content.decode()
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user is None
    assert not Participation.objects.filter(user=attacker).exists()


def test_rotating_accounts_does_not_help_the_entry_is_protected(client, campaign, lina_on_the_list):
    tries = birthdates()
    for n in range(4):  # 4 accounts × 3 tries: past the 10 failures allowed on one entry
        client.force_login(make_user(f"compte{n}"))
        for _ in range(3):
            join(client, campaign, birthdate=next(tries), REMOTE_ADDR=f"10.0.0.{n}")
    client.force_login(make_user("dernier"))
    page = join(client, campaign).content.decode()  # the right birthdate, a fresh account
    assert "Trop de tentatives" in page
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user is None


def test_failures_from_one_address_are_limited(client, campaign, lina_on_the_list, monkeypatch):
    rules = dict(throttle.RULES, **{"identity-ip": throttle.Rule(3, throttle.MINUTE * 15)})
    monkeypatch.setattr(throttle, "RULES", rules)
    for n in range(3):
        client.force_login(make_user(f"eleve{n}"))
        join(client, campaign, last_name=f"Personne{n}")
    client.force_login(make_user("quatrieme"))
    assert "Trop de tentatives" in join(client, campaign).content.decode()


def test_a_success_clears_the_account_s_failures(client, pupil, campaign, lina_on_the_list):
    client.force_login(pupil)
    for _ in range(4):
        join(client, campaign, birthdate="01/01/2011")
    join(client, campaign)  # right: linked
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user == pupil and lina_on_the_list.linked_at is not None
    throttle.check("identity-account", str(pupil.pk))  # no longer counted


def test_the_school_may_require_the_pupil_s_identifier(client, pupil, campaign, lina_on_the_list):
    lina_on_the_list.local_id = "E-0042"
    lina_on_the_list.save()
    services.identity_check_set(organization=campaign.organization, check=IdentityCheck.LOCAL_ID)
    client.force_login(pupil)
    page = join(client, campaign, second_secret="E-0041").content.decode()
    assert "ne correspondent à aucun élève disponible" in page and "ton identifiant" in page
    assert "Ton identifiant d&#x27;élève" in page
    join(client, campaign, second_secret=" e-0042 ")
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user == pupil


def test_the_school_may_hand_out_personal_codes(client, pupil, teacher, campaign, lina_on_the_list):
    client.force_login(teacher)
    school = campaign.organization
    client.post(reverse("orga:identity_settings", args=[school.pk]), {"identity_check": "code"})
    lina_on_the_list.refresh_from_db()
    code = lina_on_the_list.join_code
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", code)
    printed = client.get(reverse("orga:pupil_codes", args=[school.pk])).content.decode()
    assert code in printed and "Roux-Lévêque Lina" in printed
    client.force_login(pupil)
    assert "ton code personnel" in join(client, campaign, second_secret="AAAAAA").content.decode()
    join(client, campaign, second_secret=code.lower())
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user == pupil


def test_only_an_admin_chooses_the_check_and_a_bad_value_changes_nothing(client, teacher, school):
    client.force_login(teacher)
    url = reverse("orga:identity_settings", args=[school.pk])
    client.post(url, {"identity_check": "tout"})
    school.refresh_from_db()
    assert school.identity_check == IdentityCheck.NONE


def test_the_teacher_sees_who_linked_an_entry_and_can_unlink_it(
    client, pupil, other_pupil, teacher, campaign, lina_on_the_list
):
    client.force_login(other_pupil)  # the wrong account took Lina's line
    join(client, campaign)
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user == other_pupil
    client.force_login(teacher)
    school = campaign.organization
    page = client.get(reverse("orga:pupils", args=[school.pk])).content.decode()
    assert "tom.petit" in page and "relié le" in page
    client.post(reverse("orga:pupil_unlink", args=[school.pk, lina_on_the_list.pk]))
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user is None and lina_on_the_list.linked_at is None
    Participation.objects.filter(user=other_pupil).delete()
    client.force_login(pupil)
    join(client, campaign)
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user == pupil


def test_a_teacher_of_another_school_cannot_unlink(
    client, other_teacher, campaign, lina_on_the_list
):
    client.force_login(other_teacher)
    url = reverse("orga:pupil_unlink", args=[campaign.organization.pk, lina_on_the_list.pk])
    assert client.post(url).status_code == 404


def test_wrong_campaign_codes_from_one_address_are_limited(client, pupil, monkeypatch):
    rules = dict(throttle.RULES, **{"campaign-code-ip": throttle.Rule(3, throttle.MINUTE * 15)})
    monkeypatch.setattr(throttle, "RULES", rules)
    for code in ("AAAAAA222", "AAAAAA223", "AAAAAA224"):
        assert client.get(reverse("campaigns:join"), {"code": code}).status_code == 200
    assert client.get(reverse("campaigns:join"), {"code": "AAAAAA225"}).status_code == 429
    assert client.get("/campagnes/AAAAAA226/").status_code == 429


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_accounts_matching_one_entry_at_once_cannot_both_take_it(campaign, lina_on_the_list):
    accounts = [make_user(f"rival{n}") for n in range(2)]

    def link(user):
        return lambda: services.participation_start(
            campaign=campaign,
            user=user,
            first_name=lina_on_the_list.first_name,
            last_name=lina_on_the_list.last_name,
            birthdate=lina_on_the_list.birthdate,
            ip="10.0.0.1",
        )

    outcomes = run_together(*(link(user) for user in accounts))
    assert outcomes.count("done") == 1
    assert Pupil.objects.get(pk=lina_on_the_list.pk).user in accounts
