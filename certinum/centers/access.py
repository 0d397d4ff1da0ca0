"""Who may see what in the certification-center space: 404 for anyone outside the center
(we hide that it exists). Sessions will add `get_session_for_user` and a role-checking
`get_center_for_user` here, in the shape of certinum/orga/access.py."""

from django.db.models import QuerySet
from django.http import Http404

from certinum.accounts.models import CenterMembership, User
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.centers.models import CertificationCenter


def centers_for(user: User) -> QuerySet[CertificationCenter]:
    return CertificationCenter.objects.filter(memberships__user=user).distinct()


def get_center_membership(request: AuthenticatedRequest, center_id: int) -> CenterMembership:
    membership = (
        CenterMembership.objects.select_related("center")
        .filter(user=request.user, center_id=center_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership
