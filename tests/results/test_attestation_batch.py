import dataclasses
import io
import zipfile

import pytest
from django.conf import settings

from certinum.results import attestation, services
from certinum.results.models import AttestationBatch, ResultStatus
from tests.centers.test_documents import pdf_text
from tests.conftest import make_user
from tests.results.conftest import CODE, make_course, publish, validate


@pytest.fixture
def class_session(session, pupil, other_pupil, framework):
    """Lina (validated), Tom (validated), Zoé (rejected), Noé (not scored), published."""
    lina = make_course(session, pupil)
    validate(lina)
    tom = make_course(session, other_pupil, code="P-2346789B", last_name="Petit", first_name="Tom")
    validate(tom, marks=[("5.1", 2, 16)], pix=16)
    zoe = make_course(
        session, make_user("zoe"), code="P-33333333", last_name="Zola", first_name="Zoé"
    )
    validate(zoe, status=ResultStatus.REJECTED, marks=[], pix=0)
    make_course(session, make_user("abel"), code="P-44444444", last_name="Noé", first_name="Abel")
    publish(session)
    return session


def request_batch(session, capture):
    with capture(execute=True):
        return services.attestation_batch_request(session=session, by=None)


def test_the_batch_zips_one_attestation_per_published_certificate(
    class_session, django_capture_on_commit_callbacks
):
    batch = request_batch(class_session, django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.count) == ("done", 100, 2)
    assert batch.task_id
    with batch.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        names = archive.namelist()
        lina = pdf_text(archive.read(f"attestation-roux-lina-{CODE}.pdf"))
    assert sorted(names) == [
        "attestation-petit-tom-P-2346789B.pdf",
        f"attestation-roux-lina-{CODE}.pdf",
    ]
    assert "72 pix sur 640 pix" in lina
    assert f"{settings.SITE_URL}/verifier/{CODE}/" in lina


def test_nothing_is_zipped_before_publication(
    session, pupil, framework, django_capture_on_commit_callbacks
):
    validate(make_course(session, pupil))

    batch = request_batch(session, django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert (batch.status, batch.count) == ("done", 0)
    with batch.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        assert archive.namelist() == []


def test_a_batch_is_built_once_even_if_its_task_runs_twice(
    class_session, django_capture_on_commit_callbacks, monkeypatch
):
    batch = request_batch(class_session, django_capture_on_commit_callbacks)
    monkeypatch.setattr(attestation, "attestation_pdf", pytest.fail)

    services.attestation_batch_build(batch=AttestationBatch.objects.get(pk=batch.pk))

    assert AttestationBatch.objects.get(pk=batch.pk).status == "done"


def test_a_failure_is_recorded_with_a_french_message(
    class_session, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "attestations_zip", broken)

    request_batch(class_session, django_capture_on_commit_callbacks)  # the task fails

    batch = AttestationBatch.objects.get()
    assert batch.status == "failed"
    assert batch.error.startswith("Les attestations n'ont pas pu être préparées.")


def test_progress_is_reported_as_the_zip_grows(class_session):
    certificates = services.selectors.session_certificates(class_session)
    links = services.attestation_links("https://certinum.example")
    steps: list[int] = []

    many = [
        dataclasses.replace(certificate, verification_code=f"P-{index:08d}")
        for index in range(20)
        for certificate in certificates
    ]

    attestation.attestations_zip(many, links, io.BytesIO(), steps.append)

    assert steps == sorted(steps)
    assert steps[-1] == 100
    assert 15 <= len(steps) <= 20
