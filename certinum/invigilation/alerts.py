"""Live alerts (spec 04 §3): « Signaler un problème » on a question, the invigilator's
decision. Validated with an E-subcategory, the question is neutralized and replaced by
another challenge of the same skill, served next; dismissed, the candidate answers (or
skips) the same question. One ongoing alert per candidate."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certinum.accounts.models import User
from certinum.engine.smart_random import seeded_index
from certinum.evaluation.models import CertificationChallenge, CertificationCourse, CourseState
from certinum.invigilation.models import ALERT_MACHINE, AlertStatus, LiveAlert
from certinum.jury.issues import IN_CHALLENGE_SUBCATEGORIES, IssueCategory
from certinum.jury.models import IssueReport, IssueSource
from certinum.referential.models import Challenge
from certinum.workflow.services import transition_apply

# Spec 07: the in-challenge subcategories an invigilator may validate an alert with (the
# E-codes, defined once with the issue reports).
SUBCATEGORIES = {s.value: s.label for s in IN_CHALLENGE_SUBCATEGORIES}
ACCEPTED_RESOLUTION = gettext_lazy(
    "Le signalement a été validé par le surveillant pendant la session. Une nouvelle question "
    "a été proposée au candidat."
)


class AlertRefused(Exception):
    """Refused; the French message can be shown as is; nothing changed."""


def ongoing_alert(course: CertificationCourse) -> LiveAlert | None:
    return course.alerts.filter(status=AlertStatus.ONGOING).first()


def alert_state(
    course: CertificationCourse, item: CertificationChallenge
) -> tuple[LiveAlert | None, bool]:
    """For the question page, in one query: the ongoing alert, if any, and whether the
    invigilator dismissed an alert on this question (the candidate then answers it)."""
    rows = list(
        course.alerts.filter(
            Q(status=AlertStatus.ONGOING)
            | Q(certification_challenge=item, status=AlertStatus.DISMISSED)
        )
    )
    ongoing = next((a for a in rows if a.status == AlertStatus.ONGOING), None)
    return ongoing, any(a.status == AlertStatus.DISMISSED for a in rows)


def alert_raise(*, course: CertificationCourse, index: int) -> LiveAlert:
    if course.state != CourseState.STARTED:
        raise AlertRefused(_("Ton test est terminé."))
    item = course.challenges.filter(index=index, answer__isnull=True).first()
    if item is None or index != course.current_index:
        raise AlertRefused(_("On ne peut signaler que la question en cours."))
    try:
        with transaction.atomic():
            return LiveAlert.objects.create(course=course, certification_challenge=item)
    except IntegrityError:  # one ongoing alert per candidate
        raise AlertRefused(_("Ton signalement est déjà transmis au surveillant.")) from None


@transaction.atomic
def alert_dismiss(*, alert: LiveAlert, by: User) -> LiveAlert:
    alert = LiveAlert.objects.select_for_update().get(pk=alert.pk)
    alert.decided_at, alert.decided_by = timezone.now(), by
    transition_apply(
        obj=alert,
        machine=ALERT_MACHINE,
        name="dismiss",
        by_id=by.pk,
        update_fields=["decided_at", "decided_by"],
    )
    return alert


@transaction.atomic
def alert_accept(*, alert: LiveAlert, subcategory: str, by: User) -> LiveAlert:
    """Validate with an E-subcategory: the question is neutralized and another challenge
    of the same skill (not yet in the test) is served in its place."""
    if subcategory not in SUBCATEGORIES:
        raise AlertRefused(_("Choisissez la catégorie du problème."))
    alert = LiveAlert.objects.select_for_update().select_related("course").get(pk=alert.pk)
    alert.decided_at, alert.decided_by, alert.subcategory = timezone.now(), by, subcategory
    transition_apply(
        obj=alert,
        machine=ALERT_MACHINE,
        name="accept",
        by_id=by.pk,
        reason=subcategory,
        update_fields=["decided_at", "decided_by", "subcategory"],
    )
    item = CertificationChallenge.objects.select_for_update().get(
        pk=alert.certification_challenge_id
    )
    # The number the candidate saw on the question: answered ones + 1 (spec 04 §3).
    question_number = alert.course.answers.count() + 1
    item.is_neutralized = True
    item.save(update_fields=["is_neutralized"])
    _replace(alert.course, item)
    in_challenge_report_record(alert=alert, question_number=question_number)
    return alert


def in_challenge_report_record(*, alert: LiveAlert, question_number: int) -> IssueReport:
    """The IN_CHALLENGE report of an accepted alert, resolved at once (spec 04 §3). Also
    called at finalization for alerts accepted before reports were recorded on the day."""
    report, _created = IssueReport.objects.get_or_create(
        live_alert=alert,
        defaults={
            "course_id": alert.course_id,
            "category": IssueCategory.IN_CHALLENGE,
            "subcategory": alert.subcategory,
            "question_number": question_number,
            "source": IssueSource.LIVE_ALERT,
            "resolved_at": alert.decided_at or timezone.now(),
            "resolution": str(ACCEPTED_RESOLUTION),
            "created_by_id": alert.decided_by_id,
        },
    )
    return report


def _replace(course: CertificationCourse, item: CertificationChallenge) -> None:
    """Insert a replacement right after `item` (the later questions move one place)."""
    used = set(course.challenges.values_list("challenge_id", flat=True))
    options = sorted(
        Challenge.objects.filter(
            skill__name=item.skill_name, status=Challenge.Status.VALIDATED, locale="fr-fr"
        )
        .exclude(pk__in=used)
        .values_list("pk", flat=True)
    )
    if not options:
        return  # nothing else tests this skill: the test goes on without it
    pick = options[seeded_index(f"{course.seed}:replace:{item.index}", len(options))]
    later = course.challenges.filter(index__gt=item.index)
    # Two steps, so that no two rows ever share an index (the unique constraint).
    later.update(index=F("index") + 100_000)
    course.challenges.filter(index__gt=100_000).update(index=F("index") - 99_999)
    CertificationChallenge.objects.create(
        course=course,
        index=item.index + 1,
        challenge_id=pick,
        competence_code=item.competence_code,
        skill_name=item.skill_name,
        is_replacement=True,
    )
