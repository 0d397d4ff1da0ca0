"""Who may see what in the certification-center space: 404 for anyone outside the center
(we hide that it exists), 403 for a member who lacks the admin role where it is needed. The
views fetch centers, sessions and candidates only through these helpers."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from certinum.accounts.models import CenterMembership, Role, User
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.centers.models import Candidate, CandidateImport, CertificationCenter, Session
from certinum.orga.models import Invitation


def centers_for(user: User) -> QuerySet[CertificationCenter]:
    return CertificationCenter.objects.filter(memberships__user=user).distinct()


def get_center_membership(
    request: AuthenticatedRequest, center_id: int, *, role: str | None = None
) -> CenterMembership:
    membership = (
        CenterMembership.objects.select_related("center", "center__organization")
        .filter(user=request.user, center_id=center_id)
        .first()
    )
    if membership is None:
        raise Http404
    if role == Role.ADMIN and membership.role != Role.ADMIN:
        raise PermissionDenied
    return membership


def get_center_for_user(
    request: AuthenticatedRequest, center_id: int, *, role: str | None = None
) -> CertificationCenter:
    return get_center_membership(request, center_id, role=role).center


def get_session_for_user(
    request: AuthenticatedRequest, center_id: int, session_id: int, *, for_update: bool = False
) -> Session:
    """A session of a center the user belongs to (every member prepares sessions)."""
    center = get_center_for_user(request, center_id)
    sessions = Session.objects.select_related("center", "center__organization")
    if for_update:
        sessions = sessions.select_for_update(of=("self",))
    return get_object_or_404(sessions, pk=session_id, center=center)


def get_candidate_for_user(
    request: AuthenticatedRequest, center_id: int, session_id: int, candidate_id: int
) -> Candidate:
    session = get_session_for_user(request, center_id, session_id)
    return get_object_or_404(
        Candidate.objects.select_related("session", "session__center"),
        pk=candidate_id,
        session=session,
    )


def get_candidate_import_for_user(
    request: AuthenticatedRequest, center_id: int, session_id: int, import_id: int
) -> CandidateImport:
    session = get_session_for_user(request, center_id, session_id)
    return get_object_or_404(
        CandidateImport.objects.select_related("session", "session__center"),
        pk=import_id,
        session=session,
    )


def get_center_member_for_user(
    request: AuthenticatedRequest, center_id: int, member_id: int
) -> CenterMembership:
    """Another member of a center the user administers."""
    get_center_membership(request, center_id, role=Role.ADMIN)
    return get_object_or_404(
        CenterMembership.objects.select_related("user", "center"), pk=member_id, center_id=center_id
    )


def get_center_invitation_for_user(
    request: AuthenticatedRequest, center_id: int, invitation_id: int
) -> Invitation:
    """An invitation of a center the user administers."""
    center = get_center_for_user(request, center_id, role=Role.ADMIN)
    return get_object_or_404(Invitation, pk=invitation_id, center=center)
