"""Who may see what in results: a pupil sees only her own certificates, and only once
they are published and validated (404 otherwise: existence is not revealed)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.evaluation.models import CertificationCourse
from certinum.results import selectors


def get_certificate_for_user(
    request: AuthenticatedRequest, course_id: int
) -> selectors.Certificate:
    course = get_object_or_404(
        CertificationCourse.objects.select_related("candidate", "session", "session__center"),
        pk=course_id,
        user=request.user,
    )
    certificate = selectors.published_certificate(course)
    if certificate is None:
        raise Http404
    return certificate
