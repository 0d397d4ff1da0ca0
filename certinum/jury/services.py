"""Finalization of a session by its center (spec 07 §1): a draft kept between visits,
prefilled once from the day's records, then finalized in one transaction. Every refusal is a
`FinalizationRefused` with a French message; nothing is changed."""

import uuid
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from certinum.accounts.models import User
from certinum.centers.models import SESSION_MACHINE, Candidate, Session, SessionStatus
from certinum.evaluation.models import (
    COURSE_MACHINE,
    AbortReason,
    CertificationCourse,
    CourseState,
    EndReason,
)
from certinum.invigilation.alerts import in_challenge_report_record
from certinum.invigilation.models import AlertStatus
from certinum.jury import auto_jury, documents, scoring
from certinum.jury.issues import IssueCategory, IssueSubcategory, issue_problems
from certinum.jury.models import IssueReport, IssueSource, SessionDocument
from certinum.results.models import Emitter
from certinum.workflow.services import transition_apply


class FinalizationRefused(Exception):
    """Refused; the message is French and can be shown as is."""


# An end by the invigilator becomes the reason the jury reads (spec 07 §3): a fraud ended
# the test because of the candidate, and is reported as C6 for the jury.
ABORT_REASON_OF_END = {
    EndReason.ABANDON: AbortReason.CANDIDATE,
    EndReason.TECHNICAL: AbortReason.TECHNICAL,
    EndReason.FRAUD: AbortReason.CANDIDATE,
}


def courses_to_finalize(session: Session) -> QuerySet[CertificationCourse]:
    """One block per candidate who started, in the order of the candidate list."""
    return (
        CertificationCourse.objects.filter(session=session)
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )


def finalization_prefill(*, session: Session) -> None:
    """Turn the day's records into the draft, once per course: accepted live alerts (IN_
    CHALLENGE reports, already resolved), an error in the candidate's details (C1), a test
    ended by the invigilator (its abort reason; C6 for a fraud). The center's later changes
    are never overwritten: each course is claimed by a conditional UPDATE."""
    if not session.is_open:
        return
    for course in courses_to_finalize(session).filter(finalization_prefilled=False):
        with transaction.atomic():
            claimed = CertificationCourse.objects.filter(
                pk=course.pk, finalization_prefilled=False
            ).update(finalization_prefilled=True)
            if claimed:
                _prefill(course)


def _prefill(course: CertificationCourse) -> None:
    accepted = course.alerts.filter(status=AlertStatus.ACCEPTED, issue_report__isnull=True)
    for alert in accepted:
        before = course.answers.filter(created_at__lt=alert.created_at).count()
        in_challenge_report_record(alert=alert, question_number=before + 1)
    if course.candidate.details_error:
        IssueReport.objects.create(
            course=course,
            category=IssueCategory.CANDIDATE_INFORMATION,
            subcategory=IssueSubcategory.NAME_OR_BIRTHDATE,
            description=course.candidate.details_error,
        )
    if course.state == CourseState.ENDED_BY_INVIGILATOR and course.end_reason:
        course.abort_reason = ABORT_REASON_OF_END[EndReason(course.end_reason)]
        course.save(update_fields=["abort_reason"])
    if course.end_reason == EndReason.FRAUD:
        IssueReport.objects.create(
            course=course,
            category=IssueCategory.FRAUD,
            description=_("Test terminé par le surveillant pour suspicion de fraude."),
        )


@dataclass(frozen=True)
class CourseValues:
    course_id: int
    has_seen_end_test_screen: bool
    abort_reason: str
    examiner_comment: str


@dataclass(frozen=True)
class NewReport:
    course_id: int
    category: str
    subcategory: str
    description: str
    question_number: int | None


@dataclass(frozen=True)
class NewDocument:
    kind: str
    file: UploadedFile[bytes]
    content_type: str


@dataclass
class Draft:
    """What the finalization page sends: every value on the page and the changes asked."""

    examiner_global_comment: str = ""
    has_incident: bool = False
    has_joining_issue: bool = False
    courses: list[CourseValues] = field(default_factory=list)
    new_reports: list[NewReport] = field(default_factory=list)
    removed_report_ids: list[int] = field(default_factory=list)
    new_documents: list[NewDocument] = field(default_factory=list)
    removed_document_ids: list[int] = field(default_factory=list)


def _lock_open(session: Session) -> Session:
    # Why the lock: a save and a finalization of the same session must not interleave.
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status != SessionStatus.CREATED:
        raise FinalizationRefused(
            _("Cette session est déjà finalisée : elle ne peut plus être modifiée.")
        )
    return locked


@transaction.atomic
def finalization_draft_save(*, session: Session, draft: Draft, by: User) -> Session:
    """Keep what was typed (nothing is final until `session_finalize`)."""
    session = _lock_open(session)
    session.examiner_global_comment = draft.examiner_global_comment
    session.has_incident, session.has_joining_issue = draft.has_incident, draft.has_joining_issue
    session.save(update_fields=["examiner_global_comment", "has_incident", "has_joining_issue"])
    courses = {c.pk: c for c in CertificationCourse.objects.filter(session=session)}
    for values in draft.courses:
        CertificationCourse.objects.filter(pk=courses[values.course_id].pk).update(
            has_seen_end_test_screen=values.has_seen_end_test_screen,
            abort_reason=values.abort_reason,
            examiner_comment=values.examiner_comment,
        )
    for new in draft.new_reports:
        _report_add(courses[new.course_id], new, by)
    # Reports validated by the invigilator on the day stay: the question was replaced.
    IssueReport.objects.filter(
        course__session=session, pk__in=draft.removed_report_ids, source=IssueSource.CENTER
    ).delete()
    for document in SessionDocument.objects.filter(
        session=session, pk__in=draft.removed_document_ids
    ):
        document.file.delete(save=False)
        document.delete()
    for new_document in draft.new_documents:
        _document_add(session, new_document, by)
    return session


def _report_add(course: CertificationCourse, new: NewReport, by: User) -> IssueReport:
    problems = issue_problems(
        category=new.category,
        subcategory=new.subcategory,
        description=new.description,
        question_number=new.question_number,
    )
    if problems:  # the form checks first; this keeps the rule for any other caller
        raise FinalizationRefused(" ".join(problems.values()))
    return IssueReport.objects.create(
        course=course,
        category=new.category,
        subcategory=new.subcategory,
        description=new.description.strip(),
        question_number=new.question_number,
        created_by=by,
    )


def _document_add(session: Session, new: NewDocument, by: User) -> SessionDocument:
    extension = documents.EXTENSIONS[new.content_type][0]
    document = SessionDocument(
        session=session,
        kind=new.kind,
        original_name=get_valid_filename(new.file.name or "document")[:200],
        content_type=new.content_type,
        uploaded_by=by,
    )
    # Our own name: nothing of the uploaded name reaches the file system.
    document.file.save(f"{new.kind}-{uuid.uuid4().hex}.{extension}", new.file, save=False)
    document.save()
    return document


def finalization_problems(session: Session) -> list[str]:
    """What still prevents finalizing: an unfinished test needs its abort reason."""
    missing = CertificationCourse.objects.filter(session=session, abort_reason="").exclude(
        state=CourseState.COMPLETED
    )
    return [
        _("%(name)s n'a pas terminé son test : indiquez le motif.") % {"name": course.candidate}
        for course in missing.select_related("candidate")
    ]


@transaction.atomic
def session_finalize(*, session: Session, by: User) -> Session:
    """Irreversible: every test still running ends (`end_by_finalization`), the session is
    finalized, nobody can start or resume any more, and the automatic jury is queued. A
    second finalization (double click, replayed form) is refused and changes nothing."""
    try:
        session = _lock_open(session)
    except FinalizationRefused:
        raise FinalizationRefused(_("Cette session est déjà finalisée.")) from None
    problems = finalization_problems(session)
    if problems:
        raise FinalizationRefused(" ".join(problems))
    now = timezone.now()
    running = CertificationCourse.objects.select_for_update().filter(
        session=session, state=CourseState.STARTED
    )
    for course in running:
        course.completed_at = now
        transition_apply(
            obj=course,
            machine=COURSE_MACHINE,
            name="end_by_finalization",
            by_id=by.pk,
            update_fields=["completed_at"],
        )
    Candidate.objects.filter(session=session).update(authorized_to_start=False)
    session.finalized_at = now
    transition_apply(
        obj=session,
        machine=SESSION_MACHINE,
        name="finalize",
        by_id=by.pk,
        update_fields=["finalized_at"],
    )
    transaction.on_commit(lambda: _auto_jury_enqueue(session.pk))
    return session


def _auto_jury_enqueue(session_id: int) -> None:
    from certinum.jury import tasks  # the task module imports this one

    tasks.auto_jury.enqueue(session_id=session_id)


def auto_jury_run(*, session_id: int) -> bool:
    """The automatic jury after finalization (spec 07 §3): each course's unfinished test and
    in-challenge reports treated (`auto_jury.course_treat`), then scored by the engine, its
    result recorded with the auto-jury as emitter when something changed, the algorithm
    otherwise. One transaction; idempotent: the run is claimed by a conditional UPDATE, so a
    task delivered twice does the work once. Returns whether this call did it."""
    with transaction.atomic():
        claimed = Session.objects.filter(
            pk=session_id, status=SessionStatus.FINALIZED, auto_jury_done_at__isnull=True
        ).update(auto_jury_done_at=timezone.now())
        if not claimed:
            return False
        for course in CertificationCourse.objects.filter(session_id=session_id).order_by("pk"):
            changed = auto_jury.course_treat(course)
            scoring.course_rescore(
                course, emitter=Emitter.AUTO_JURY if changed else Emitter.ALGORITHM
            )
    return True
