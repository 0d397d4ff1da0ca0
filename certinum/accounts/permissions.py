"""Access helpers: views fetch objects through these, which raise 404 for anything the
user may not see (we hide existence rather than answer 403)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from certinum.accounts.models import CenterMembership, OrganizationMembership, Role, User
from certinum.centers.models import CertificationCenter
from certinum.orga.models import Campaign, Organization


class AuthenticatedRequest(HttpRequest):
    """The request of a `login_required` view: its user is a real account."""

    user: User


def organizations_for(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user).distinct()


def centers_for(user: User) -> QuerySet[CertificationCenter]:
    return CertificationCenter.objects.filter(memberships__user=user).distinct()


def get_organization_membership(
    request: AuthenticatedRequest, organization_id: int
) -> OrganizationMembership:
    membership = (
        OrganizationMembership.objects.select_related("organization")
        .filter(user=request.user, organization_id=organization_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def get_organization_for_user(
    request: AuthenticatedRequest, organization_id: int, *, role: str | None = None
) -> Organization:
    membership = get_organization_membership(request, organization_id)
    if role == Role.ADMIN and membership.role != Role.ADMIN:
        raise PermissionDenied  # a member knows the organization exists: say "forbidden"
    return membership.organization


def get_campaign_for_user(request: AuthenticatedRequest, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_related("organization").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    get_organization_membership(request, campaign.organization_id)
    return campaign


def get_center_membership(request: AuthenticatedRequest, center_id: int) -> CenterMembership:
    membership = (
        CenterMembership.objects.select_related("center")
        .filter(user=request.user, center_id=center_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def get_center_for_user(
    request: AuthenticatedRequest, center_id: int, *, role: str | None = None
) -> CertificationCenter:
    membership = get_center_membership(request, center_id)
    if role == Role.ADMIN and membership.role != Role.ADMIN:
        raise PermissionDenied
    return membership.center
