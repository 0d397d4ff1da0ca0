"""The certification test runner (spec 04 §4, 05 §1–§3): entering the test (the
authorization is consumed, the course is created once with its challenges, or resumed),
serving one question at a time, recording answers durably, owning time, ending.

The engine decides (`certinum.engine.certification_v2` picks the questions, the answer
checker judges); this module stores. Every state change goes through COURSE_MACHINE."""

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certinum.accounts.models import User
from certinum.centers.models import Candidate
from certinum.delivery.content import answer_key_of, challenge_row, current_stamp
from certinum.delivery.deadlines import Deadline, deadline_of
from certinum.delivery.forms import AnswerForm, seeded_answer_form
from certinum.engine import answers, certification_v2
from certinum.engine.positioning import KESource, KEStatus
from certinum.evaluation import queries
from certinum.evaluation.models import (
    COURSE_MACHINE,
    CertificationAnswer,
    CertificationChallenge,
    CertificationCourse,
    CourseState,
    EndReason,
    new_verification_code,
)
from certinum.learning.models import KnowledgeElement
from certinum.learning.selectors import profile_of
from certinum.referential.models import Challenge
from certinum.workflow.services import transition_apply

VERIFICATION_CODE_TRIES = 1000  # spec 07 §5.2


class EvaluationRefused(Exception):
    """Refused; the message is French and can be shown as is; nothing changed."""


# --- What the selection reads -------------------------------------------------------------


def certification_inputs(user_id: int) -> certification_v2.Inputs:
    """The profile at this moment (uncapped levels), the directly validated skills, the
    served challenges of those skills and the challenges the candidate already answered."""
    profile = profile_of(user_id)
    latest: dict[str, KnowledgeElement] = {}  # skill name → its latest knowledge element
    for row in (
        KnowledgeElement.objects.filter(user_id=user_id)
        .select_related("skill", "answer__challenge")
        .order_by("created_at", "pk")
    ):
        latest[row.skill.name] = row
    skill_rows = {
        name: row
        for name, row in latest.items()
        if row.status == KEStatus.VALIDATED and row.source == KESource.DIRECT
    }
    direct = set(skill_rows)
    answered = {row.answer.challenge.key for row in skill_rows.values() if row.answer is not None}
    competences = []
    for card in profile.cards:
        skills = tuple(
            certification_v2.ValidatedSkill(name, row.skill.level)
            for name, row in sorted(skill_rows.items())
            if row.competence_id == card.competence.pk
        )
        competences.append(
            certification_v2.CompetenceProfile(
                code=card.competence.code,
                level=card.uncapped.level,
                pix=card.uncapped.pix,
                validated_skills=skills,
            )
        )
    challenges = tuple(
        certification_v2.AvailableChallenge(key, skill, status)
        for key, skill, status in Challenge.objects.filter(
            skill__name__in=direct, locale="fr-fr"
        ).values_list("key", "skill__name", "status")
    )
    return certification_v2.Inputs(tuple(competences), challenges, frozenset(answered))


# --- Entering the test --------------------------------------------------------------------


def _test_minutes() -> int:
    return int(getattr(settings, "CERTIFICATION_MAX_MINUTES", 120))


def _unique_verification_code() -> str:
    for _attempt in range(VERIFICATION_CODE_TRIES):
        code = new_verification_code()
        if not CertificationCourse.objects.filter(verification_code=code).exists():
            return code
    raise EvaluationRefused(_("Impossible de créer un code de vérification : réessaie."))


@transaction.atomic
def course_enter(*, candidate_id: int, user: User) -> CertificationCourse:
    """After the right access code: consume the invigilator's authorization, then resume
    the candidate's course or create it (spec 04 §4). A candidate who is not certifiable
    gets a clear refusal and nothing is created (the authorization stays)."""
    candidate = (
        Candidate.objects.select_for_update()
        .select_related("session", "session__center")
        .filter(pk=candidate_id, user=user)
        .first()
    )
    if candidate is None or not candidate.session.is_open:
        raise EvaluationRefused(_("Cette session n'est pas ouverte."))
    if not candidate.authorized_to_start:
        raise EvaluationRefused(
            _("Le surveillant ne t'a pas encore autorisé à commencer : attends son accord.")
        )
    course = CertificationCourse.objects.filter(candidate=candidate).first()
    if course is not None and course.state != CourseState.STARTED:
        raise EvaluationRefused(_("Ton test de certification est terminé."))
    if course is None:
        course = _course_create(candidate, user)
    candidate.authorized_to_start = False  # consumed: coming back needs a new authorization
    candidate.save(update_fields=["authorized_to_start"])
    return course


def _course_create(candidate: Candidate, user: User) -> CertificationCourse:
    inputs = certification_inputs(user.pk)
    if not certification_v2.eligible(inputs.profile):
        raise EvaluationRefused(
            _(
                "Ton profil ne permet pas encore de passer la certification : il faut au moins "
                "5 compétences de niveau 1. Préviens le surveillant."
            )
        )
    config = certification_v2.Config()
    seed = secrets.token_hex(8)
    picks = certification_v2.select(inputs, config, seed)
    now = timezone.now()
    multiplier = 1 + (candidate.extra_time_percentage or 0) / 100
    course = CertificationCourse.objects.create(
        candidate=candidate,
        user=user,
        session=candidate.session,
        algorithm=certification_v2.NAME,
        algorithm_version=certification_v2.VERSION,
        algorithm_config=config.to_dict(),
        max_reachable_level=settings.MAX_REACHABLE_LEVEL,
        seed=seed,
        inputs=inputs.to_dict(),
        verification_code=_unique_verification_code(),
        extra_time_percentage=candidate.extra_time_percentage,
        started_at=now,
        ends_at=now + datetime.timedelta(minutes=_test_minutes() * multiplier),
    )
    by_key = dict(
        Challenge.objects.filter(key__in=[p.challenge for p in picks]).values_list("key", "pk")
    )
    CertificationChallenge.objects.bulk_create(
        CertificationChallenge(
            course=course,
            index=pick.order,
            challenge_id=by_key[pick.challenge],
            competence_code=pick.competence,
            skill_name=pick.skill,
        )
        for pick in picks
    )
    candidate.started_at = now
    candidate.save(update_fields=["started_at"])
    return course


def instructions_seen(*, course: CertificationCourse) -> None:
    CertificationCourse.objects.filter(pk=course.pk).update(has_seen_instructions=True)


# --- Serving ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Current:
    """Where the candidate is: the challenge to answer (None at the end), its number, the
    number of questions, the question's deadline and the time left on the test."""

    course: CertificationCourse
    item: CertificationChallenge | None
    number: int
    total: int
    deadline: Deadline | None
    awaits_warning: bool = False  # a timed question not shown yet: warn first

    def test_seconds_left(self, now: datetime.datetime) -> int:
        return max(0, int((self.course.ends_at - now).total_seconds()))


def _multiplier(course: CertificationCourse) -> float:
    return 1 + (course.extra_time_percentage or 0) / 100


def question_deadline(course: CertificationCourse, item: CertificationChallenge) -> Deadline | None:
    if item.challenge.timer is None or course.current_served_at is None:
        return None
    return deadline_of(
        served_at=course.current_served_at,
        seconds=item.challenge.timer,
        multiplier=_multiplier(course),
    )


def _stamp(course: CertificationCourse) -> str | None:
    """The content version the course's row was read with (`content_stamp()` annotated by
    the query that fetched it), else read now."""
    return getattr(course, "content_stamp", None) or current_stamp()


def _challenge_of(item: CertificationChallenge, course: CertificationCourse) -> Challenge:
    """A question's content, from the worker's memory (on a miss, the whole test's)."""
    return challenge_row(
        item.challenge_id,
        stamp=_stamp(course),
        along=CertificationChallenge.objects.filter(course_id=course.pk).values("challenge_id"),
    )


def _next_and_progress(
    course: CertificationCourse,
) -> tuple[CertificationChallenge | None, int, int]:
    """The first question without an answer in serving order (its content from the
    worker's cache), the number of questions (neutralized ones left out) and of those
    answered: one light query."""
    rows = queries.questions_with_answer_ids(course.pk)
    answered = sum(1 for _item, answer_id in rows if answer_id is not None)
    item = next((item for item, answer_id in rows if answer_id is None), None)
    if item is None:
        return None, len(rows), answered
    item.course = course
    item.challenge = _challenge_of(item, course)
    return item, len(rows), answered


def current_of(
    course: CertificationCourse,
    *,
    now: datetime.datetime | None = None,
    ready_for_timer: bool = True,
) -> Current:
    """The question to show, served now if it was not yet (the server records when); a
    test whose time is over ends here. A timed question is not served (its countdown does
    not start) until the candidate has seen the warning: `ready_for_timer=False` leaves it
    unserved and `Current.awaits_warning` says so."""
    now = now or timezone.now()
    if course.state == CourseState.STARTED and now >= course.ends_at:
        course = course_complete(course=course, now=now)
    item, total, answered = _next_and_progress(course)
    if course.state != CourseState.STARTED:
        item = None
    if item is None:
        if course.state == CourseState.STARTED:
            course = course_complete(course=course, now=now)
        return Current(course, None, total, total, None)
    fresh = course.current_index != item.index or course.current_served_at is None
    if fresh and item.challenge.timer is not None and not ready_for_timer:
        return Current(course, item, answered + 1, total, None, awaits_warning=True)
    if fresh:
        CertificationCourse.objects.filter(pk=course.pk).update(
            current_index=item.index, current_served_at=now, current_focus_lost=False
        )
        course.current_index, course.current_served_at = item.index, now
        course.current_focus_lost = False
    return Current(course, item, answered + 1, total, question_deadline(course, item))


def answer_form_for(
    course: CertificationCourse,
    challenge: Challenge,
    data: Any = None,
    raw_value: Any = None,
) -> AnswerForm:
    """The answer form of `challenge` in this course, its proposals in this candidate's
    order (shuffled per course and challenge)."""
    return seeded_answer_form(challenge, course.seed, data, raw_value)


# --- Answering ----------------------------------------------------------------------------


class AnswerInvalid(EvaluationRefused):
    def __init__(self, form: AnswerForm) -> None:
        super().__init__(" ".join(form.messages()))
        self.form = form


@dataclass(frozen=True)
class Recorded:
    answer: CertificationAnswer
    created: bool  # False: the same answer had been stored already (re-sent form)
    course: CertificationCourse  # as read under the lock, with what its pages show
    # With `serve_next`: the next question, served in the same transaction as the answer.
    current: "Current | None" = None


class CourseNotFound(EvaluationRefused):
    """No course of this number for this user: the view answers 404."""


@transaction.atomic
def answer_record(
    *,
    course_id: int,
    user_id: int,
    index: int,
    data: Any = None,
    raw_value: Any = None,
    now: datetime.datetime | None = None,
    serve_next: bool = False,
) -> Recorded:
    """Record the answer to the question being served. Committed before the response that
    acknowledges it; re-sending the same answer stores nothing more; another tab answering
    the same question waits for the row lock and then finds it answered. With
    `serve_next`, the next question is served in the same transaction (one commit per
    answer); a timed one waits for its warning.

    One query reads the question, its course under lock, its answer if any, whether an
    alert is ongoing and the content version; the challenge's content comes from the
    worker's cache."""
    now = now or timezone.now()
    found = queries.locked_question(course_id=course_id, user_id=user_id, index=index)
    if found is None:
        if not CertificationCourse.objects.filter(pk=course_id, user_id=user_id).exists():
            raise CourseNotFound(_("Ce test n'existe pas."))
        raise EvaluationRefused(_("Cette question ne fait pas partie de ton test."))
    course, item = found.course, found.item
    item.challenge = _challenge_of(item, course)
    if found.answer_id is not None:
        previous = CertificationAnswer.objects.get(pk=found.answer_id)
        return _answered_before(course, item, previous, data, raw_value)
    _answer_allowed(course, item, alert_ongoing=found.alert_ongoing, now=now)
    form = answer_form_for(course, item.challenge, data, raw_value)
    if not form.is_valid():
        raise AnswerInvalid(form)
    stored = _answer_store(course, item, form, now)
    current = current_of(course, now=now, ready_for_timer=False) if serve_next else None
    return Recorded(stored, True, course, current)


def _answer_allowed(
    course: CertificationCourse,
    item: CertificationChallenge,
    *,
    alert_ongoing: bool,
    now: datetime.datetime,
) -> None:
    if course.state != CourseState.STARTED or now >= course.ends_at:
        raise EvaluationRefused(_("Ton test est terminé : il n'accepte plus de réponse."))
    if not course.has_seen_instructions:
        raise EvaluationRefused(_("Lis d'abord les consignes du test."))
    if alert_ongoing:
        raise EvaluationRefused(
            _("Ton signalement attend la décision du surveillant : patiente un instant.")
        )
    if (
        item.is_neutralized
        or item.index != course.current_index
        or course.current_served_at is None
    ):
        raise EvaluationRefused(
            _("Cette question n'est pas celle en cours. Reprends ton test là où tu en étais.")
        )


def _answer_store(
    course: CertificationCourse, item: CertificationChallenge, form: AnswerForm, now: Any
) -> CertificationAnswer:
    deadline = question_deadline(course, item)
    timed_out = deadline is not None and deadline.is_past(now)
    verdict = answers.check_answer(
        form.value,
        answer_key_of(item.challenge),
        timed_out=timed_out,
        focused_out=course.current_focus_lost,
        in_certification=True,
    )
    try:
        # No savepoint: the course's row is locked (PostgreSQL) or the transaction holds
        # SQLite's write lock, so this can only fail if the lock is bypassed; the error
        # then leaves `answer_record`'s transaction, which rolls back whole.
        return CertificationAnswer.objects.create(
            certification_challenge=item,
            course=course,
            value=form.value,
            result=verdict.status.value,
            result_details=verdict.details,
            display_order=list(form.order) if form.order else None,
            served_at=course.current_served_at or now,
            timed_out=timed_out,
            focus_lost=course.current_focus_lost,
        )
    except IntegrityError:  # answered meanwhile (SQLite has no row lock)
        raise EvaluationRefused(
            _("Tu as déjà répondu à cette question : ta première réponse compte.")
        ) from None


def _answered_before(
    course: CertificationCourse,
    item: CertificationChallenge,
    previous: CertificationAnswer,
    data: Any,
    raw_value: Any,
) -> Recorded:
    form = answer_form_for(course, item.challenge, data, raw_value)
    if form.is_valid() and form.value == previous.value:
        return Recorded(previous, False, course)
    raise EvaluationRefused(_("Tu as déjà répondu à cette question : ta première réponse compte."))


def focus_lost_record(*, course_id: int, user_id: int, index: int) -> bool:
    """A focused question reports that the candidate left the page (spec 01 §5.2)."""
    updated = CertificationCourse.objects.filter(
        pk=course_id,
        user_id=user_id,
        state=CourseState.STARTED,
        current_index=index,
        challenges__index=index,
        challenges__challenge__focused=True,
    ).update(current_focus_lost=True)
    return bool(updated)


# --- Ending -------------------------------------------------------------------------------


def course_complete(
    *, course: CertificationCourse, now: datetime.datetime | None = None
) -> CertificationCourse:
    """Every question answered, or the time is over: the remaining questions stay
    unanswered (finalization treats them, spec 07)."""
    with transaction.atomic():
        locked = CertificationCourse.objects.select_for_update().get(pk=course.pk)
        if locked.state != CourseState.STARTED:
            return locked
        locked.completed_at = now or timezone.now()
        transition_apply(
            obj=locked,
            machine=COURSE_MACHINE,
            name="complete",
            by_id=locked.user_id,
            update_fields=["completed_at"],
        )
        return locked


@transaction.atomic
def course_end_by_invigilator(
    *, course: CertificationCourse, reason: str, by: User
) -> CertificationCourse:
    if reason not in EndReason.values:
        raise EvaluationRefused(_("Choisissez le motif : abandon, problème technique ou fraude."))
    locked = CertificationCourse.objects.select_for_update().get(pk=course.pk)
    locked.completed_at = timezone.now()
    locked.end_reason = reason
    transition_apply(
        obj=locked,
        machine=COURSE_MACHINE,
        name="end_by_invigilator",
        by_id=by.pk,
        reason=reason,
        update_fields=["completed_at", "end_reason"],
    )
    Candidate.objects.filter(pk=locked.candidate_id).update(authorized_to_start=False)
    return locked
