"""The certification test from the access code to the end: the course is created once with
its questions (engine v2), the authorization is consumed, answers are durable and
idempotent, time is the server's, the invigilator ends a test or validates an alert."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certinum.delivery.content import challenge_row, current_stamp
from certinum.evaluation import services
from certinum.evaluation.models import CertificationAnswer, CertificationCourse, CourseState
from certinum.invigilation import alerts
from certinum.invigilation.models import InvigilatorAccess, LiveAlert
from certinum.referential.models import Challenge
from tests.learning.test_query_budget import assert_max_queries
from tests.orga.test_campaigns import give_profile

pytestmark = pytest.mark.django_db

CERTIFIABLE = {"1.1": 2, "1.2": 1, "2.1": 1, "3.1": 1, "4.1": 1}


@pytest.fixture
def joined(lina, pupil, item_bank):
    lina.user = pupil
    lina.authorized_to_start = True
    lina.save()
    return lina


def enter(client, candidate, code="BCDF23"):
    return client.post(reverse("certification:access_code", args=[candidate.pk]), {"code": code})


def test_the_course_is_created_with_three_questions_per_certifiable_competence(
    client, pupil, joined
):
    give_profile(pupil, CERTIFIABLE)
    client.force_login(pupil)
    response = enter(client, joined)
    course = CertificationCourse.objects.get()
    assert response.url == reverse("certification:test", args=[course.pk])
    joined.refresh_from_db()
    assert not joined.authorized_to_start  # consumed
    per_competence = {}
    for item in course.challenges.all():
        per_competence[item.competence_code] = per_competence.get(item.competence_code, 0) + 1
    assert sorted(per_competence) == sorted(CERTIFIABLE)
    assert all(1 <= n <= 3 for n in per_competence.values())
    assert per_competence["1.1"] == 3  # level 2 validated: enough skills
    assert course.algorithm == "certification-v2" and course.algorithm_version == 1
    assert course.verification_code.startswith("P-") and len(course.verification_code) == 10
    # 120 minutes × 1.33 of extra time
    assert course.ends_at - course.started_at == datetime.timedelta(minutes=120 * 1.33)
    assert client.get(reverse("certification:test", args=[course.pk])).url == reverse(
        "certification:instructions", args=[course.pk]
    )


def test_a_pupil_who_is_not_certifiable_gets_a_clear_message_and_nothing_is_created(
    client, pupil, joined
):
    give_profile(pupil, {"1.1": 1, "1.2": 1, "2.1": 1, "3.1": 1})
    client.force_login(pupil)
    page = enter(client, joined).content.decode().replace("&#x27;", "'")
    assert "il faut au moins 5 compétences de niveau 1" in page
    assert not CertificationCourse.objects.exists()
    joined.refresh_from_db()
    assert joined.authorized_to_start  # not consumed


def start(client, pupil, candidate) -> CertificationCourse:
    give_profile(pupil, CERTIFIABLE)
    client.force_login(pupil)
    enter(client, candidate)
    course = CertificationCourse.objects.get()
    client.post(reverse("certification:instructions", args=[course.pk]), {"understood": "1"})
    return course


def test_answers_are_recorded_once_in_order_and_resuming_needs_a_new_authorization(
    client, pupil, joined, invigilator
):
    course = start(client, pupil, joined)
    url = reverse("certification:test", args=[course.pk])
    total = course.challenges.count()
    page = client.get(url).content.decode()
    assert f"Question 1 sur {total}" in page
    client.post(url, {"index": "1", "skip": "1"})
    client.post(url, {"index": "1", "skip": "1"})  # re-sent: one answer
    assert CertificationAnswer.objects.count() == 1
    assert CertificationAnswer.objects.get().result == "aband"
    refused = client.post(url, {"index": "5", "skip": "1"}, follow=True).content.decode()
    assert "pas celle en cours" in refused
    assert f"Question 2 sur {total}" in client.get(url).content.decode()
    # Coming back through the access code needs « autoriser la reprise ».
    page = enter(client, joined).content.decode().replace("&#x27;", "'")
    assert "ne t'a pas encore autorisé" in page
    InvigilatorAccess.objects.create(session=joined.session, user=invigilator)
    client.force_login(invigilator)
    client.post(
        reverse("invigilation:candidate_authorize", args=[joined.session_id, joined.pk]),
        {"authorized": "1"},
    )
    client.force_login(pupil)
    assert enter(client, joined).url == url
    assert CertificationCourse.objects.count() == 1
    assert f"Question 2 sur {total}" in client.get(url).content.decode()


def test_when_the_time_is_over_the_test_ends(client, pupil, joined):
    course = start(client, pupil, joined)
    CertificationCourse.objects.filter(pk=course.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("certification:test", args=[course.pk]))
    assert response.url == reverse("certification:done", args=[course.pk])
    course.refresh_from_db()
    assert course.state == CourseState.COMPLETED
    with pytest.raises(services.EvaluationRefused, match="terminé"):
        services.answer_record(
            course_id=course.pk, user_id=pupil.pk, index=1, data={"index": "1", "skip": "1"}
        )


def test_the_invigilator_ends_a_test_with_a_reason(client, pupil, joined, invigilator):
    course = start(client, pupil, joined)
    InvigilatorAccess.objects.create(session=joined.session, user=invigilator)
    client.force_login(invigilator)
    end = reverse("invigilation:candidate_end", args=[joined.session_id, joined.pk])
    client.post(end, {"reason": "abandon"})  # not confirmed: nothing happens
    course.refresh_from_db()
    assert course.state == CourseState.STARTED
    client.post(end, {"reason": "abandon", "confirm": "1"})
    course.refresh_from_db()
    assert (course.state, course.end_reason) == (CourseState.ENDED_BY_INVIGILATOR, "abandon")


def test_a_validated_alert_replaces_the_question_and_a_dismissed_one_keeps_it(
    client, pupil, joined, invigilator
):
    course = start(client, pupil, joined)
    url = reverse("certification:test", args=[course.pk])
    total = course.challenges.count()
    client.get(url)
    first = course.challenges.get(index=1)
    client.post(reverse("certification:alert", args=[course.pk]), {"index": "1"})
    assert "Ton signalement est transmis au surveillant" in client.get(url).content.decode()
    alert = LiveAlert.objects.get()
    alerts.alert_accept(alert=alert, subcategory="E1", by=invigilator)
    first.refresh_from_db()
    assert first.is_neutralized
    replacement = course.challenges.get(index=2)
    assert (
        replacement.skill_name == first.skill_name
        and replacement.challenge_id != first.challenge_id
    )
    assert course.challenges.count() == total + 1
    assert f"Question 1 sur {total}" in client.get(url).content.decode()
    client.post(reverse("certification:alert", args=[course.pk]), {"index": "2"})
    alerts.alert_dismiss(alert=LiveAlert.objects.get(status="ongoing"), by=invigilator)
    page = client.get(url).content.decode()
    assert "tu peux y répondre" in page and f"Question 1 sur {total}" in page


def test_a_timed_question_is_announced_and_its_countdown_starts_when_shown(client, pupil, joined):
    course = start(client, pupil, joined)
    first = course.challenges.get(index=1)
    Challenge.objects.filter(pk=first.challenge_id).update(timer=30)
    url = reverse("certification:test", args=[course.pk])
    page = client.get(url).content.decode().replace("&#x27;", "'")
    assert "la question suivante est chronométrée" in page
    assert "Tu auras 40 secondes" in page  # 30 s × 1.33 of extra time
    course.refresh_from_db()
    assert course.current_served_at is None  # the countdown has not started
    page = client.get(url, {"pret": "1"}).content.decode()
    assert "Temps restant" in page
    course.refresh_from_db()
    assert course.current_served_at is not None


# Session and user included, transaction control left out (tests/learning/test_query_budget.py),
# with the questions' content in the worker's memory (read once per process and version).
PAGE_BUDGET = 5  # session, user, course, questions, alerts
ANSWER_BUDGET = 6  # session, user, question + course locked, insert, questions, served at


def test_the_question_page_and_the_answer_take_a_bounded_number_of_queries(client, pupil, joined):
    course = start(client, pupil, joined)
    url = reverse("certification:test", args=[course.pk])
    for challenge_id in course.challenges.values_list("challenge_id", flat=True):
        challenge_row(challenge_id, stamp=current_stamp())
    client.get(url)
    with assert_max_queries(PAGE_BUDGET):
        client.get(url)
    with assert_max_queries(ANSWER_BUDGET):
        client.post(url, {"index": "1", "skip": "1"}, HTTP_HX_REQUEST="true")


def test_every_course_replays_identically_and_a_tampered_one_is_reported(
    client, pupil, joined, invigilator, capsys
):
    from django.core.management import CommandError, call_command

    course = start(client, pupil, joined)
    client.get(reverse("certification:test", args=[course.pk]))
    client.post(reverse("certification:alert", args=[course.pk]), {"index": "1"})
    alerts.alert_accept(alert=LiveAlert.objects.get(), subcategory="E1", by=invigilator)
    call_command("replay_certification", "--all")  # the replacement is left aside
    assert "1 passage(s) rejoué(s) à l'identique." in capsys.readouterr().out
    CertificationCourse.objects.filter(pk=course.pk).update(seed="autre-graine")
    with pytest.raises(CommandError, match="1 passage"):
        call_command("replay_certification", str(course.pk))
    assert f"Passage {course.pk} : question" in capsys.readouterr().out


def test_a_right_answer_after_leaving_a_focused_question_is_focused_out(client, pupil, joined):
    from certinum.demo import right_answer

    course = start(client, pupil, joined)
    first = course.challenges.select_related("challenge").get(index=1)
    Challenge.objects.filter(pk=first.challenge_id).update(focused=True)
    url = reverse("certification:test", args=[course.pk])
    client.get(url)
    lost = client.post(reverse("certification:focus_lost", args=[course.pk]), {"index": "1"})
    assert lost.status_code == 204
    first.challenge.refresh_from_db()
    services.answer_record(
        course_id=course.pk, user_id=pupil.pk, index=1, raw_value=right_answer(first.challenge)
    )
    answer = CertificationAnswer.objects.get()
    assert (answer.result, answer.focus_lost) == ("focusedOut", True)
