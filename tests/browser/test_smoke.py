"""Home → log in as a demo user → log out, with zero serious or critical axe violations."""

from certinum.demo import DEMO_PASSWORD, SCHOOL_NAME, TEACHERS, demo_data_load
from tests.browser.conftest import check_accessibility


def test_a_demo_teacher_logs_in_and_out_through_accessible_pages(page, live_server, framework):
    demo_data_load()
    login = TEACHERS[0][2]
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Certifier")
    assert check_accessibility(page, "01-accueil") == []

    with page.expect_navigation():
        page.get_by_role("link", name="Se connecter").click()
    assert check_accessibility(page, "02-connexion") == []
    page.get_by_label("Adresse e-mail ou identifiant").fill(login)
    page.get_by_label("Mot de passe").fill("pas le bon")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    assert "mot de passe incorrect" in page.get_by_role("alert").inner_text()
    assert check_accessibility(page, "03-connexion-erreur") == []

    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/organisations/*/")
    assert page.locator(".subnav-title").inner_text() == SCHOOL_NAME
    assert check_accessibility(page, "04-organisation") == []

    page.get_by_role("link", name="Mon profil").click()
    page.wait_for_url("**/mon-profil/")
    assert page.locator(".competence").count() == 16
    assert check_accessibility(page, "05-profil") == []

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Se connecter").is_visible()


def test_the_skip_link_moves_focus_to_the_content(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_the_public_forms_are_accessible(page, db):
    for path, name in (
        ("/surveillance/", "06-surveillant"),
        ("/verifier/?code=abc", "07-verifier"),
        ("/compte/mot-de-passe/", "08-mot-de-passe"),
    ):
        page.goto(path)
        assert check_accessibility(page, name) == []


def test_the_error_pages_are_french_and_accessible(page, db):
    response = page.goto("/organisations/99999999999999999999999/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    assert check_accessibility(page, "09-page-introuvable") == []
