"""The finalization draft starts from what the day recorded: accepted live alerts, a details
error noted by the invigilator, a test the invigilator ended."""

import pytest
from django.urls import reverse

from certinum.evaluation.models import AbortReason, CourseState, EndReason
from certinum.invigilation import alerts
from certinum.invigilation.models import LiveAlert
from certinum.jury import services
from certinum.jury.models import IssueReport, IssueSource
from tests.jury.conftest import add_challenges, make_course

pytestmark = pytest.mark.django_db


def finalization_page(client, session):
    return client.get(reverse("jury:finalization", args=[session.center_id, session.pk]))


def test_an_accepted_alert_is_a_resolved_in_challenge_report_with_its_question_number(
    client, center_admin, lina, invigilator, mini_bank
):
    course = make_course(lina)
    first, second, _third = add_challenges(
        course, ["rangement-1-a", "rangement-2-a", "rangement-3-a"]
    )
    first_answer = {"value": "1", "result": "ok", "served_at": course.started_at}
    course.answers.create(certification_challenge=first, **first_answer)
    alert = LiveAlert.objects.create(course=course, certification_challenge=second)
    alerts.alert_accept(alert=alert, subcategory="E3", by=invigilator)
    report = IssueReport.objects.get()
    assert (report.category, report.subcategory, report.question_number) == ("E", "E3", 2)
    assert report.source == IssueSource.LIVE_ALERT and report.live_alert == alert
    assert report.is_resolved and "validé par le surveillant" in report.resolution
    client.force_login(center_admin)
    page = finalization_page(client, lina.session).content.decode()
    assert "E3" in page and "question 2" in page
    assert "ne peut pas être retiré" in page.replace("&#x27;", "'")
    assert IssueReport.objects.count() == 1  # the prefill does not repeat it


def test_an_alert_accepted_before_reports_existed_is_reported_at_finalization(
    lina, invigilator, mini_bank
):
    course = make_course(lina)
    _first, second = add_challenges(course, ["rangement-1-a", "rangement-2-a"])
    LiveAlert.objects.create(
        course=course, certification_challenge=second, status="accepted", subcategory="E1"
    )
    services.finalization_prefill(session=lina.session)
    report = IssueReport.objects.get()
    assert (report.subcategory, report.question_number, report.source) == ("E1", 1, "live_alert")


def test_a_details_error_becomes_a_c1_report_once(client, center_admin, lina):
    lina.details_error = "Prénom : Léna, pas Lina"
    lina.save()
    make_course(lina, state=CourseState.COMPLETED)
    client.force_login(center_admin)
    page = finalization_page(client, lina.session).content.decode()
    report = IssueReport.objects.get()
    assert (report.category, report.subcategory) == ("C1-C2", "C1")
    assert report.description == "Prénom : Léna, pas Lina" and not report.is_resolved
    assert "Prénom : Léna, pas Lina" in page
    report.delete()  # the center removed it: opening the page again does not bring it back
    finalization_page(client, lina.session)
    assert not IssueReport.objects.exists()


@pytest.mark.parametrize(
    ("end_reason", "abort_reason", "codes"),
    [
        (EndReason.ABANDON, AbortReason.CANDIDATE, []),
        (EndReason.TECHNICAL, AbortReason.TECHNICAL, []),
        (EndReason.FRAUD, AbortReason.CANDIDATE, ["C6"]),
    ],
)
def test_a_test_ended_by_the_invigilator_gives_its_abort_reason(
    lina, end_reason, abort_reason, codes
):
    course = make_course(lina, state=CourseState.ENDED_BY_INVIGILATOR, end_reason=end_reason)
    services.finalization_prefill(session=lina.session)
    course.refresh_from_db()
    assert course.abort_reason == abort_reason
    assert [r.code for r in IssueReport.objects.all()] == codes
