import pytest
from django.core import mail
from django.urls import reverse

from certinum.accounts.models import OrganizationMembership, Role
from certinum.orga.models import Invitation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_an_admin_invites_a_colleague_who_joins_with_the_link(
    client, teacher, school, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail task, on commit
        response = client.post(
            reverse("orga:members", args=[school.pk]),
            {"email": "Nouveau@College.example", "role": "MEMBER"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nouveau@college.example"]
    invitation = Invitation.objects.get()
    assert reverse("orga:invitation", args=[invitation.token]) in mail.outbox[0].body

    colleague = make_user("nouveau@college.example", email="nouveau@college.example")
    client.force_login(colleague)
    client.post(reverse("orga:invitation", args=[invitation.token]))
    assert OrganizationMembership.objects.get(user=colleague).role == Role.MEMBER
    # The link works once.
    page = client.post(reverse("orga:invitation", args=[invitation.token]), follow=True)
    assert "déjà été utilisée" in page.content.decode()


def test_an_anonymous_visitor_of_an_invitation_is_offered_to_log_in(client, teacher, school):
    invitation = Invitation.objects.create(organization=school, email="x@example.org", token="abc")
    page = client.get(reverse("orga:invitation", args=["abc"])).content.decode()
    assert "Se connecter" in page and "Créer un compte" in page
    assert client.post(reverse("orga:invitation", args=["abc"])).status_code == 200
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_an_unknown_invitation_token_is_a_404(client, db):
    assert client.get(reverse("orga:invitation", args=["nope"])).status_code == 404


def test_a_member_who_is_not_admin_cannot_invite(client, teacher, school):
    member = make_user("membre@college.example", email="membre@college.example")
    OrganizationMembership.objects.create(user=member, organization=school, role=Role.MEMBER)
    client.force_login(member)
    response = client.post(
        reverse("orga:members", args=[school.pk]), {"email": "x@example.org", "role": "ADMIN"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_admin_changes_a_role_and_removes_a_member(client, teacher, school):
    member = make_user("membre@college.example", email="membre@college.example")
    membership = OrganizationMembership.objects.create(user=member, organization=school)
    client.force_login(teacher)
    client.post(reverse("orga:member_role", args=[school.pk, membership.pk]), {"role": "ADMIN"})
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    client.post(reverse("orga:member_remove", args=[school.pk, membership.pk]))
    assert not OrganizationMembership.objects.filter(pk=membership.pk).exists()


def test_the_last_admin_can_be_neither_demoted_nor_removed(client, teacher, school):
    client.force_login(teacher)
    mine = OrganizationMembership.objects.get(user=teacher)
    page = client.post(
        reverse("orga:member_role", args=[school.pk, mine.pk]), {"role": "MEMBER"}, follow=True
    )
    assert "au moins un administrateur" in page.content.decode()
    client.post(reverse("orga:member_remove", args=[school.pk, mine.pk]))
    mine.refresh_from_db()
    assert mine.role == Role.ADMIN


def test_a_tampered_role_is_refused(client, teacher, school):
    client.force_login(teacher)
    mine = OrganizationMembership.objects.get(user=teacher)
    page = client.post(
        reverse("orga:member_role", args=[school.pk, mine.pk]), {"role": "ROOT"}, follow=True
    )
    assert "Ce rôle n&#x27;existe pas." in page.content.decode()


def test_a_teacher_of_another_school_sees_nothing(client, other_teacher, school, teacher):
    client.force_login(other_teacher)
    mine = OrganizationMembership.objects.get(user=teacher)
    assert client.get(reverse("orga:members", args=[school.pk])).status_code == 404
    assert client.post(reverse("orga:member_remove", args=[school.pk, mine.pk])).status_code == 404
