import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_teacher_sees_their_organization_and_its_members(client, teacher, school):
    client.force_login(teacher)
    response = client.get(reverse("orga:detail", args=[school.pk]))
    assert response.status_code == 200
    assert "Collège Jean-Moulin" in response.content.decode()
    members = client.get(reverse("orga:members", args=[school.pk])).content.decode()
    assert "prof@college.example" in members


def test_a_teacher_of_another_school_gets_404(client, other_teacher, school):
    client.force_login(other_teacher)
    assert client.get(reverse("orga:detail", args=[school.pk])).status_code == 404


def test_a_center_member_sees_the_center(client, center_admin, center):
    client.force_login(center_admin)
    response = client.get(reverse("centers:detail", args=[center.pk]))
    assert "Centre Jean-Moulin" in response.content.decode()


def test_a_teacher_cannot_open_the_center_of_their_school(client, teacher, center):
    client.force_login(teacher)
    assert client.get(reverse("centers:detail", args=[center.pk])).status_code == 404


def test_the_learner_dashboard_lists_the_16_competences_by_area(client, pupil, framework):
    client.force_login(pupil)
    page = client.get(reverse("learning:dashboard")).content.decode()
    assert page.count('class="competence"') == 16
    assert "4. Protection et sécurité" in page


def test_the_home_page_links_to_every_space(client, db):
    page = client.get("/").content.decode()
    for url in ("/mon-profil/", "/organisations/", "/centres/", "/surveillance/", "/verifier/"):
        assert f'href="{url}"' in page


def test_the_invigilator_form_explains_a_malformed_password(client, pupil):
    client.force_login(pupil)  # any account may open a session's portal
    response = client.post(
        reverse("invigilation:entry"), {"session_number": "12a", "password": "x"}
    )
    page = response.content.decode()
    assert "ne contient que des chiffres" in page
    assert "C- puis 5 lettres ou chiffres" in page


def test_the_verification_form_rejects_a_malformed_code(client, db):
    page = client.get(reverse("results:verify"), {"code": "abc"}).content.decode()
    assert "Le code commence par « P- »" in page


def test_a_well_formed_unknown_code_is_reported_as_unknown(client, db):
    page = client.get(reverse("results:verify"), {"code": "p-3b7kd9xq"}).content.decode()
    assert "Aucun certificat ne correspond à ce code." in page
