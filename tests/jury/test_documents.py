"""Scans uploaded at finalization: PDF, PNG or JPEG by their content, size-limited, served
only to the center's members and the staff."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certinum.evaluation.models import CourseState
from certinum.jury.models import SessionDocument
from tests.jury.conftest import make_course

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


@pytest.fixture
def course(lina):
    return make_course(lina, state=CourseState.COMPLETED)


def upload(client, session, course, name, content, kind="attendance"):
    data = {
        "session-examiner_global_comment": "",
        f"c{course.pk}-examiner_comment": "",
        "document-kind": kind,
        "document-file": SimpleUploadedFile(name, content, content_type="application/pdf"),
    }
    return client.post(reverse("jury:finalization", args=[session.center_id, session.pk]), data)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("feuille.pdf", PDF, "application/pdf"),
        ("scan.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_a_scan_is_stored_under_our_own_name_and_downloaded_by_the_center(
    client, center_admin, course, session, name, content, content_type
):
    client.force_login(center_admin)
    assert upload(client, session, course, name, content).status_code == 302
    document = SessionDocument.objects.get()
    assert document.content_type == content_type and document.original_name == name
    assert document.file.name.startswith("sessions/") and name not in document.file.name
    assert document.uploaded_by == center_admin
    download = client.get(
        reverse("jury:document", args=[session.center_id, session.pk, document.pk])
    )
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("feuille.pdf", PNG, "ne correspond pas à son nom"),  # a PNG named .pdf
        ("feuille.gif", b"GIF89a" + b"\x00" * 20, "Seuls les fichiers PDF, PNG ou JPEG"),
        ("feuille.pdf", b"<html><script>alert(1)</script>", "Seuls les fichiers PDF, PNG ou JPEG"),
        ("feuille.pdf", b"", "est vide"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(
    client, center_admin, course, session, name, content, message
):
    client.force_login(center_admin)
    response = upload(client, session, course, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, center_admin, course, session, settings):
    settings.SESSION_DOCUMENT_MAX_BYTES = 1000
    client.force_login(center_admin)
    response = upload(client, session, course, "feuille.pdf", PDF + b"0" * 1000)
    assert "Ce fichier est trop lourd : 1000" in response.content.decode()
    assert not SessionDocument.objects.exists()


def test_a_file_without_its_kind_is_refused(client, center_admin, course, session):
    client.force_login(center_admin)
    response = upload(client, session, course, "feuille.pdf", PDF, kind="")
    assert "Choisissez le type de document." in response.content.decode()
    assert not SessionDocument.objects.exists()


def test_a_document_can_be_removed_before_finalization(client, center_admin, course, session):
    client.force_login(center_admin)
    upload(client, session, course, "feuille.pdf", PDF)
    document = SessionDocument.objects.get()
    path = document.file.path
    data = {
        "session-examiner_global_comment": "",
        f"c{course.pk}-examiner_comment": "",
        "remove_document": str(document.pk),
    }
    client.post(reverse("jury:finalization", args=[session.center_id, session.pk]), data)
    assert not SessionDocument.objects.exists()

    assert not os.path.exists(path)


def test_only_the_center_and_the_staff_can_download(
    client, center_admin, course, session, staff, other_teacher, pupil
):
    client.force_login(center_admin)
    upload(client, session, course, "feuille.pdf", PDF)
    document = SessionDocument.objects.get()
    download = reverse("jury:document", args=[session.center_id, session.pk, document.pk])
    for user, status in ((staff, 200), (other_teacher, 404), (pupil, 404)):
        client.force_login(user)
        response = client.get(download)
        assert response.status_code == status
        if status == 200:
            b"".join(response.streaming_content)
    client.force_login(center_admin)
    other = reverse("jury:document", args=[session.center_id, session.pk + 1, document.pk])
    assert client.get(other).status_code == 404
