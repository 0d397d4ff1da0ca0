"""The room test in the browser: a technician answers the five sample questions, checks
the focus-loss detection, sees every check pass and gets the computer's code — with zero
serious or critical axe violations and nothing blocked by the CSP (conftest) — then the
page at 375 px, where it still works with a warning on the screen size."""

from certinum.centers.models import RoomCheck, Session
from tests.browser.conftest import check_accessibility
from tests.browser.test_campaign import log_in
from tests.browser.test_narrow_screens import fits


def accessible(page, name: str) -> bool:
    """axe finds nothing serious; then remove the empty `style` attributes axe leaves on
    form fields: htmx's settle step copies the attributes of same-id elements onto the
    next question, and that copy would count as an inline style blocked by the CSP."""
    violations = check_accessibility(page, name)
    page.evaluate(
        "document.querySelectorAll('[style=\"\"]').forEach(e => e.removeAttribute('style'))"
    )
    assert violations == [], violations
    return True


def answer_samples(page):
    question = page.locator("#question")
    page.get_by_label("Une souris").check()
    page.get_by_role("button", name="Valider ma réponse").click()
    question.get_by_role("heading", name="Question d'exemple 2 sur 5").wait_for()
    # The timed question counts down like on the day.
    first = page.locator("[data-timer-display]").inner_text()
    page.wait_for_function(
        "first => document.querySelector('[data-timer-display]').textContent !== first",
        arg=first,
    )
    page.get_by_label("vacances.png").check()
    page.get_by_label("chat.jpg").check()
    page.get_by_role("button", name="Valider ma réponse").click()
    question.get_by_role("heading", name="Question d'exemple 3 sur 5").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le fichier essai.txt").click()
    assert "BOUSSOLE" in download.value.path().read_text("utf-8")
    page.get_by_label("Le mot écrit dans le fichier").fill("boussole")
    page.get_by_role("button", name="Valider ma réponse").click()
    question.get_by_role("heading", name="Question d'exemple 4 sur 5").wait_for()
    assert "Ne quitte pas cette page." in page.locator("#enonce").inner_text()
    page.get_by_label("Copier : Ctrl +").select_option("C")
    page.get_by_label("Coller : Ctrl +").fill("V")
    page.get_by_role("button", name="Valider ma réponse").click()
    question.get_by_role("heading", name="Question d'exemple 5 sur 5").wait_for()
    page.get_by_label("Premier navigateur").fill("Firefox")
    page.get_by_label("Deuxième navigateur").fill("Chromium")
    page.get_by_role("button", name="Valider ma réponse").click()
    question.get_by_role("heading", name="Questions d'exemple terminées").wait_for()


def test_a_technician_tests_a_computer_and_gets_its_code(page, live_server, center_admin, center):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/test-des-salles/")
    assert page.get_by_role("heading", level=1).inner_text() == "Test technique des salles"
    assert accessible(page, "room-test-1280-debut")
    answer_samples(page)

    page.get_by_role("button", name="Vérifier la détection de sortie de page").click()
    focus = page.locator('[data-check="focus"]')
    assert "Cliquez maintenant en dehors" in focus.inner_text()
    page.evaluate("window.dispatchEvent(new Event('blur'))")
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-check]')]"
        ".every(item => item.dataset.status === 'ok')"
    )
    assert page.get_by_role("status").filter(has_text="OK").count() >= 1

    page.get_by_role("button", name="Enregistrer le résultat et obtenir le code").click()
    page.locator("[data-code-line]").wait_for(state="visible")
    code = page.locator("[data-code]").inner_text()
    assert page.locator('[data-overall="ok"]').is_visible()
    check = RoomCheck.objects.get()
    assert check.code == code and check.passed
    assert set(check.results["verdicts"].values()) == {"ok"}
    assert check_accessibility(page, "room-test-1280-code") == []

    # The center adds the code on the session page and sees the computer in its checklist.
    session = Session.objects.create(
        center=center,
        address="1 rue de l'École",
        room="Salle 12",
        date="2027-01-15",
        time="09:00",
        examiners="Nadia Haddad",
    )
    log_in(page, "centre@college.example")
    page.goto(f"/centres/{center.pk}/sessions/{session.pk}/")
    assert page.get_by_role("link", name="test technique des salles").get_attribute("href") == (
        "/test-des-salles/"
    )
    page.get_by_label("Code du poste").fill(code.lower())
    page.get_by_label("Nom du poste (facultatif)").fill("Salle 12, poste 4")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter ce poste").click()
    assert f"Poste {code} ajouté à la session." in page.locator(".messages").inner_text()
    assert "Salle 12, poste 4" in page.locator("#postes").inner_text()
    assert "1 poste prêt" in page.locator("#postes").inner_text()
    assert check_accessibility(page, "room-test-session-1280") == []
    page.set_viewport_size({"width": 375, "height": 740})
    assert fits(page)
    assert check_accessibility(page, "room-test-session-375") == []


def test_the_room_test_works_on_a_phone_with_a_warning(page, live_server, db):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/test-des-salles/")
    screen = page.locator('[data-check="screen"]')
    page.wait_for_function(
        "() => document.querySelector('[data-check=download]').dataset.status !== 'pending'"
    )
    assert screen.get_attribute("data-status") == "warning"
    assert "Petit écran" in screen.inner_text()
    assert fits(page)
    assert check_accessibility(page, "room-test-375") == []
