"""What the invigilator's list shows of each candidate (spec 04 §2)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from certinum.centers.models import Candidate, Session
from certinum.evaluation.models import CertificationCourse, CourseState
from certinum.invigilation.models import AlertStatus, LiveAlert


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    status: str  # a key of STATUS_LABELS
    course: CertificationCourse | None
    answered: int
    total: int
    alert: LiveAlert | None

    @property
    def question_number(self) -> int:
        """The question being answered (the last one once all are answered)."""
        return min(self.answered + 1, self.total)

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def started_at(self) -> datetime.datetime | None:
        return self.course.started_at if self.course else None

    @property
    def ends_at(self) -> datetime.datetime | None:
        return self.course.ends_at if self.course else None


STATUS_LABELS = {
    "absent": _("pas encore arrivé"),
    "present": _("présent, en attente d'autorisation"),
    "authorized": _("autorisé à commencer"),
    "in_progress": _("en cours"),
    "authorized_to_resume": _("autorisé à reprendre"),
    "finished": _("terminé"),
    "ended": _("terminé par le surveillant"),
    "alert": _("signalement en cours"),
}


def _status(candidate: Candidate, course: CertificationCourse | None, alert: object) -> str:
    if alert is not None:
        return "alert"  # an alert dominates every other status
    if course is None:
        if candidate.user_id is None:
            return "absent"
        return "authorized" if candidate.authorized_to_start else "present"
    if course.state == CourseState.STARTED:
        return "authorized_to_resume" if candidate.authorized_to_start else "in_progress"
    if course.state == CourseState.COMPLETED:
        return "finished"
    return "ended"


def candidate_rows(session: Session) -> list[CandidateRow]:
    """Every candidate of the session with its live status, in a constant number of
    queries (the list is refreshed every few seconds by every invigilator)."""
    candidates = list(session.candidates.order_by("last_name", "first_name", "pk"))
    courses = {
        c.candidate_id: c
        for c in CertificationCourse.objects.filter(session=session).annotate(
            total=Count("challenges", filter=Q(challenges__is_neutralized=False), distinct=True),
            answered=Count("answers", distinct=True),
        )
    }
    alerts = {
        a.course.candidate_id: a
        for a in LiveAlert.objects.filter(
            course__session=session, status=AlertStatus.ONGOING
        ).select_related("course", "certification_challenge")
    }
    rows = []
    for candidate in candidates:
        course = courses.get(candidate.pk)
        alert = alerts.get(candidate.pk)
        rows.append(
            CandidateRow(
                candidate=candidate,
                status=_status(candidate, course, alert),
                course=course,
                answered=getattr(course, "answered", 0),
                total=getattr(course, "total", 0),
                alert=alert,
            )
        )
    return rows
