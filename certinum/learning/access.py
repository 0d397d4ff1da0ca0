"""A pupil only ever sees their own evaluations: anything else is a 404."""

from django.shortcuts import get_object_or_404

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.learning.models import Assessment


def get_assessment_for_user(request: AuthenticatedRequest, assessment_id: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("competence", "current_challenge__skill"),
        pk=assessment_id,
        user=request.user,
    )
