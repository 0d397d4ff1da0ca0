"""A teacher creates a campaign, a pupil shares a profile through the browser, the teacher
sees the row, filters the certifiable pupils and downloads CSV and ODS files."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from certinum.orga import spreadsheets
from certinum.orga.models import Pupil
from tests.browser.conftest import check_accessibility
from tests.conftest import PASSWORD
from tests.orga.test_campaigns import give_profile


def log_in(page, login):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail ou identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # Wait for the page after the login, not for a load state the old page already has.
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)


@pytest.fixture
def two_people(browser, live_server):
    """Two separate browsers (teacher, pupil), closed before the live server stops."""
    contexts = [
        browser.new_context(locale="fr-FR", base_url=live_server.url, accept_downloads=True)
        for _ in range(2)
    ]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def test_a_campaign_from_creation_to_exports(
    two_people, teacher, school, pupil, item_bank, tmp_path
):
    Pupil.objects.create(
        organization=school,
        last_name="Roux",
        first_name="Lina",
        division="3e A",
        birthdate=datetime.date(2011, 5, 4),
    )
    give_profile(pupil, {"1.1": 2, "1.2": 1, "2.1": 1, "3.1": 1, "4.1": 1})

    teacher_page, pupil_page = two_people
    log_in(teacher_page, "prof@college.example")
    with teacher_page.expect_navigation():
        teacher_page.get_by_role("link", name="Créer une campagne").click()
    assert check_accessibility(teacher_page, "20-campagne-creation") == []
    teacher_page.get_by_label("Nom de la campagne").fill("Certificabilité 3e A")
    with teacher_page.expect_navigation():
        teacher_page.get_by_role("button", name="Créer la campagne").click()
    code = teacher_page.locator(".campaign-code").inner_text()
    assert len(code) == 9

    log_in(pupil_page, "lina.roux")
    with pupil_page.expect_navigation():
        pupil_page.get_by_role("link", name="Ton professeur t'a donné un code").click()
    pupil_page.get_by_label("Code de la campagne").fill(code.lower())
    with pupil_page.expect_navigation():
        pupil_page.get_by_role("button", name="Continuer").click()
    assert check_accessibility(pupil_page, "21-campagne-identite") == []
    pupil_page.get_by_label("Prénom").fill("LINA")
    pupil_page.get_by_label("Nom (obligatoire)", exact=True).fill("roux")
    pupil_page.get_by_label("Date de naissance").fill("04/05/2011")
    with pupil_page.expect_navigation():
        pupil_page.get_by_role("button", name="Rejoindre la campagne").click()
    assert check_accessibility(pupil_page, "22-campagne-envoi") == []
    with pupil_page.expect_navigation():
        pupil_page.get_by_role("button", name="Envoyer mon profil").click()
    assert "Ton profil a été envoyé" in pupil_page.content()

    teacher_page.reload()
    assert "1 élève certifiable sur 1" in teacher_page.content()
    teacher_page.get_by_label("Certifiable").select_option("oui")
    with teacher_page.expect_navigation():
        teacher_page.get_by_role("button", name="Filtrer").click()
    assert teacher_page.get_by_role("row", name="Roux Lina").is_visible()
    assert check_accessibility(teacher_page, "23-campagne-resultats") == []

    with teacher_page.expect_download() as csv_download:
        teacher_page.get_by_role("link", name="Télécharger (CSV)").click()
    csv_path = Path(tmp_path / "export.csv")
    csv_download.value.save_as(csv_path)
    rows = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][4:6] == ["Nom du Participant", "Prénom du Participant"]
    assert rows[1][4:8] == ["Roux", "Lina", "3e A", "Oui"]

    with teacher_page.expect_download() as ods_download:
        teacher_page.get_by_role("link", name="Télécharger (ODS)").click()
    ods_path = Path(tmp_path / "export.ods")
    ods_download.value.save_as(ods_path)
    table = spreadsheets.read_table(ods_path.read_bytes(), "export.ods")
    assert table[0] == rows[0]
    assert table[1][4:8] == ["Roux", "Lina", "3e A", "Oui"]

    with teacher_page.expect_navigation():
        teacher_page.get_by_role("link", name="Amener les élèves à être certifiables").click()
    assert check_accessibility(teacher_page, "24-rattrapage") == []
