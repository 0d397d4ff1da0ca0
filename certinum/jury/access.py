"""Who may see the finalization of a session: the members of its center (404 for anyone
else, as in certinum/centers/access.py); its uploaded documents also to platform staff, who
will judge the session."""

from django.shortcuts import get_object_or_404

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.centers.access import get_session_for_user
from certinum.jury.models import SessionDocument


def get_session_document_for_user(
    request: AuthenticatedRequest, center_id: int, session_id: int, document_id: int
) -> SessionDocument:
    documents = SessionDocument.objects.select_related("session")
    if request.user.is_staff:
        return get_object_or_404(
            documents, pk=document_id, session_id=session_id, session__center_id=center_id
        )
    session = get_session_for_user(request, center_id, session_id)
    return get_object_or_404(documents, pk=document_id, session=session)
