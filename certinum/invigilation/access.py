"""The invigilator sees a session only after giving its number and password (an
`InvigilatorAccess`); anyone else gets 404, whatever their role elsewhere."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.centers.models import Candidate, Session
from certinum.invigilation.models import InvigilatorAccess


def get_supervised_session(request: AuthenticatedRequest, session_id: int) -> Session:
    if not InvigilatorAccess.objects.filter(session_id=session_id, user=request.user).exists():
        raise Http404
    return get_object_or_404(Session.objects.select_related("center"), pk=session_id)


def get_supervised_candidate(
    request: AuthenticatedRequest, session_id: int, candidate_id: int
) -> Candidate:
    session = get_supervised_session(request, session_id)
    return get_object_or_404(Candidate, pk=candidate_id, session=session)


def get_own_candidate(request: AuthenticatedRequest, candidate_id: int) -> Candidate:
    """The pupil's own line of a session list; anyone else gets 404."""
    return get_object_or_404(
        Candidate.objects.select_related("session", "session__center"),
        pk=candidate_id,
        user=request.user,
    )
