import pytest
from django.urls import reverse

from certinum.results import selectors, services
from certinum.results.models import (
    AppendOnlyError,
    CertificationResult,
    CompetenceMark,
    Emitter,
    ResultStatus,
)
from tests.results.conftest import MARKS, make_course, validate


def test_a_result_is_stored_with_its_marks_and_their_areas(course):
    result = validate(course)

    marks = {m.competence_code: (m.area_code, m.level, m.score) for m in result.marks.all()}
    assert marks == {
        "1.1": ("1", 3, 24),
        "1.2": ("1", 2, 16),
        "2.1": ("2", 4, 32),
        "3.1": ("3", -1, 0),
    }
    assert (result.status, result.pix_score, result.emitter) == ("validated", 72, "algorithm")
    assert str(result.reproducibility_rate) == "85.50"


def test_a_stored_result_cannot_be_saved_again(course):
    result = validate(course)
    result.pix_score = 999

    with pytest.raises(AppendOnlyError):
        result.save()
    assert CertificationResult.objects.get().pix_score == 72


def test_results_and_marks_cannot_be_deleted_or_updated_in_bulk(course):
    result = validate(course)

    with pytest.raises(AppendOnlyError):
        result.delete()
    with pytest.raises(AppendOnlyError):
        CertificationResult.objects.filter(pk=result.pk).update(pix_score=0)
    with pytest.raises(AppendOnlyError):
        CertificationResult.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        CompetenceMark.objects.filter(result=result).update(level=8)
    with pytest.raises(AppendOnlyError):
        result.marks.first().delete()
    assert CompetenceMark.objects.filter(result=result).count() == len(MARKS)


def test_rescoring_adds_a_result_and_the_latest_one_is_current(course, staff):
    first = validate(course)
    jury = services.result_record(
        course,
        status=ResultStatus.REJECTED,
        pix_score=0,
        reproducibility_rate=40,
        marks=[],
        emitter=Emitter.JURY,
        author=staff,
        comment_for_candidate="Fraude constatée.",
    )

    assert selectors.current_result(course) == jury
    assert list(CertificationResult.objects.order_by("pk")) == [first, jury]
    assert CertificationResult.objects.get(pk=first.pk).status == "validated"


def test_current_results_reads_many_courses_in_two_queries(
    course, session, other_pupil, django_assert_num_queries
):
    other = make_course(session, other_pupil, code="P-2346789B", first_name="Tom")
    validate(course)
    latest = validate(course, marks=[("1.1", 5, 40)], pix=40)
    other_result = validate(other, status=ResultStatus.ERROR, marks=[], pix=0)

    with django_assert_num_queries(3):  # ids, the current results, their marks
        results = selectors.current_results([course, other])
        marks = [m.level for m in results[course.pk].marks.all()]

    assert results == {course.pk: latest, other.pk: other_result}
    assert marks == [5]


def test_a_course_without_result_has_no_current_result(course):
    assert selectors.current_result(course) is None
    assert selectors.current_results([course]) == {}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": "started"}, "unknown status"),
        ({"emitter": "robot"}, "unknown emitter"),
        ({"emitter": Emitter.JURY}, "author"),
        ({"marks": [("1.1", 9, 72)]}, "levels"),
        ({"marks": [("1.1", 1, 8), ("1.1", 2, 16)]}, "one mark"),
        ({"marks": [("9.9", 1, 8)]}, "unknown competences: 9.9"),
    ],
)
def test_inconsistent_results_are_refused_and_nothing_is_written(course, changes, reason):
    arguments = {
        "status": ResultStatus.VALIDATED,
        "pix_score": 8,
        "reproducibility_rate": 90,
        "marks": [("1.1", 1, 8)],
        "emitter": Emitter.ALGORITHM,
        **changes,
    }

    with pytest.raises(services.ResultRefused, match=reason):
        services.result_record(course, **arguments)
    assert not CertificationResult.objects.exists()


def test_staff_read_results_in_the_admin_but_cannot_change_them(client, staff, course):
    result = validate(course)
    client.force_login(staff)

    assert client.get(reverse("admin:results_certificationresult_changelist")).status_code == 200
    page = client.get(reverse("admin:results_certificationresult_change", args=[result.pk]))
    assert page.status_code == 200
    assert "Enregistrer" not in page.content.decode()
    assert client.get(reverse("admin:results_certificationresult_add")).status_code == 403
    assert client.get(reverse("admin:results_attestationbatch_changelist")).status_code == 200
