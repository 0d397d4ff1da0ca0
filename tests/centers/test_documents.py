import datetime
import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from odf.opendocument import load
from odf.table import TableCell, TableRow

from certinum.accounts.models import CenterMembership
from certinum.centers import documents
from certinum.centers.models import Candidate, CertificationCenter
from tests.conftest import make_user

LINKS = documents.Links(
    invigilation="https://certinum.example/surveillance/",
    practice="https://certinum.example/certification/en-pratique/",
)
FIRST_NAMES = ["Léa", "Noé", "Chloé", "Maël", "Zoé", "Anaïs", "Théo", "Inès", "Jules", "Œdipe"]


def pdf_text(data: bytes) -> str:
    """The PDF's text read back by poppler, no-break spaces made plain, lines joined."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607 (poppler from the PATH)
        input=data,
        capture_output=True,
        check=True,
    )
    text = result.stdout.decode("utf-8")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def add(session, last_name, first_name, birthdate, extra=None):
    return Candidate.objects.create(
        session=session,
        last_name=last_name,
        first_name=first_name,
        sex="F",
        birthdate=birthdate,
        birth_country="France",
        birth_country_code="FR",
        birth_insee_code="75056",
        extra_time_percentage=extra,
    )


@pytest.fixture
def pupils(session):
    return [
        add(session, "Roux", "Lina", datetime.date(2012, 3, 14), extra=33),
        add(session, "Élouard", "Noé", datetime.date(2012, 6, 2)),
        add(session, "Dupont-Moretti de la Villardière", "Marie-Ève", datetime.date(2011, 12, 31)),
    ]


@pytest.fixture
def thirty(session):
    return [
        add(
            session,
            f"Nom{index:02d}" + (" Lefèvre-Saint-Hilaire de Montmorency" if index == 7 else ""),
            FIRST_NAMES[index % 10],
            datetime.date(2012, 1 + index % 12, 1 + index),
            extra=25 if index % 9 == 0 else None,
        )
        for index in range(30)
    ]


@pytest.fixture
def member_client(center_admin):
    client = Client()
    client.force_login(center_admin)
    return client


def test_the_attendance_sheet_lists_every_candidate_sorted_with_extra_time(session, pupils):
    text = pdf_text(documents.attendance_sheet_pdf(session, LINKS))
    assert "Feuille d'émargement" in text and f"Session n° {session.number}" in text
    assert text.index("Dupont-Moretti") < text.index("Élouard") < text.index("Roux")
    assert "14/03/2012" in text and "+ 33 %" in text
    assert "Marie-Ève" in text and "Nadia Haddad" in text  # the invigilator signs too
    assert "Salle 12" in text and "1 rue de l'École, 69001 Lyon" in text
    assert "page 1 sur 1" in text


def test_thirty_candidates_run_over_pages_numbered_page_n_of_total(session, thirty):
    text = pdf_text(documents.attendance_sheet_pdf(session, LINKS))
    assert all(f"Nom{index:02d}" in text for index in range(30))
    assert "page 1 sur 3" in text or "page 1 sur 2" in text
    assert "page 2 sur" in text


def test_the_invigilator_kit_holds_the_password_the_access_code_and_the_procedure(session, pupils):
    text = pdf_text(documents.invigilator_kit_pdf(session, LINKS))
    assert session.password_display in text and session.password_display.startswith("C-")
    assert session.access_code in text
    assert str(session.number) in text and "vendredi 15 janvier 2027" in text
    for step in ("Confirmer la présence", "Autoriser la reprise", "Terminer le test"):
        assert step in text
    assert "PV de fraude" in text and LINKS.invigilation in text


@pytest.mark.parametrize(
    ("build", "title", "field"),
    [
        (documents.incident_report_pdf, "PV d'incident", "Mesures prises"),
        (documents.fraud_report_pdf, "PV de fraude", "Observations du candidat"),
    ],
)
def test_the_reports_are_forms_with_the_session_identity(session, build, title, field):
    text = pdf_text(build(session, LINKS))
    assert title in text and field in text and "Candidat concerné" in text
    assert f"Session n° {session.number}" in text and "Salle 12" in text


def test_each_pupil_gets_a_notice_page_with_the_number_and_names_as_listed(session, pupils):
    text = pdf_text(documents.pupil_notices_pdf(session, LINKS))
    assert "page 3 sur 3" in text
    for pupil in pupils:
        assert f"Bonjour {pupil.first_name}" in text
        assert pupil.last_name in text
    assert "31/12/2011" in text
    assert "Rejoindre une session de certification" in text
    assert LINKS.practice in text
    assert session.access_code not in text  # given in the room only
    assert session.invigilator_password not in text


def test_the_attendance_spreadsheet_has_the_candidates_and_neutralises_formulas(session, pupils):
    add(session, '=HYPERLINK("http://x")', "Zoé", datetime.date(2012, 1, 1))
    document = load(io.BytesIO(documents.attendance_sheet_ods(session)))
    rows = [
        [str(cell) for cell in row.getElementsByType(TableCell)]
        for row in document.spreadsheet.getElementsByType(TableRow)
    ]
    assert rows[0][:4] == ["Nom", "Prénom", "Date de naissance", "Temps majoré (%)"]
    names = [row[0] for row in rows[1:]]
    assert names == [
        '\'=HYPERLINK("http://x")',
        "Dupont-Moretti de la Villardière",
        "Élouard",
        "Roux",
    ]
    assert rows[-1][1:4] == ["Lina", "14/03/2012", "33"]
    cells = document.spreadsheet.getElementsByType(TableCell)
    assert not any(cell.getAttribute("formula") for cell in cells)


def test_the_documents_tab_lists_each_document_with_its_link(member_client, session):
    url = reverse("centers:session_documents", args=[session.center_id, session.pk])
    page = member_client.get(url).content.decode()
    for slug in documents.DOCUMENTS:
        assert (
            reverse("centers:session_document", args=[session.center_id, session.pk, slug]) in page
        )
    assert reverse("centers:session_attendance_ods", args=[session.center_id, session.pk]) in page
    assert 'aria-current="page">Documents' in page


def test_a_download_names_the_file_and_marks_the_documents_as_downloaded(
    member_client, session, pupils
):
    assert session.documents_downloaded_at is None
    url = reverse(
        "centers:session_document", args=[session.center_id, session.pk, "feuille-emargement"]
    )
    response = member_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="feuille-emargement-session-{session.number}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    session.refresh_from_db()
    first = session.documents_downloaded_at
    assert first is not None
    member_client.get(
        reverse("centers:session_attendance_ods", args=[session.center_id, session.pk])
    )
    session.refresh_from_db()
    assert session.documents_downloaded_at == first  # the first download is what counts


def test_the_spreadsheet_download_is_an_ods_file(member_client, session, pupils):
    url = reverse("centers:session_attendance_ods", args=[session.center_id, session.pk])
    response = member_client.get(url)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert f"feuille-emargement-session-{session.number}.ods" in response["Content-Disposition"]


def test_an_unknown_document_is_not_found(member_client, session):
    url = reverse("centers:session_document", args=[session.center_id, session.pk, "bulletin"])
    assert member_client.get(url).status_code == 404


def test_it_hides_the_documents_from_a_member_of_another_center(session, pupils):
    other = CertificationCenter.objects.create(name="Centre Rosa-Parks", type="SCO")
    stranger = make_user("centre@rosa-parks.example")
    CenterMembership.objects.create(user=stranger, center=other)
    client = Client()
    client.force_login(stranger)
    for slug in documents.DOCUMENTS:
        url = reverse("centers:session_document", args=[session.center_id, session.pk, slug])
        assert client.get(url).status_code == 404
    session.refresh_from_db()
    assert session.documents_downloaded_at is None


@pytest.mark.django_db
def test_the_practice_page_is_public_and_linked_from_home():
    client = Client()
    page = client.get(reverse("certification_practice"))
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "La certification en pratique" in text and "Rejoindre une session de certification" in text
    )
    assert reverse("certification_practice") in client.get(reverse("home")).content.decode()


def test_the_checklist_of_the_session_page_links_to_the_documents(member_client, session):
    page = member_client.get(reverse("centers:session", args=[session.center_id, session.pk]))
    documents_url = reverse("centers:session_documents", args=[session.center_id, session.pk])
    assert f'<a href="{documents_url}">Imprimer les documents de la session</a>' in (
        page.content.decode()
    )
