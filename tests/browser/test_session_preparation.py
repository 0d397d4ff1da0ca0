"""The center admin prepares a session in the browser: plans it, enrols pupils of a class
seeing who is certifiable, imports more candidates from the downloaded template filled in as
an ODS file, fixes a line reported in error, confirms, downloads the four PDFs and the pupil
notices (read back), and runs the room test from « Préparer la session », which passes."""

import datetime
from pathlib import Path

import pytest

from certinum.centers.models import Candidate, Session
from certinum.orga import spreadsheets
from certinum.orga.models import Pupil
from tests.browser.conftest import check_accessibility
from tests.browser.test_campaign import log_in
from tests.browser.test_room_test import accessible, answer_samples
from tests.centers.test_candidates import shared_profile
from tests.centers.test_documents import pdf_text
from tests.conftest import make_user

CLASS = "3e A"


@pytest.fixture
def school_pupils(school, framework):
    pupils = []
    for i in range(12):
        pupil = Pupil.objects.create(
            organization=school,
            last_name=f"Élève{i:02d}",
            first_name="Camille" if i % 2 else "Noé",
            birthdate=datetime.date(2011, 1 + i % 12, 1 + i),
            division=CLASS,
        )
        pupils.append(pupil)
        if i < 8:
            shared_profile(school, pupil, make_user(f"eleve{i}"), certifiable=5 if i < 6 else 2)
    return pupils


def new_rows(count: int) -> list[list[str]]:
    return [
        [f"Import{i:02d}", "Sami", "M", f"{1 + i:02d}/06/2011", "France", "", "69001", "Lyon"]
        + [""] * 4
        for i in range(count)
    ]


def plan_session(page) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Planifier une session").first.click()
    page.get_by_label("Date").fill("2027-01-15")
    page.get_by_label("Heure de début").fill("09:00")
    page.get_by_label("Adresse").fill("1 rue de l'École, 69001 Lyon")
    page.get_by_label("Salle").fill("Salle informatique B12")
    page.get_by_label("Surveillant(s)", exact=False).first.fill("Paul Girard")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer la session").click()


def enrol_ten(page) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Candidats", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Inscrire des élèves d'une classe").click()
    page.get_by_label("Classe").select_option(CLASS)
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher").click()
    assert page.get_by_text("non certifiable (2 compétences sur 5)").count() == 2
    assert page.get_by_text("profil non envoyé").count() == 4
    assert check_accessibility(page, "40-session-inscription-classe") == []
    for box in page.get_by_role("checkbox", name="Inscrire").all()[:10]:
        box.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Inscrire les élèves cochés").click()
    assert "10 élèves inscrits." in page.content()


def import_fifteen(page, tmp_path: Path) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Importer une liste (tableur)").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le modèle de la session (ODS)").click()
    template = tmp_path / "modele.ods"
    download.value.save_as(template)
    header, *enrolled = spreadsheets.read_table(template.read_bytes(), "modele.ods")
    assert len(enrolled) == 10
    rows = [*enrolled, *new_rows(15)]
    rows[12][3] = "31/02/2011"  # a line in error
    filled = tmp_path / "candidats.ods"
    filled.write_bytes(spreadsheets.ods_bytes(header, rows, sheet_name="Candidats"))
    page.get_by_label("Liste des candidats").set_input_files(str(filled))
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier le fichier").click()
    assert "Ligne 14, colonne « * Date de naissance (format : jj/mm/aaaa) »" in page.content()
    assert check_accessibility(page, "41-session-import-erreurs") == []
    rows[12][3] = "28/02/2011"  # fixed
    filled.write_bytes(spreadsheets.ods_bytes(header, rows, sheet_name="Candidats"))
    page.get_by_label("Liste des candidats").set_input_files(str(filled))
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier le fichier").click()
    assert "15 candidats ajoutés" in page.content()
    assert check_accessibility(page, "42-session-import-apercu") == []
    with page.expect_navigation():
        page.get_by_role("button", name="Confirmer l'import").click()


@pytest.fixture
def admin_page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_admin_prepares_a_session(admin_page, center_admin, school_pupils, tmp_path):
    page = admin_page
    log_in(page, "centre@college.example")
    assert check_accessibility(page, "39-centre-tableau-de-bord") == []
    plan_session(page)
    session = Session.objects.get()
    assert f"Session {session.number}" in page.content()
    enrol_ten(page)
    import_fifteen(page, tmp_path)
    assert "15 ajoutés, 10 mis à jour, 0 retirés" in page.content()
    assert Candidate.objects.filter(session=session).count() == 25
    assert Candidate.objects.filter(session=session, pupil__isnull=False).count() == 10
    assert check_accessibility(page, "43-session-candidats") == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert check_accessibility(page, "44-session-candidats-375") == []
    page.set_viewport_size({"width": 1280, "height": 800})
    download_documents(page, session, tmp_path)
    run_the_room_test(page, session)


PDF_TEXTS = {
    "Feuille d'émargement": ["Import14", "Élève00"],
    "Kit surveillant": ["C-", "Code d'accès"],
    "PV d'incident": ["Salle informatique B12"],
    "PV de fraude": ["Salle informatique B12"],
    "Notices élèves": ["Import07", "Rejoindre une session de certification"],
}


def download_documents(page, session, tmp_path: Path) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Documents", exact=True).click()
    assert check_accessibility(page, "45-session-documents") == []
    for title, expected in PDF_TEXTS.items():
        with page.expect_download() as download:
            page.get_by_role("link", name=f"Télécharger en PDF : {title}").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        text = " ".join(pdf_text(path.read_bytes()).split())
        assert str(session.number) in text, title
        for fragment in expected:
            assert fragment in text, (title, fragment)
    session.refresh_from_db()
    assert session.documents_downloaded_at is not None
    kit = " ".join(
        pdf_text((tmp_path / f"kit-surveillant-session-{session.number}.pdf").read_bytes()).split()
    )
    assert session.password_display in kit and session.access_code in kit


def run_the_room_test(page, session) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Préparer la session", exact=True).click()
    assert check_accessibility(page, "46-session-preparer") == []
    with page.expect_navigation():
        page.get_by_role("link", name="Ouvrir le test technique des salles").click()
    assert accessible(page, "47-test-des-salles")
    answer_samples(page)
    page.get_by_role("button", name="Vérifier la détection de sortie de page").click()
    page.evaluate("window.dispatchEvent(new Event('blur'))")
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-check]')]"
        ".every(item => item.dataset.status === 'ok')"
    )
    page.get_by_role("button", name="Enregistrer le résultat et obtenir le code").click()
    page.locator("[data-code-line]").wait_for(state="visible")
    code = page.locator("[data-code]").inner_text()
    page.goto(f"/centres/{session.center_id}/sessions/{session.pk}/")
    page.get_by_label("Code du poste").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter ce poste").click()
    page.goto(f"/centres/{session.center_id}/sessions/{session.pk}/preparer/")
    assert "1 poste prêt" in page.content()
    assert "Téléchargés le" in page.content()
