"""The automatic jury after finalization (spec 07 §3), course by course:

1. an unfinished test: its unanswered questions are skipped automatically (they count as
   wrong) when the candidate left, neutralized when a technical problem stopped it;
2. the in-challenge issue reports are resolved by their subcategory's strategy (the table
   below), which may neutralize the question or accept a focused-out answer;
3. the course is scored by the engine, and the result recorded with its emitter.

Reports of other categories (C1–C8, fraud) are left to the jury."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from certinum.engine.answers import AnswerStatus
from certinum.evaluation.models import (
    AbortReason,
    CertificationAnswer,
    CertificationChallenge,
    CertificationCourse,
)
from certinum.jury.issues import IssueCategory
from certinum.jury.models import IssueReport
from certinum.referential.models import Challenge


def unfinished_treat(course: CertificationCourse, items: list[CertificationChallenge]) -> bool:
    """Step 1. Returns whether a question changed."""
    unanswered = [
        item
        for item in items
        if getattr(item, "answer", None) is None
        and not item.is_neutralized
        and not item.has_been_skipped_automatically
    ]
    technical = course.abort_reason == AbortReason.TECHNICAL
    for item in unanswered:
        if technical:
            item.is_neutralized = True
        else:
            item.has_been_skipped_automatically = True
        item.save(update_fields=["is_neutralized", "has_been_skipped_automatically"])
    return bool(unanswered)


# --- Step 2: resolution strategies by subcategory -------------------------------------------


@dataclass(frozen=True)
class Strategy:
    """When the question named by a report may be neutralized: `applies` says whether the
    challenge is of the kind the report is about; `refusal` explains it when it is not."""

    applies: Callable[[Challenge], bool]
    refusal: str  # gettext msgid, translated when the resolution is written


def _always(_challenge: Challenge) -> bool:
    return True


STRATEGIES: dict[str, Strategy] = {
    **dict.fromkeys(("E4", "E5", "E9", "E11", "E12"), Strategy(_always, "")),
    **dict.fromkeys(
        ("E1", "E2"),
        Strategy(
            lambda c: bool(c.illustration or c.embed_url),
            gettext_noop(
                "Cette question n'a pas été neutralisée car elle ne contient ni image ni "
                "application/simulateur"
            ),
        ),
    ),
    "E3": Strategy(
        lambda c: bool(c.attachments),
        gettext_noop(
            "Cette question n'a pas été neutralisée car elle ne contient pas de fichier à "
            "télécharger"
        ),
    ),
    "E8": Strategy(
        lambda c: c.timer is not None,
        gettext_noop("Cette question n'a pas été neutralisée car elle n'est pas chronométrée"),
    ),
}
FOCUS_SUBCATEGORY = "E10"


def report_resolve(report: IssueReport, answers: list[CertificationAnswer]) -> bool:
    """Resolve one in-challenge report against the course's answers (ordered by the time
    they were given; the report's question number is 1-based). Returns whether a question
    was neutralized or an answer changed; a report it cannot treat is left unresolved."""
    if report.category != IssueCategory.IN_CHALLENGE or (
        report.subcategory not in STRATEGIES and report.subcategory != FOCUS_SUBCATEGORY
    ):
        return False
    number = report.question_number or 0
    if not 1 <= number <= len(answers):
        return _resolved(report, _("Aucune question ne correspond au numéro %(n)s") % {"n": number})
    answer = answers[number - 1]
    item = answer.certification_challenge
    if report.subcategory == FOCUS_SUBCATEGORY:
        return _focus_resolve(report, item, answer)
    strategy = STRATEGIES[report.subcategory]
    if not strategy.applies(item.challenge):
        return _resolved(report, _(strategy.refusal))
    return _neutralize_unless_right(report, item, answer)


def _neutralize_unless_right(
    report: IssueReport, item: CertificationChallenge, answer: CertificationAnswer
) -> bool:
    # Any answer but a right one is neutralized: `ko`, `aband`, `partially`, and also
    # `timedout` and `focusedOut`, which the problem reported may have caused (D52).
    if answer.result == AnswerStatus.OK:
        return _resolved(
            report, _("Cette question n'a pas été neutralisée car la réponse est correcte")
        )
    if not item.is_neutralized:
        item.is_neutralized = True
        item.save(update_fields=["is_neutralized"])
    _resolved(report, _("Cette question a été neutralisée automatiquement"))
    return True


def _focus_resolve(
    report: IssueReport, item: CertificationChallenge, answer: CertificationAnswer
) -> bool:
    if not item.challenge.focused:
        return _resolved(
            report, _("Cette question n'a pas été neutralisée car ce n'est pas une question focus")
        )
    if answer.result == AnswerStatus.FOCUSED_OUT:
        answer.result = AnswerStatus.OK.value
        answer.save(update_fields=["result"])
        _resolved(report, _("Cette réponse a été acceptée automatiquement"))
        return True
    if answer.result == AnswerStatus.ABAND:
        return _neutralize_unless_right(report, item, answer)
    return _resolved(
        report,
        _(
            "Cette question n'a pas été neutralisée car la réponse n'a pas été abandonnée ou "
            "le focus n'a pas été perdu"
        ),
    )


def _resolved(report: IssueReport, resolution: str) -> bool:
    report.resolved_at = timezone.now()
    report.resolution = resolution
    report.save(update_fields=["resolved_at", "resolution"])
    return False


def course_treat(course: CertificationCourse) -> bool:
    """Steps 1 and 2 for one course (the caller holds a transaction and scores after).
    Returns whether anything changed."""
    items = list(course.challenges.select_related("challenge", "answer").order_by("index"))
    changed = unfinished_treat(course, items)
    answers = sorted(
        (item.answer for item in items if getattr(item, "answer", None) is not None),
        key=lambda answer: (answer.created_at, answer.pk),
    )
    for answer in answers:  # the rows already read, for the strategies
        answer.certification_challenge = next(
            item for item in items if item.pk == answer.certification_challenge_id
        )
    for report in course.issue_reports.filter(resolved_at__isnull=True).order_by("pk"):
        changed = report_resolve(report, answers) or changed
    return changed
