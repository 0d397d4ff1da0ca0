"""Reads of results: the current result of a course (the latest one), and the certificate of
a published, validated certification as plain data, shared by the pages, the attestation
PDF and the batch."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from certinum.centers.models import Session, SessionStatus
from certinum.engine.positioning import PIX_PER_LEVEL
from certinum.evaluation.models import CertificationCourse
from certinum.referential.models import Area
from certinum.results.models import CertificationResult, CompetenceMark, ResultStatus

COMPETENCE_COUNT = 16  # spec 07 §5.1: max reachable score = level × 8 × 16


def current_result(course: CertificationCourse) -> CertificationResult | None:
    """The latest result of the course (results are append-only: the last added wins)."""
    return (
        CertificationResult.objects.filter(course=course)
        .prefetch_related("marks")
        .order_by("-pk")
        .first()
    )


def current_results(courses: Iterable[CertificationCourse]) -> dict[int, CertificationResult]:
    """The latest result of each course that has one, by course id, in two queries whatever
    the number of courses (results, then the marks of the current ones)."""
    ids = [course.pk for course in courses]
    latest_ids: dict[int, int] = {}
    rows = CertificationResult.objects.filter(course_id__in=ids).values_list("course_id", "pk")
    for course_id, pk in rows:
        latest_ids[course_id] = max(pk, latest_ids.get(course_id, 0))
    chosen = CertificationResult.objects.filter(pk__in=latest_ids.values()).prefetch_related(
        Prefetch("marks", queryset=CompetenceMark.objects.order_by("competence_code"))
    )
    return {result.course_id: result for result in chosen}


def is_published(course: CertificationCourse, result: CertificationResult | None) -> bool:
    """A certificate exists once the session's results are published and the current result
    is validated (spec 07 §5.1); before that, nothing is shown, not even that it exists."""
    return (
        result is not None
        and course.session.status == SessionStatus.PROCESSED
        and result.status == ResultStatus.VALIDATED
    )


@dataclass(frozen=True)
class CompetenceLine:
    code: str
    name: str
    level: int  # 0 when not certified (no mark, or a level of -1 or 0)

    @property
    def certified(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class AreaBlock:
    code: str
    title: str
    competences: tuple[CompetenceLine, ...]


@dataclass(frozen=True)
class Certificate:
    """Everything an attestation shows, as plain data (no database access past this)."""

    course_id: int
    first_name: str
    last_name: str
    birthdate: datetime.date
    date: datetime.date
    center: str
    pix_score: int
    max_level: int
    verification_code: str
    areas: tuple[AreaBlock, ...]

    @property
    def max_pix(self) -> int:
        return self.max_level * PIX_PER_LEVEL * COMPETENCE_COUNT

    @property
    def competences(self) -> list[CompetenceLine]:
        return [line for area in self.areas for line in area.competences]


Framework = Sequence[tuple[str, str, Sequence[tuple[str, str]]]]


def framework() -> Framework:
    """Areas and their competences (codes and names), in two queries; load it once for a
    batch."""
    areas = Area.objects.prefetch_related("competences").order_by("code")
    return [
        (area.code, area.title, [(c.code, c.name) for c in area.competences.all()])
        for area in areas
    ]


def certificate_of(
    course: CertificationCourse, result: CertificationResult, tree: Framework
) -> Certificate:
    """The certificate of a course whose session and candidate are loaded, with its current
    result (marks prefetched)."""
    levels = {mark.competence_code: max(0, mark.level) for mark in result.marks.all()}
    candidate = course.candidate
    return Certificate(
        course_id=course.pk,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        birthdate=candidate.birthdate,
        date=course.session.date,
        center=course.session.center.name,
        pix_score=result.pix_score,
        max_level=course.max_reachable_level,
        verification_code=course.verification_code,
        areas=tuple(
            AreaBlock(
                code,
                title,
                tuple(CompetenceLine(c, name, levels.get(c, 0)) for c, name in competences),
            )
            for code, title, competences in tree
        ),
    )


def _courses() -> QuerySet[CertificationCourse]:
    return CertificationCourse.objects.select_related("candidate", "session", "session__center")


def published_certificate(course: CertificationCourse) -> Certificate | None:
    result = current_result(course)
    if result is None or not is_published(course, result):
        return None
    return certificate_of(course, result, framework())


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code, or None when there is none that may be
    shown (unknown, unpublished, rejected, cancelled: the caller cannot tell them apart)."""
    course = _courses().filter(verification_code=code).first()
    if course is None:
        return None
    return published_certificate(course)


def session_certificates(session: Session) -> list[Certificate]:
    """The certificates of a session (published, validated only), by name, in a handful of
    queries whatever the number of candidates."""
    courses = list(
        _courses()
        .filter(session=session)
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )
    results = current_results(courses)
    tree = framework()
    return [
        certificate_of(course, results[course.pk], tree)
        for course in courses
        if is_published(course, results.get(course.pk))
    ]


# --- Results table of a session (spec 07 §5.3) -----------------------------------------------

STARTED_LABEL = gettext_lazy("Démarrée")  # no result yet


def _competence_cell(result: CertificationResult | None, levels: dict[str, int], code: str) -> str:
    """« - » when not tested, « 0 » when not certified or rejected, else the level."""
    if result is None or code not in levels:
        return "-"
    if result.status == ResultStatus.REJECTED or levels[code] <= 0:
        return "0"
    return str(levels[code])


def session_results_table(session: Session) -> tuple[list[str], list[list[object]]]:
    """The session's results for the center, one row per candidate who took the test, with
    each course's current result; for a CSV with `orga.spreadsheets.csv_write`. The caller
    offers it once the session's results are published."""
    codes = [code for _a, _t, competences in framework() for code, _n in competences]
    header = [
        *(str(title) for title in RESULTS_HEADER_START),
        *codes,
        *(str(title) for title in RESULTS_HEADER_END),
    ]
    courses = list(
        _courses()
        .filter(session=session)
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )
    results = current_results(courses)
    rows = []
    for course in courses:
        result = results.get(course.pk)
        levels = {m.competence_code: m.level for m in result.marks.all()} if result else {}
        rows.append(
            _results_row(course, result, [_competence_cell(result, levels, c) for c in codes])
        )
    return header, rows


def _results_row(
    course: CertificationCourse, result: CertificationResult | None, cells: list[str]
) -> list[object]:
    candidate = course.candidate
    rejected = result is not None and result.status == ResultStatus.REJECTED
    return [
        course.pk,
        candidate.first_name,
        candidate.last_name,
        candidate.birthdate.strftime("%d/%m/%Y"),
        candidate.birth_city or candidate.birth_country,
        candidate.external_id,
        capfirst(str(result.get_status_display())) if result else str(STARTED_LABEL),
        "" if result is None else (0 if rejected else result.pix_score),
        *cells,
        result.comment_for_organization if result else "",
        course.session.pk,
        course.session.center.name,
        course.session.date.strftime("%d/%m/%Y"),
    ]


RESULTS_HEADER_START = (
    gettext_lazy("Numéro de certification"),
    gettext_lazy("Prénom"),
    gettext_lazy("Nom"),
    gettext_lazy("Date de naissance"),
    gettext_lazy("Lieu de naissance"),
    gettext_lazy("Identifiant Externe"),
    gettext_lazy("Statut"),
    gettext_lazy("Nombre de Pix"),
)
RESULTS_HEADER_END = (
    gettext_lazy("Commentaire jury pour l’organisation"),
    gettext_lazy("Session"),
    gettext_lazy("Centre de certification"),
    gettext_lazy("Date de passage de la certification"),
)
