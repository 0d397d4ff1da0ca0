"""Center members and invitations follow the organizations' rules: bound to the invited
address, expiring, revocable, re-sendable; the last admin stays."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certinum.accounts.models import CenterMembership, Role
from certinum.orga.models import Invitation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_an_admin_invites_a_member_who_accepts_with_the_invited_account(
    client, center_admin, center, django_capture_on_commit_callbacks
):
    client.force_login(center_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("centers:members", args=[center.pk]),
            {"email": "Surveillant@College.example", "role": Role.MEMBER},
        )
    invitation = Invitation.objects.get(center=center)
    assert invitation.email == "surveillant@college.example" and invitation.organization is None
    (message,) = mail.outbox
    assert "centre de certification « Centre Jean-Moulin »" in message.body
    assert invitation.token in message.body
    link = reverse("orga:invitation", args=[invitation.token])

    intruder = make_user("intrus", email="intrus@example.org")
    client.force_login(intruder)
    page = client.post(link, follow=True).content.decode()
    assert "envoyée à une autre adresse e-mail" in page
    assert not CenterMembership.objects.filter(user=intruder).exists()

    invited = make_user("surveillant", email="surveillant@college.example")
    client.force_login(invited)
    response = client.post(link)
    assert response.url == reverse("centers:detail", args=[center.pk])
    assert CenterMembership.objects.get(user=invited).role == Role.MEMBER


def test_an_expired_or_revoked_invitation_is_of_no_use(client, center_admin, center):
    invitation = Invitation.objects.create(
        center=center,
        email="x@example.org",
        token="expired",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    invited = make_user("x", email="x@example.org")
    client.force_login(invited)
    page = client.post(reverse("orga:invitation", args=["expired"]), follow=True)
    assert "Demandez à un administrateur du centre" in page.content.decode()
    client.force_login(center_admin)
    client.post(reverse("centers:invitation_resend", args=[center.pk, invitation.pk]))
    fresh = Invitation.objects.exclude(pk=invitation.pk).get(center=center)
    client.post(reverse("centers:invitation_revoke", args=[center.pk, fresh.pk]))
    fresh.refresh_from_db()
    assert fresh.status == "revoked"
    assert not CenterMembership.objects.filter(user=invited).exists()


def test_the_last_admin_of_a_center_stays(client, center_admin, center):
    client.force_login(center_admin)
    me = CenterMembership.objects.get(user=center_admin)
    page = client.post(
        reverse("centers:member_remove", args=[center.pk, me.pk]), follow=True
    ).content.decode()
    assert "Le centre doit garder au moins un administrateur." in page
    client.post(reverse("centers:member_role", args=[center.pk, me.pk]), {"role": "MEMBER"})
    me.refresh_from_db()
    assert me.role == Role.ADMIN


def test_a_member_cannot_invite(client, center):
    member = make_user("membre", email="membre@example.org")
    CenterMembership.objects.create(user=member, center=center, role=Role.MEMBER)
    client.force_login(member)
    response = client.post(
        reverse("centers:members", args=[center.pk]), {"email": "y@example.org", "role": "ADMIN"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
