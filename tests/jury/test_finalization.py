"""The center finalizes a session: a draft kept between visits, reports added and removed
in one form, a confirmation, then one irreversible transaction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certinum.centers.models import SessionStatus
from certinum.evaluation import services as evaluation
from certinum.evaluation.models import CourseState
from certinum.invigilation import services as invigilation
from certinum.jury.models import IssueReport, IssueSource
from certinum.workflow.models import TransitionLog
from tests.conftest import make_user
from tests.jury.conftest import add_challenges, make_candidate, make_course

pytestmark = pytest.mark.django_db


def url(session, name="jury:finalization"):
    return reverse(name, args=[session.center_id, session.pk])


def form_data(*courses, **extra):
    """What the page sends when nothing is changed: every course's fields, empty."""
    data = {"session-examiner_global_comment": ""}
    for course in courses:
        data[f"c{course.pk}-examiner_comment"] = ""
    return {**data, **extra}


@pytest.fixture
def day(lina, tom):
    """Lina finished her test; Tom's is still running (he left early)."""
    return make_course(lina, state=CourseState.COMPLETED), make_course(tom)


def test_the_page_shows_one_block_per_candidate_who_started(client, center_admin, day, session):
    client.force_login(center_admin)
    page = client.get(url(session)).content.decode()
    assert "ROUX Lina" in page and "PETIT Tom" in page
    assert page.count("Écran de fin du test vu") == 2
    assert page.count("Motif de l&#x27;arrêt du test") == 1  # only Tom did not complete


def test_a_session_where_nobody_started_has_nothing_to_finalize(client, center_admin, session):
    client.force_login(center_admin)
    page = client.get(url(session)).content.decode().replace("&#x27;", "'")
    assert "Aucun candidat n'a commencé son test" in page
    assert client.get(url(session, "jury:finalization_confirm")).status_code == 302


def test_the_draft_keeps_what_was_typed_and_adds_a_report(client, center_admin, day, session):
    lina_course, tom_course = day
    client.force_login(center_admin)
    data = form_data(
        *day,
        **{
            "session-examiner_global_comment": "Coupure réseau à 9 h 40.",
            "session-has_incident": "on",
            f"c{lina_course.pk}-has_seen_end_test_screen": "on",
            f"c{tom_course.pk}-abort_reason": "candidate",
            f"n{tom_course.pk}-category": "C8",
            f"n{tom_course.pk}-description": "Parti à l'infirmerie.",
            "focus": f"candidat-{tom_course.pk}",
        },
    )
    response = client.post(url(session), data)
    assert response.url == url(session) + f"#candidat-{tom_course.pk}"
    session.refresh_from_db()
    lina_course.refresh_from_db()
    tom_course.refresh_from_db()
    assert session.examiner_global_comment == "Coupure réseau à 9 h 40."
    assert session.has_incident and not session.has_joining_issue
    assert lina_course.has_seen_end_test_screen and tom_course.abort_reason == "candidate"
    report = IssueReport.objects.get()
    assert (report.course, report.category, report.description) == (
        tom_course,
        "C8",
        "Parti à l'infirmerie.",
    )
    assert session.status == SessionStatus.CREATED  # a draft, not a finalization
    page = client.get(url(session)).content.decode()
    assert "Coupure réseau à 9 h 40." in page and "Parti à l&#x27;infirmerie." in page


def test_an_incomplete_report_is_explained_and_nothing_is_saved(client, center_admin, day, session):
    _lina_course, tom_course = day
    client.force_login(center_admin)
    data = form_data(
        *day,
        **{
            "session-examiner_global_comment": "Texte tapé",
            f"n{tom_course.pk}-category": "E",
            f"n{tom_course.pk}-subcategory": "E1",
        },
    )
    response = client.post(url(session), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez le numéro de la question, entre 1 et 500." in page
    assert "Texte tapé" in page  # still on the page, to correct
    session.refresh_from_db()
    assert session.examiner_global_comment == "" and not IssueReport.objects.exists()


def test_a_comment_over_500_characters_is_refused(client, center_admin, day, session):
    client.force_login(center_admin)
    data = form_data(*day, **{"session-examiner_global_comment": "x" * 501})
    assert "500 caractères" in client.post(url(session), data).content.decode()
    session.refresh_from_db()
    assert session.examiner_global_comment == ""


def test_a_report_of_the_center_can_be_removed_but_not_one_of_the_invigilator(
    client, center_admin, day, session, other_pupil
):
    _lina_course, tom_course = day
    mine = IssueReport.objects.create(course=tom_course, category="C6")
    theirs = IssueReport.objects.create(
        course=tom_course,
        category="E",
        subcategory="E1",
        question_number=3,
        source=IssueSource.LIVE_ALERT,
    )
    client.force_login(center_admin)
    client.post(url(session), form_data(*day, remove_report=[str(mine.pk), str(theirs.pk)]))
    assert list(IssueReport.objects.all()) == [theirs]
    response = client.post(url(session), form_data(*day, remove_report=["abc", "99999999"]))
    assert response.status_code == 302  # tampered ids change nothing


def test_finalizing_asks_for_the_abort_reason_of_an_unfinished_test(
    client, center_admin, day, session
):
    client.force_login(center_admin)
    response = client.post(url(session), form_data(*day, finalize="1"), follow=True)
    page = response.content.decode()
    assert "PETIT Tom n&#x27;a pas terminé son test : indiquez le motif." in page
    refused = client.post(url(session, "jury:finalization_confirm"), follow=True)
    assert "indiquez le motif" in refused.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.CREATED


def test_finalize_ends_running_tests_and_queues_the_automatic_jury(
    client, center_admin, day, session, django_capture_on_commit_callbacks
):
    lina_course, tom_course = day
    client.force_login(center_admin)
    data = form_data(*day, finalize="1", **{f"c{tom_course.pk}-abort_reason": "candidate"})
    response = client.post(url(session), data)
    assert response.url == url(session, "jury:finalization_confirm")
    confirm = client.get(response.url).content.decode()
    assert "Vous ne pourrez plus modifier" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url(session, "jury:finalization_confirm"), follow=True)
    assert "La session est finalisée" in done.content.decode()
    session.refresh_from_db()
    tom_course.refresh_from_db()
    lina_course.refresh_from_db()
    assert session.status == SessionStatus.FINALIZED and session.finalized_at
    assert session.auto_jury_done_at is not None
    assert tom_course.state == CourseState.ENDED_DUE_TO_FINALIZATION
    assert tom_course.completed_at and tom_course.abort_reason == "candidate"
    assert lina_course.state == CourseState.COMPLETED
    assert TransitionLog.objects.filter(transition="finalize", by=center_admin).count() == 1


def test_a_second_finalization_is_refused_and_changes_nothing(client, center_admin, day, session):
    _lina_course, tom_course = day
    tom_course.abort_reason = "technical"
    tom_course.save()
    client.force_login(center_admin)
    client.post(url(session, "jury:finalization_confirm"))
    session.refresh_from_db()
    finalized_at, logs = session.finalized_at, TransitionLog.objects.count()
    again = client.post(url(session, "jury:finalization_confirm"), follow=True)
    assert "Cette session est déjà finalisée." in again.content.decode()
    draft = client.post(url(session), form_data(*day, **{"session-has_incident": "on"}))
    assert draft.status_code == 200  # the finalized summary, not a form
    session.refresh_from_db()
    assert session.finalized_at == finalized_at and not session.has_incident
    assert TransitionLog.objects.count() == logs


def test_nobody_can_start_or_resume_after_finalization(
    client, center_admin, day, session, invigilator, lina, tom, mini_bank
):
    _lina_course, tom_course = day
    add_challenges(tom_course, ["rangement-1-a"])
    tom_course.abort_reason = "candidate"
    tom_course.save()
    tom.authorized_to_start = True
    tom.save()
    client.force_login(center_admin)
    client.post(url(session, "jury:finalization_confirm"))
    tom.refresh_from_db()
    assert not tom.authorized_to_start
    with pytest.raises(evaluation.EvaluationRefused, match="pas ouverte"):
        evaluation.course_enter(candidate_id=tom.pk, user=tom.user)
    with pytest.raises(evaluation.EvaluationRefused, match="terminé"):
        evaluation.answer_record(course_id=tom_course.pk, user_id=tom.user_id, index=1)
    with pytest.raises(invigilation.InvigilationRefused, match="finalisée"):
        invigilation.invigilator_enter(
            user=invigilator, number=session.pk, password="B2F7K", ip="1"
        )
    with pytest.raises(invigilation.InvigilationRefused, match="finalisée"):
        invigilation.candidate_authorize(candidate=lina, authorized=True)


@pytest.mark.parametrize("name", ["jury:finalization", "jury:finalization_confirm"])
def test_other_centers_and_pupils_are_told_it_does_not_exist(
    client, day, session, pupil, other_teacher, name
):
    for user in (pupil, other_teacher):
        client.force_login(user)
        assert client.get(url(session, name)).status_code == 404
        assert client.post(url(session, name)).status_code == 404
    session.refresh_from_db()
    assert session.status == SessionStatus.CREATED


def test_the_page_costs_the_same_queries_for_one_or_many_candidates(
    client, center_admin, session, lina
):
    make_course(lina)
    client.force_login(center_admin)
    client.get(url(session))  # the first visit prefills
    with CaptureQueriesContext(connection) as one:
        client.get(url(session))
    for n in range(5):
        other = make_candidate(session, make_user(f"eleve{n}"), f"Nom{n}", "Prénom")
        course = make_course(other)
        IssueReport.objects.create(course=course, category="C6")
    client.get(url(session))
    with CaptureQueriesContext(connection) as six:
        client.get(url(session))
    assert len(six) == len(one)


def test_the_automatic_jury_runs_once_and_only_on_a_finalized_session(session, day):
    from certinum.jury import services, tasks

    assert not services.auto_jury_run(session_id=session.pk)  # not finalized yet
    session.status = SessionStatus.FINALIZED
    session.save()
    tasks.auto_jury.enqueue(session_id=session.pk)  # the immediate backend runs it now
    session.refresh_from_db()
    done_at = session.auto_jury_done_at
    assert done_at is not None
    assert not services.auto_jury_run(session_id=session.pk)  # delivered twice: done once
    session.refresh_from_db()
    assert session.auto_jury_done_at == done_at
