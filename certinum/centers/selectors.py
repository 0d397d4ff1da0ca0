"""Reads of the certification-center space: the dashboard, the session list, and the
certifiability of the school's pupils (from the profiles they shared)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from certinum.centers.models import Candidate, CertificationCenter, Session, SessionStatus
from certinum.orga.models import Participation, ParticipationStatus, Pupil
from certinum.orga.selectors import _competences, result_row


@dataclass(frozen=True)
class Certifiability:
    """What the school knows of a pupil's profile: from the latest profile she shared."""

    shared_at: datetime.datetime | None
    certifiable_count: int = 0
    is_certifiable: bool = False

    @property
    def is_known(self) -> bool:
        return self.shared_at is not None


UNKNOWN = Certifiability(shared_at=None)


def certifiability_of(pupils: Iterable[Pupil]) -> dict[int, Certifiability]:
    """Pupil id → certifiability, from the latest shared profile of each pupil in any
    campaign of her school (matched by the pupil record, or by her linked account)."""
    pupils = list(pupils)
    if not pupils:
        return {}
    by_user = {p.user_id: p.pk for p in pupils if p.user_id}
    participations = (
        Participation.objects.filter(
            Q(pupil__in=pupils) | Q(user_id__in=by_user),
            campaign__organization_id__in={p.organization_id for p in pupils},
            status=ParticipationStatus.SHARED,
        )
        .select_related("pupil", "user")
        .order_by("shared_at")
    )
    competences = _competences()
    result: dict[int, Certifiability] = {}
    for participation in participations:  # oldest first: the latest one wins
        pupil_id = participation.pupil_id or by_user.get(participation.user_id)
        if pupil_id is None:
            continue
        row = result_row(participation, competences)
        result[pupil_id] = Certifiability(
            shared_at=participation.shared_at,
            certifiable_count=row.certifiable_count,
            is_certifiable=row.is_certifiable,
        )
    return result


def sessions_of(
    center: CertificationCenter,
    *,
    status: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Session]:
    sessions = Session.objects.filter(center=center).annotate(
        candidate_count=Count("candidates", distinct=True),
        started_count=Count("candidates", filter=Q(candidates__started_at__isnull=False)),
    )
    if status == "started":
        sessions = sessions.filter(status=SessionStatus.CREATED, started_count__gt=0)
    elif status:
        sessions = sessions.filter(status=status)
    if date_from:
        sessions = sessions.filter(date__gte=date_from)
    if date_to:
        sessions = sessions.filter(date__lte=date_to)
    return sessions.order_by("date", "time", "pk")


def status_key(session: Session, started_count: int) -> str:
    """The status shown: « started » (en cours) once a candidate of a created session has
    started, else the stored status."""
    if session.status == SessionStatus.CREATED and started_count:
        return "started"
    return str(session.status)


def status_label(session: Session, started_count: int) -> str:
    if status_key(session, started_count) == "started":
        return _("en cours")
    return str(session.get_status_display())


@dataclass
class Preparation:
    """What is still to prepare for one session (the center's checklist)."""

    session: Session
    candidates: int
    incomplete: int
    certifiable: int
    not_certifiable: int
    unknown: int
    room_checks: int
    room_checks_passed: int
    todo: list[str] = field(default_factory=list)

    @property
    def documents_downloaded(self) -> bool:
        return self.session.documents_downloaded_at is not None


def preparation_of(session: Session) -> Preparation:
    candidates = list(session.candidates.select_related("pupil"))
    pupils = [c.pupil for c in candidates if c.pupil is not None]
    known = certifiability_of(pupils)
    states = [known.get(c.pupil_id, UNKNOWN) if c.pupil_id else UNKNOWN for c in candidates]
    checks = list(session.room_checks.values_list("passed", flat=True))
    preparation = Preparation(
        session=session,
        candidates=len(candidates),
        incomplete=sum(c.is_incomplete for c in candidates),
        certifiable=sum(s.is_certifiable for s in states),
        not_certifiable=sum(s.is_known and not s.is_certifiable for s in states),
        unknown=sum(not s.is_known for s in states),
        room_checks=len(checks),
        room_checks_passed=sum(checks),
    )
    preparation.todo = _todo(preparation)
    return preparation


def _todo(p: Preparation) -> list[str]:
    todo = []
    if not p.candidates:
        todo.append(_("inscrire les candidats"))
    if p.incomplete:
        todo.append(_("compléter le sexe et le lieu de naissance de candidats"))
    if not p.room_checks_passed:
        todo.append(_("tester les postes de la salle"))
    if not p.documents_downloaded:
        todo.append(_("imprimer les documents de la session"))
    return todo


def upcoming_preparations(center: CertificationCenter, *, limit: int = 3) -> list[Preparation]:
    upcoming = Session.objects.filter(
        center=center, status=SessionStatus.CREATED, date__gte=timezone.localdate()
    ).order_by("date", "time")[:limit]
    return [preparation_of(session) for session in upcoming]


def candidates_of(session: Session) -> list[tuple[Candidate, Certifiability]]:
    candidates = list(session.candidates.select_related("pupil"))
    known = certifiability_of(c.pupil for c in candidates if c.pupil is not None)
    return [(c, known.get(c.pupil_id, UNKNOWN) if c.pupil_id else UNKNOWN) for c in candidates]
