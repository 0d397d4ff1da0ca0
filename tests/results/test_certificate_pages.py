import pytest
from django.urls import reverse

from certinum.results import services
from certinum.results.models import Emitter, ResultStatus
from tests.centers.test_documents import pdf_text
from tests.results.conftest import CODE, make_course, publish, validate


def certificate_url(course):
    return reverse("certification:certificate", args=[course.pk])


def attestation_url(course):
    return reverse("certification:attestation", args=[course.pk])


def test_my_certifications_waits_for_publication_then_links_the_certificate(client, pupil, course):
    client.force_login(pupil)
    validate(course)

    waiting = client.get(reverse("certification:mine")).content.decode()
    assert "en attente de résultats" in waiting
    assert "72 pix" not in waiting
    assert certificate_url(course) not in waiting

    publish(course.session)
    published = client.get(reverse("certification:mine")).content.decode()
    assert "72 pix" in published
    assert certificate_url(course) in published


def test_my_certifications_says_when_a_published_certification_is_not_obtained(
    client, pupil, course
):
    validate(course, status=ResultStatus.REJECTED, pix=0, marks=[])
    publish(course.session)
    client.force_login(pupil)

    page = client.get(reverse("certification:mine")).content.decode()

    assert "non obtenue" in page
    assert certificate_url(course) not in page


def test_my_certifications_reads_the_results_in_a_fixed_number_of_queries(
    client, pupil, course, session, django_assert_max_num_queries
):
    validate(course)
    publish(session)
    client.force_login(pupil)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("certification:mine")).status_code == 200


def test_the_certificate_page_shows_identity_score_levels_and_sharing(client, pupil, published):
    client.force_login(pupil)

    page = client.get(certificate_url(published)).content.decode()

    for expected in ("Roux", "Lina", "14/03/2012", "15 janvier 2027", "Centre Jean-Moulin"):
        assert expected in page
    assert "72 pix" in page
    assert "sur 640 pix possibles" in page  # max reachable level 5 × 8 × 16
    assert CODE in page
    assert f"http://testserver/verifier/{CODE}/" in page
    assert reverse("results:reading_guide") in page
    assert attestation_url(published) in page
    # The picture and the same data as a table.
    assert 'role="img"' in page
    assert '<title id="chart-title">' in page
    assert "1.1 Mener une recherche et une veille d&#x27;information : niveau 3." in page
    assert page.count("<rect ") == 16
    assert '<th scope="row">2.1 Interagir</th>\n      <td>4</td>' in page
    assert (
        '<th scope="row">3.1 Développer des documents textuels</th>\n      <td>non certifiée'
        in page
    )


@pytest.mark.parametrize(
    "status", [ResultStatus.REJECTED, ResultStatus.CANCELLED, ResultStatus.ERROR]
)
def test_there_is_no_certificate_without_a_validated_current_result(client, pupil, course, status):
    validate(course)
    validate(course, status=status, pix=0, marks=[])
    publish(course.session)
    client.force_login(pupil)

    assert client.get(certificate_url(course)).status_code == 404
    assert client.get(attestation_url(course)).status_code == 404


def test_there_is_no_certificate_before_publication(client, pupil, course):
    validate(course)
    client.force_login(pupil)

    assert client.get(certificate_url(course)).status_code == 404
    assert client.get(attestation_url(course)).status_code == 404


def test_another_pupil_cannot_see_the_certificate(client, other_pupil, published):
    client.force_login(other_pupil)

    assert client.get(certificate_url(published)).status_code == 404
    assert client.get(attestation_url(published)).status_code == 404


def test_a_validated_result_by_the_jury_after_a_rejection_gives_the_certificate(
    client, pupil, course, staff
):
    validate(course, status=ResultStatus.REJECTED, pix=0, marks=[])
    services.result_record(
        course,
        status=ResultStatus.VALIDATED,
        pix_score=8,
        reproducibility_rate=80,
        marks=[("1.1", 1, 8)],
        emitter=Emitter.JURY,
        author=staff,
    )
    publish(course.session)
    client.force_login(pupil)

    assert client.get(certificate_url(course)).status_code == 200


def test_the_attestation_pdf_reads_back(client, pupil, published):
    client.force_login(pupil)

    response = client.get(attestation_url(published))

    assert response["Content-Type"] == "application/pdf"
    assert f'filename="attestation-roux-lina-{CODE}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in (
        "Attestation de certification",
        "Roux",
        "Lina",
        "14/03/2012",
        "15 janvier 2027",
        "Centre Jean-Moulin",
        "72 pix sur 640 pix possibles à cette date (niveau 5 au plus)",
        "1. Informations et données",
        "Mener une recherche et une veille d'information",
        "niveau 3",
        "non certifiée",
        CODE,
        f"http://testserver/verifier/{CODE}/",
        "tableau de lecture des résultats",
        "http://testserver/verifier/tableau-de-lecture/",
    ):
        assert expected in text, expected


def test_a_name_with_markup_characters_is_printed_as_it_is(client, session, other_pupil, framework):
    course = make_course(session, other_pupil, code="P-2346789B", last_name="O'Brien <& Co>")
    validate(course)
    publish(session)
    client.force_login(other_pupil)

    text = pdf_text(client.get(attestation_url(course)).content)

    assert "O'Brien <& Co>" in text
