"""Who may see and change what in the organization space. Views fetch objects only through
these helpers: 404 for anyone outside the organization (we hide that it exists), 403 for a
member who lacks the admin role (they know it exists)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from certinum.accounts.models import OrganizationMembership, Role, User
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.orga.models import Campaign, Export, Invitation, Organization, Pupil, PupilImport


def organizations_for(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user).distinct()


def get_organization_membership(
    request: AuthenticatedRequest, organization_id: int, *, role: str | None = None
) -> OrganizationMembership:
    """The user's membership of the organization (with it), checked for `role`."""
    membership = (
        OrganizationMembership.objects.select_related("organization")
        .filter(user=request.user, organization_id=organization_id)
        .first()
    )
    if membership is None:
        raise Http404
    if role == Role.ADMIN and membership.role != Role.ADMIN:
        raise PermissionDenied  # a member knows the organization exists: say "forbidden"
    return membership


def get_organization_for_user(
    request: AuthenticatedRequest, organization_id: int, *, role: str | None = None
) -> Organization:
    return get_organization_membership(request, organization_id, role=role).organization


def get_member_for_user(
    request: AuthenticatedRequest, organization_id: int, member_id: int
) -> OrganizationMembership:
    """Another member of an organization the user administers."""
    get_organization_membership(request, organization_id, role=Role.ADMIN)
    return get_object_or_404(
        OrganizationMembership.objects.select_related("user", "organization"),
        pk=member_id,
        organization_id=organization_id,
    )


def get_pupil_import_for_user(
    request: AuthenticatedRequest, organization_id: int, import_id: int
) -> PupilImport:
    """Pupil lists are imported by the organization's admins only."""
    organization = get_organization_for_user(request, organization_id, role=Role.ADMIN)
    return get_object_or_404(
        PupilImport.objects.select_related("organization"), pk=import_id, organization=organization
    )


def get_campaign_for_user(
    request: AuthenticatedRequest, campaign_id: int, *, role: str | None = None
) -> Campaign:
    """A campaign of one of the user's organizations (404 for everyone else)."""
    campaign = Campaign.objects.select_related("organization").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    get_organization_membership(request, campaign.organization_id, role=role)
    return campaign


def get_campaign_by_code(code: str) -> Campaign:
    """Pupil side: the code itself is the access right (given by the teacher)."""
    return get_object_or_404(Campaign.objects.select_related("organization"), code=code.upper())


def get_invitation_by_token(token: str) -> Invitation:
    """Public: the e-mailed link's token is the secret."""
    return get_object_or_404(
        Invitation.objects.select_related("organization", "center"), token=token
    )


def get_export_for_user(request: AuthenticatedRequest, export_id: int) -> Export:
    """An export of one of the user's organizations; 404 otherwise (existence hidden)."""
    export = Export.objects.select_related("campaign", "organization").filter(pk=export_id).first()
    if export is None:
        raise Http404
    get_organization_membership(request, export.organization_id)
    return export


def get_pupil_for_user(request: AuthenticatedRequest, organization_id: int, pupil_id: int) -> Pupil:
    """A pupil of the list of an organization the user belongs to."""
    organization = get_organization_for_user(request, organization_id)
    return get_object_or_404(
        Pupil.objects.select_related("user"), pk=pupil_id, organization=organization
    )


def get_invitation_for_user(
    request: AuthenticatedRequest, organization_id: int, invitation_id: int
) -> Invitation:
    """An invitation of an organization the user administers."""
    organization = get_organization_for_user(request, organization_id, role=Role.ADMIN)
    return get_object_or_404(Invitation, pk=invitation_id, organization=organization)
