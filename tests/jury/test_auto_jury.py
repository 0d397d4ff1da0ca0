"""The automatic jury's treatment of a course (spec 07 §3): unfinished tests, then the
in-challenge reports resolved by subcategory, with the resolution messages."""

import pytest
from django.utils import timezone

from certinum.evaluation.models import CertificationAnswer, CourseState
from certinum.jury import auto_jury
from certinum.jury.models import IssueReport
from certinum.referential.models import Challenge
from tests.jury.conftest import add_challenges, make_course

KEYS = ["rangement-1-a", "formats-1-a", "formats-2-a", "rangement-2-a"]


@pytest.fixture
def course(lina, mini_bank):
    course = make_course(lina, state=CourseState.ENDED_DUE_TO_FINALIZATION)
    add_challenges(course, KEYS)
    return course


def answer(course, index: int, result: str) -> CertificationAnswer:
    item = course.challenges.get(index=index)
    return CertificationAnswer.objects.create(
        certification_challenge=item,
        course=course,
        value="x",
        result=result,
        served_at=timezone.now(),
    )


def report(course, subcategory: str, number: int) -> IssueReport:
    return IssueReport.objects.create(
        course=course, category="E", subcategory=subcategory, question_number=number
    )


def flags(course):
    return {
        item.index: (item.is_neutralized, item.has_been_skipped_automatically)
        for item in course.challenges.all()
    }


@pytest.mark.parametrize(
    ("reason", "expected"), [("candidate", (False, True)), ("technical", (True, False))]
)
def test_unanswered_questions_are_skipped_or_neutralized_by_the_abort_reason(
    course, reason, expected
):
    answer(course, 1, "ok")
    course.abort_reason = reason
    course.save()
    assert auto_jury.course_treat(course) is True
    assert flags(course) == {1: (False, False), 2: expected, 3: expected, 4: expected}
    assert auto_jury.course_treat(course) is False  # a second run changes nothing


def test_a_complete_test_is_left_as_it_is(course):
    for index, result in enumerate(["ok", "ko", "ok", "ko"], start=1):
        answer(course, index, result)
    assert auto_jury.course_treat(course) is False
    assert set(flags(course).values()) == {(False, False)}


def fully_answered(course, results):
    for index, result in enumerate(results, start=1):
        answer(course, index, result)


@pytest.mark.parametrize("subcategory", ["E4", "E5", "E9", "E11", "E12"])
def test_reports_neutralized_without_checking_neutralize_a_wrong_answer(course, subcategory):
    fully_answered(course, ["ko", "ok", "ok", "ok"])
    made = report(course, subcategory, 1)
    assert auto_jury.course_treat(course) is True
    made.refresh_from_db()
    assert made.resolution == "Cette question a été neutralisée automatiquement"
    assert made.resolved_at is not None
    assert flags(course)[1] == (True, False)


def test_a_right_answer_is_not_neutralized(course):
    fully_answered(course, ["ok", "ok", "ok", "ok"])
    made = report(course, "E5", 1)
    assert auto_jury.course_treat(course) is False
    made.refresh_from_db()
    assert made.resolution == "Cette question n'a pas été neutralisée car la réponse est correcte"
    assert flags(course)[1] == (False, False)


def test_a_picture_report_neutralizes_only_a_question_with_a_picture(course):
    fully_answered(course, ["ko", "ko", "ok", "ok"])
    without = report(course, "E1", 1)
    Challenge.objects.filter(key="formats-1-a").update(illustration="images/ecran.png")
    with_picture = report(course, "E1", 2)
    assert auto_jury.course_treat(course) is True
    without.refresh_from_db()
    with_picture.refresh_from_db()
    assert without.resolution == (
        "Cette question n'a pas été neutralisée car elle ne contient ni image ni "
        "application/simulateur"
    )
    assert with_picture.resolution == "Cette question a été neutralisée automatiquement"
    assert flags(course)[1] == (False, False)
    assert flags(course)[2] == (True, False)


def test_extra_time_reports_concern_timed_questions_and_file_reports_attachments(course):
    fully_answered(course, ["ko", "timedout", "ko", "ok"])
    untimed = report(course, "E8", 1)
    timed = report(course, "E8", 2)
    no_file = report(course, "E3", 3)
    auto_jury.course_treat(course)
    for made in (untimed, timed, no_file):
        made.refresh_from_db()
    assert (
        untimed.resolution
        == "Cette question n'a pas été neutralisée car elle n'est pas chronométrée"
    )
    assert timed.resolution == "Cette question a été neutralisée automatiquement"
    assert no_file.resolution == (
        "Cette question n'a pas été neutralisée car elle ne contient pas de fichier à télécharger"
    )
    assert flags(course) == {
        1: (False, False),
        2: (True, False),
        3: (False, False),
        4: (False, False),
    }


def test_focus_reports_accept_a_focused_out_answer_and_neutralize_an_abandoned_one(course):
    fully_answered(course, ["ko", "ok", "focusedOut", "ok"])
    not_focused = report(course, "E10", 1)
    focused = report(course, "E10", 3)
    assert auto_jury.course_treat(course) is True
    not_focused.refresh_from_db()
    focused.refresh_from_db()
    assert not_focused.resolution == (
        "Cette question n'a pas été neutralisée car ce n'est pas une question focus"
    )
    assert focused.resolution == "Cette réponse a été acceptée automatiquement"
    assert course.challenges.get(index=3).answer.result == "ok"


def test_a_focused_question_abandoned_is_neutralized_and_a_wrong_one_is_kept(lina, mini_bank):
    course = make_course(lina, state=CourseState.COMPLETED)
    add_challenges(course, ["formats-2-a", "formats-2-a"])
    fully_answered(course, ["aband", "ko"])
    abandoned, wrong = report(course, "E10", 1), report(course, "E10", 2)
    auto_jury.course_treat(course)
    abandoned.refresh_from_db()
    wrong.refresh_from_db()
    assert abandoned.resolution == "Cette question a été neutralisée automatiquement"
    assert wrong.resolution == (
        "Cette question n'a pas été neutralisée car la réponse n'a pas été abandonnée ou le "
        "focus n'a pas été perdu"
    )


def test_a_number_without_a_question_and_other_categories(course):
    fully_answered(course, ["ko", "ok", "ok", "ok"])
    beyond = report(course, "E5", 9)
    fraud = IssueReport.objects.create(course=course, category="C6")
    signature = IssueReport.objects.create(course=course, category="C4", description="Oubli")
    assert auto_jury.course_treat(course) is False
    beyond.refresh_from_db()
    assert beyond.resolution == "Aucune question ne correspond au numéro 9"
    for left in (fraud, signature):
        left.refresh_from_db()
        assert left.resolved_at is None


def test_questions_are_numbered_in_the_order_they_were_answered(course):
    # The answer to question 2 was given first: it is « question 1 » of the report.
    second = answer(course, 2, "ko")
    first = answer(course, 1, "ok")
    CertificationAnswer.objects.filter(pk=first.pk).update(
        created_at=second.created_at.replace(year=2099)
    )
    report(course, "E5", 1)
    answer(course, 3, "ok")
    answer(course, 4, "ok")
    auto_jury.course_treat(course)
    assert flags(course)[2] == (True, False)
    assert flags(course)[1] == (False, False)
