"""From the test to its first result: the center finalizes, the automatic jury treats each
course and the engine scores it; the result is added to the course's history."""

import pytest

from certinum.delivery.forms import answer_data
from certinum.demo import right_answer, wrong_answer
from certinum.evaluation import services
from certinum.evaluation.models import CertificationCourse
from certinum.jury import services as jury
from certinum.results.models import CertificationResult, Emitter
from certinum.results.selectors import current_result
from tests.invigilation.test_certification_course import CERTIFIABLE, joined, start

__all__ = ["joined"]  # the fixture

pytestmark = pytest.mark.django_db


def answer(course: CertificationCourse, *, count: int | None = None, right=lambda _n: True):
    """Answer the questions in order, `count` of them (all by default)."""
    number = 0
    while count is None or number < count:
        course.refresh_from_db()
        current = services.current_of(course)
        if current.item is None:
            return
        challenge = current.item.challenge
        value = right_answer(challenge) if right(number) else wrong_answer(challenge)
        services.answer_record(
            course_id=course.pk,
            user_id=course.user_id,
            index=current.item.index,
            data={"index": str(current.item.index), **answer_data(challenge, value)},
        )
        number += 1


def finalize(session, by) -> None:
    jury.session_finalize(session=session, by=by)
    assert jury.auto_jury_run(session_id=session.pk) is True
    assert jury.auto_jury_run(session_id=session.pk) is False  # delivered twice: once


def test_a_test_answered_right_is_validated_at_the_levels_of_the_profile(
    client, pupil, joined, center_admin
):
    course = start(client, pupil, joined)
    answer(course)
    finalize(joined.session, center_admin)
    result = current_result(course)
    assert result is not None
    assert (result.status, result.emitter) == ("validated", Emitter.ALGORITHM)
    assert float(result.reproducibility_rate) == 100
    levels = {mark.competence_code: mark.level for mark in result.marks.all()}
    assert {code: levels[code] for code in CERTIFIABLE} == CERTIFIABLE
    assert result.pix_score == sum(mark.score for mark in result.marks.all()) > 0


def test_a_test_answered_wrong_is_rejected(client, pupil, joined, center_admin):
    course = start(client, pupil, joined)
    answer(course, right=lambda _n: False)
    finalize(joined.session, center_admin)
    result = current_result(course)
    assert result.status == "rejected" and result.pix_score == 0


def test_a_technical_stop_neutralizes_the_rest_and_the_auto_jury_scores(
    client, pupil, joined, center_admin
):
    course = start(client, pupil, joined)
    answer(course, count=3)
    CertificationCourse.objects.filter(pk=course.pk).update(abort_reason="technical")
    finalize(joined.session, center_admin)
    course.refresh_from_db()
    unanswered = course.challenges.filter(answer__isnull=True)
    assert unanswered.exists() and all(item.is_neutralized for item in unanswered)
    result = current_result(course)
    assert result.emitter == Emitter.AUTO_JURY
    assert CertificationResult.objects.filter(course=course).count() == 1


def test_a_candidate_who_left_has_the_rest_counted_wrong(client, pupil, joined, center_admin):
    course = start(client, pupil, joined)
    answer(course, count=3)
    CertificationCourse.objects.filter(pk=course.pk).update(abort_reason="candidate")
    finalize(joined.session, center_admin)
    unanswered = course.challenges.filter(answer__isnull=True)
    assert all(item.has_been_skipped_automatically for item in unanswered)
    assert current_result(course).status in ("rejected", "validated")
    assert current_result(course).emitter == Emitter.AUTO_JURY


def test_replay_rescores_and_reports_a_tampered_answer(client, pupil, joined, center_admin, capsys):
    from django.core.management import CommandError, call_command

    from certinum.evaluation.models import CertificationAnswer

    course = start(client, pupil, joined)
    answer(course)
    finalize(joined.session, center_admin)
    call_command("replay_certification", str(course.pk))
    assert "1 passage(s) rejoué(s) à l'identique." in capsys.readouterr().out
    first = CertificationAnswer.objects.filter(course=course).order_by("pk").first()
    CertificationAnswer.objects.filter(pk=first.pk).update(result="ko")
    with pytest.raises(CommandError, match="1 passage"):
        call_command("replay_certification", str(course.pk))
    assert "score : enregistré" in capsys.readouterr().out
