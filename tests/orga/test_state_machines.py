"""Every state change of the organization space goes through its transitions table and
leaves a line in the log (who, from, to): participations, pupil imports, invitations and
campaigns. A refused change has a French message and changes nothing."""

import datetime

import pytest
from django.urls import reverse

from certinum.accounts.models import OrganizationMembership, Role
from certinum.orga import services
from certinum.orga.models import (
    CampaignStatus,
    Invitation,
    InvitationStatus,
    Participation,
    ParticipationStatus,
    Pupil,
    PupilImport,
)
from certinum.workflow.services import transitions_of
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def history(obj) -> list[tuple[str, str, str, object]]:
    return [(log.transition, log.from_state, log.to_state, log.by) for log in transitions_of(obj)]


@pytest.fixture
def campaign(campaign):
    """The school's campaign (tests/orga/conftest.py), accepting a single sending."""
    campaign.multiple_sendings = False
    campaign.save(update_fields=["multiple_sendings"])
    return campaign


@pytest.fixture
def participation(campaign, pupil, school, framework):
    Pupil.objects.create(
        organization=school,
        last_name="Roux",
        first_name="Lina",
        birthdate=datetime.date(2011, 5, 4),
    )
    return services.participation_start(
        campaign=campaign,
        user=pupil,
        first_name="Lina",
        last_name="Roux",
        birthdate=datetime.date(2011, 5, 4),
    )


def test_sharing_a_profile_is_logged_once_even_when_sent_twice(participation, pupil):
    services.participation_share(participation=participation)
    services.participation_share(participation=participation)  # a second click
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.SHARED
    assert history(participation) == [("share", "TO_SHARE", "SHARED", pupil)]


def test_an_archived_campaign_refuses_sharing_and_joining(campaign, participation, teacher, pupil):
    campaign = services.campaign_archive(campaign=campaign, by=teacher)
    with pytest.raises(services.OrgaError, match="n'accepte plus d'envoi"):
        services.participation_share(participation=participation)
    assert Participation.objects.get().status == ParticipationStatus.TO_SHARE
    other = make_user("tom")
    with pytest.raises(services.OrgaError, match="n'accepte plus de participation"):
        services.participation_start(
            campaign=campaign,
            user=other,
            first_name="Tom",
            last_name="Petit",
            birthdate=datetime.date(2011, 1, 1),
        )


def test_a_member_archives_a_campaign_then_brings_it_back(client, campaign, school, teacher):
    member = make_user("membre@college.example", email="membre@college.example")
    OrganizationMembership.objects.create(user=member, organization=school, role=Role.MEMBER)
    client.force_login(member)
    url = reverse("orga:campaign_archive", args=[campaign.pk])
    page = client.post(url, follow=True).content.decode()
    assert "Campagne archivée." in page and "Désarchiver la campagne" in page
    campaign.refresh_from_db()
    assert (campaign.status, campaign.archived_at is not None) == (CampaignStatus.ARCHIVED, True)
    # The organization's page lists it apart, so it can be found again.
    detail = client.get(reverse("orga:detail", args=[school.pk])).content.decode()
    assert "Campagnes archivées" in detail
    page = client.post(url, follow=True).content.decode()  # a second click: refused
    assert "Cette campagne est déjà archivée." in page
    client.post(url, {"unarchive": ""})
    campaign.refresh_from_db()
    assert (campaign.status, campaign.archived_at) == (CampaignStatus.ACTIVE, None)
    assert history(campaign) == [
        ("archive", "active", "archived", member),
        ("unarchive", "archived", "active", member),
    ]


def test_another_school_cannot_archive_a_campaign(client, campaign, other_teacher):
    client.force_login(other_teacher)
    assert client.post(reverse("orga:campaign_archive", args=[campaign.pk])).status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE


def test_an_applied_import_is_logged_and_can_be_neither_applied_nor_cancelled_again(
    teacher, school
):
    pupil_import = PupilImport.objects.create(organization=school, filename="eleves.csv")
    services.pupil_import_apply(pupil_import=pupil_import, remove_absent=False, by=teacher)
    with pytest.raises(services.OrgaError, match="déjà été appliqué ou abandonné"):
        services.pupil_import_apply(pupil_import=pupil_import, remove_absent=False, by=teacher)
    with pytest.raises(services.OrgaError, match="déjà été appliqué ou abandonné"):
        services.pupil_import_cancel(pupil_import=pupil_import, by=teacher)
    pupil_import.refresh_from_db()
    assert pupil_import.status == PupilImport.Status.APPLIED
    assert history(pupil_import) == [("apply", "pending", "applied", teacher)]


def test_cancelling_an_import_from_its_preview_is_logged(client, teacher, school):
    pupil_import = PupilImport.objects.create(
        organization=school,
        filename="eleves.csv",
        rows=[
            {
                "line": 2,
                "last_name": "Roux",
                "first_name": "Lina",
                "birthdate": "2011-05-04",
                "division": "3e A",
                "local_id": "",
            }
        ],
    )
    client.force_login(teacher)
    url = reverse("orga:pupils_import_preview", args=[school.pk, pupil_import.pk])
    client.post(url, {"cancel": ""})
    pupil_import.refresh_from_db()
    assert pupil_import.status == PupilImport.Status.CANCELLED
    assert not Pupil.objects.exists()
    assert history(pupil_import) == [("cancel", "pending", "cancelled", teacher)]


def test_accepting_an_invitation_is_logged_and_works_once(school, teacher):
    invitation = Invitation.objects.create(organization=school, email="x@example.org", token="t")
    colleague = make_user("x@example.org", email="x@example.org")
    services.invitation_accept(invitation=invitation, user=colleague)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.is_pending) == (InvitationStatus.ACCEPTED, False)
    assert history(invitation) == [("accept", "pending", "accepted", colleague)]
    someone_else = make_user("y@example.org", email="y@example.org")
    with pytest.raises(services.OrgaError, match="déjà été utilisée"):
        services.invitation_accept(invitation=invitation, user=someone_else)
    assert not OrganizationMembership.objects.filter(user=someone_else).exists()
