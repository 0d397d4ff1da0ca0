"""Invitations make only their invitee a member: bound to the invited address, they expire,
and an admin can revoke or re-send them and sees their state."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certinum.accounts.models import OrganizationMembership, Role
from certinum.orga.models import Invitation, InvitationStatus
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(client, teacher, school, django_capture_on_commit_callbacks):
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("orga:members", args=[school.pk]),
            {"email": "Nouvelle@College.example", "role": "ADMIN"},
        )
    return Invitation.objects.get()


def accept(client, invitation):
    return client.post(reverse("orga:invitation", args=[invitation.token]), follow=True)


def test_an_invitation_opened_by_another_account_is_refused(client, invited, pupil):
    client.force_login(pupil)  # whoever got the link
    page = accept(client, invited).content.decode()
    assert "envoyée à une autre adresse e-mail" in page
    assert not OrganizationMembership.objects.filter(user=pupil).exists()
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.PENDING


def test_the_invited_address_accepts_whatever_its_case(client, invited):
    invitee = make_user("nouvelle", email="NOUVELLE@college.EXAMPLE")
    client.force_login(invitee)
    accept(client, invited)
    assert OrganizationMembership.objects.get(user=invitee).role == Role.ADMIN


def test_an_invitation_expires_after_seven_days(client, invited, settings):
    assert settings.INVITATION_DAYS == 7
    assert invited.expires_at - invited.created_at == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=5)
    )
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    invitee = make_user("nouvelle", email="nouvelle@college.example")
    client.force_login(invitee)
    page = accept(client, invited).content.decode()
    assert "Cette invitation a expiré" in page
    assert not OrganizationMembership.objects.filter(user=invitee).exists()


def test_an_admin_revokes_an_invitation(client, teacher, school, invited):
    client.post(reverse("orga:invitation_revoke", args=[school.pk, invited.pk]))
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.REVOKED
    invitee = make_user("nouvelle", email="nouvelle@college.example")
    client.force_login(invitee)
    assert "révoquée" in accept(client, invited).content.decode()
    assert not OrganizationMembership.objects.filter(user=invitee).exists()


def test_an_admin_re_sends_an_expired_invitation_with_a_new_link(
    client, teacher, school, invited, django_capture_on_commit_callbacks
):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(days=1))
    page = client.get(reverse("orga:members", args=[school.pk])).content.decode()
    assert "Expirée" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orga:invitation_resend", args=[school.pk, invited.pk]))
    fresh = Invitation.objects.get(status=InvitationStatus.PENDING)
    assert fresh.token != invited.token and fresh.is_pending
    assert len(mail.outbox) == 2 and fresh.token in mail.outbox[1].body
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.REVOKED  # the old link no longer works
    page = client.get(reverse("orga:members", args=[school.pk])).content.decode()
    assert "En attente" in page and "Révoquée" in page


def test_a_member_cannot_revoke_and_another_school_cannot_see(
    client, school, invited, other_teacher
):
    member = make_user("membre@college.example", email="membre@college.example")
    OrganizationMembership.objects.create(user=member, organization=school, role=Role.MEMBER)
    client.force_login(member)
    url = reverse("orga:invitation_revoke", args=[school.pk, invited.pk])
    assert client.post(url).status_code == 403
    client.force_login(other_teacher)
    assert client.post(url).status_code == 404
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.PENDING


def test_an_accepted_invitation_cannot_be_revoked_or_re_sent(client, school, invited, teacher):
    invitee = make_user("nouvelle", email="nouvelle@college.example")
    client.force_login(invitee)
    accept(client, invited)
    client.force_login(teacher)
    for name in ("orga:invitation_revoke", "orga:invitation_resend"):
        page = client.post(reverse(name, args=[school.pk, invited.pk]), follow=True)
        assert "en attente" in page.content.decode()
    assert Invitation.objects.count() == 1
