"""Adding, editing, removing candidates from the form, and enrolling pupils of the linked
school by class with their certifiability."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certinum.accounts.models import User
from certinum.centers.models import Candidate
from certinum.orga.models import Campaign, Participation, Pupil

pytestmark = pytest.mark.django_db

FORM = {
    "last_name": "Dupont-Martin",
    "first_name": "Noé",
    "sex": "M",
    "birthdate": "02/09/2011",
    "birth_country": "France",
    "birth_postal_code": "69001",
    "birth_city": "Lyon",
    "extra_time_percentage": "",
}


def add_url(session):
    return reverse("centers:candidate_add", args=[session.center_id, session.pk])


def test_a_candidate_is_added_with_the_official_birthplace(client, center_admin, session):
    client.force_login(center_admin)
    response = client.post(add_url(session), FORM)
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.birth_insee_code, candidate.birth_city) == ("69123", "Lyon")


def test_errors_are_shown_on_their_field_and_nothing_is_saved(client, center_admin, session):
    client.force_login(center_admin)
    response = client.post(add_url(session), {**FORM, "birth_city": "Paris", "sex": ""})
    page = response.content.decode()
    assert "Le code postal « 69001 » ne correspond pas à la ville « Paris »." in page
    assert "Le sexe est obligatoire (M ou F)." in page
    assert Candidate.objects.count() == 0


def test_the_same_person_twice_is_refused(client, center_admin, session, candidate):
    client.force_login(center_admin)
    response = client.post(
        add_url(session),
        {**FORM, "last_name": "ROUX", "first_name": "lina", "birthdate": "14/03/2012"},
    )
    assert "est déjà inscrit à cette session" in response.content.decode()
    assert Candidate.objects.count() == 1


def test_a_candidate_is_edited_and_removed(client, center_admin, session, candidate):
    client.force_login(center_admin)
    edit = reverse("centers:candidate_edit", args=[session.center_id, session.pk, candidate.pk])
    form = client.get(edit).context["form"]
    assert form.initial["birthdate"] == "14/03/2012"
    data = {**form.initial, "extra_time_percentage": "33", "birth_city": ""}
    assert client.post(edit, data).status_code == 302
    candidate.refresh_from_db()
    assert candidate.extra_time_percentage == 33
    remove = reverse("centers:candidate_remove", args=[session.center_id, session.pk, candidate.pk])
    client.post(remove)
    assert not Candidate.objects.exists()


def test_a_candidate_who_joined_cannot_be_removed(client, center_admin, session, candidate, pupil):
    candidate.user = pupil
    candidate.save()
    client.force_login(center_admin)
    remove = reverse("centers:candidate_remove", args=[session.center_id, session.pk, candidate.pk])
    response = client.post(remove, follow=True)
    assert "il ne peut plus être retiré" in response.content.decode()
    assert Candidate.objects.filter(pk=candidate.pk).exists()


def shared_profile(school, pupil_record: Pupil, user: User, certifiable: int) -> None:
    campaign, _ = Campaign.objects.get_or_create(
        organization=school, code="PROFIL123", defaults={"name": "Profils"}
    )
    codes = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1"]
    Participation.objects.create(
        campaign=campaign,
        user=user,
        pupil=pupil_record,
        status="SHARED",
        shared_at=timezone.now(),
        snapshot={
            "competences": {
                code: {
                    "pix": 8 if i < certifiable else 0,
                    "level": int(i < certifiable),
                    "started": True,
                }
                for i, code in enumerate(codes)
            }
        },
    )


def test_pupils_of_a_class_are_enrolled_seeing_who_is_certifiable(
    client, center_admin, session, school, framework
):
    from tests.conftest import make_user

    pupils = [
        Pupil.objects.create(
            organization=school,
            last_name=name,
            first_name="Élève",
            birthdate=datetime.date(2012, 1, i + 1),
            division="3A",
        )
        for i, name in enumerate(("Ali", "Bernard", "Chen"))
    ]
    shared_profile(school, pupils[0], make_user("ali"), certifiable=5)
    shared_profile(school, pupils[1], make_user("bernard"), certifiable=3)
    client.force_login(center_admin)
    url = reverse("centers:candidate_enrol", args=[session.center_id, session.pk])
    page = client.get(url, {"classe": "3A"}).content.decode()
    assert "certifiable" in page and "non certifiable (3 compétences sur 5)" in page
    assert "profil non envoyé" in page
    only = client.get(url, {"classe": "3A", "certifiables": "1"}).context["rows"]
    assert [p.last_name for p, _ in only] == ["Ali"]
    client.post(url + "?classe=3A", {"pupils": [pupils[0].pk, pupils[2].pk]})
    enrolled = Candidate.objects.order_by("last_name")
    assert [(c.last_name, c.pupil_id, c.is_incomplete) for c in enrolled] == [
        ("Ali", pupils[0].pk, True),
        ("Chen", pupils[2].pk, True),
    ]


def test_a_pupil_of_another_school_cannot_be_enrolled(client, center_admin, session, other_school):
    stranger = Pupil.objects.create(
        organization=other_school, last_name="X", first_name="Y", birthdate="2012-01-01"
    )
    client.force_login(center_admin)
    url = reverse("centers:candidate_enrol", args=[session.center_id, session.pk])
    response = client.post(url, {"pupils": [stranger.pk]})
    assert response.status_code == 200  # not among the choices: the form says so
    assert not Candidate.objects.exists()
