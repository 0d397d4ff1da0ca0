"""A pupil runs a whole competence evaluation in the browser, keyboard included, and sees
their level and certifiability move — with zero serious or critical axe violations."""

from certinum.learning import services
from certinum.referential.models import Competence
from tests.browser.conftest import check_accessibility
from tests.conftest import PASSWORD
from tests.learning.test_services import RIGHT, serve


def answer_current_question(page, key):
    value = RIGHT[key]
    if isinstance(value, list):
        for position in value:
            page.locator(f"#proposition-{position}").check()
    elif isinstance(value, dict):
        for field, text in value.items():
            target = page.locator(f"#champ-{field}")
            if target.evaluate("el => el.tagName") == "SELECT":
                target.select_option(text)
            else:
                target.fill(text)
    elif page.locator("#reponse").count():
        page.locator("#reponse").fill(value)
    else:
        page.locator(f"#proposition-{value}").check()
    page.get_by_role("button", name="Valider ma réponse").click()
    wait_for_question_after(page, key)


def wait_for_question_after(page, key):
    """Wait until the page shows another question than `key` (or the results): never a
    fixed delay, never the old page read before the new one has arrived."""
    page.wait_for_function(
        """key => {
            const field = document.querySelector("input[name=challenge]");
            return field === null || field.value !== key;
        }""",
        arg=key,
    )


def test_a_pupil_runs_an_evaluation_to_the_end(page, live_server, pupil, mini_bank):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("lina.roux")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-profil/")
    assert "0 compétence certifiable sur 5 nécessaires" in page.content()
    assert check_accessibility(page, "10-profil-vide") == []

    with page.expect_navigation():
        page.get_by_role("link", name="1.2 Gérer des données").click()
    assert check_accessibility(page, "11-competence") == []
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer l'évaluation").click()

    seen_types = set()
    for number in range(1, 12):
        if "/resultat/" in page.url:
            break
        assert page.get_by_role("heading", level=1).inner_text() == f"Question {number}"
        key = page.locator("input[name=challenge]").input_value()
        seen_types.add(key)
        assert check_accessibility(page, f"12-question-{number}") == []
        answer_current_question(page, key)
    assert "/resultat/" in page.url
    assert "Niveau 3 · 24 pix" in page.content()
    assert check_accessibility(page, "13-resultat") == []

    page.get_by_role("link", name="Retour à mon profil").click()
    page.wait_for_url("**/mon-profil/")
    assert "24" in page.locator(".total-pix-value").inner_text()
    assert "1 compétence certifiable sur 5 nécessaires" in page.content()


def test_a_question_can_be_answered_with_the_keyboard_only(page, live_server, pupil, mini_bank):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("lina.roux")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/mon-profil/")
    page.goto("/mon-profil/competences/1.2/")
    page.get_by_role("button", name="Commencer l'évaluation").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/evaluations/*/")
    first = page.locator("input[type=radio], input[type=checkbox], input[type=text], select").first
    first.focus()
    key = page.locator("input[name=challenge]").input_value()
    page.keyboard.press("Space" if first.get_attribute("type") in ("radio", "checkbox") else "a")
    # "Je passe" is reachable and usable from the keyboard.
    page.get_by_role("button", name="Je passe").focus()
    page.keyboard.press("Enter")
    wait_for_question_after(page, key)
    assert page.locator("input[name=challenge]").input_value() != key
    assert page.get_by_role("heading", level=1).inner_text() == "Question 2"


def start_on(page, pupil, key):
    """Log in, start the 1.2 evaluation and put challenge `key` in front of the pupil."""
    assessment = services.assessment_start(
        user_id=pupil.pk, competence=Competence.objects.get(code="1.2")
    )
    serve(assessment, key)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("lina.roux")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-profil/")
    page.goto(f"/mon-profil/evaluations/{assessment.pk}/")
    return assessment


def test_the_countdown_ticks_but_screen_readers_hear_it_at_most_once_a_minute(
    page, live_server, pupil, mini_bank
):
    start_on(page, pupil, "formats-1-a")  # a 30-second timer
    announce = page.locator("[data-timer-announce]")
    display = page.locator("[data-timer-display]")
    first_announce, first_display = announce.inner_text(), display.inner_text()
    page.wait_for_function(
        "first => document.querySelector('[data-timer-display]').textContent !== first",
        arg=first_display,
    )
    assert announce.inner_text() == first_announce
    assert check_accessibility(page, "14-question-chronometree") == []


def test_leaving_a_focused_question_is_reported_to_the_server(page, live_server, pupil, mini_bank):
    assessment = start_on(page, pupil, "formats-2-a")
    assert page.locator("[data-focus-lost-message]").is_hidden()
    page.evaluate("window.dispatchEvent(new Event('blur'))")
    page.locator("[data-focus-lost-message]").wait_for(state="visible")
    for _ in range(20):
        assessment.refresh_from_db()
        if assessment.current_focus_lost:
            break
        page.wait_for_timeout(100)
    assert assessment.current_focus_lost


def test_answering_swaps_in_the_next_question_without_reloading_the_page(
    page, live_server, pupil, mini_bank
):
    start_on(page, pupil, "rangement-2-a")
    page.evaluate("window.__marker = 'same page'")
    page.locator("#reponse").fill("Géographie")
    page.get_by_role("button", name="Valider ma réponse").click()
    wait_for_question_after(page, "rangement-2-a")
    # One request per answer: the page was not reloaded, only its question region.
    assert page.evaluate("window.__marker") == "same page"
    assert page.url.endswith(f"/mon-profil/evaluations/{pupil.assessments.get().pk}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Question 2"
    # Screen readers and keyboards start again at the new question's heading.
    assert page.evaluate("document.activeElement.hasAttribute('data-question-heading')")
    assert page.title().startswith("Question 2")


def test_a_malformed_answer_keeps_what_the_pupil_typed(page, live_server, pupil, mini_bank):
    start_on(page, pupil, "formats-1-b")
    page.locator("#champ-p1").fill("x" * 500)
    page.locator("#champ-p2").fill("png")
    page.evaluate("document.querySelector('#champ-p1').removeAttribute('maxlength')")
    page.locator("#champ-p1").fill("x" * 501)
    page.get_by_role("button", name="Valider ma réponse").click()
    page.get_by_role("alert").filter(has_text="trop longue").wait_for()
    assert page.locator("#champ-p2").input_value() == "png"
    assert page.locator("input[name=challenge]").input_value() == "formats-1-b"


def test_the_countdown_and_the_focus_watch_start_again_on_a_swapped_question(
    page, live_server, pupil, mini_bank
):
    start_on(page, pupil, "formats-1-a")  # timed
    page.evaluate("window.__marker = 'same page'")
    # Nothing chosen: the question comes back (a swap) with its message.
    page.get_by_role("button", name="Valider ma réponse").click()
    page.get_by_role("alert").filter(has_text="Choisis une réponse").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    first = page.locator("[data-timer-display]").inner_text()
    page.wait_for_function(
        "first => document.querySelector('[data-timer-display]').textContent !== first",
        arg=first,
    )


def test_leaving_a_swapped_focused_question_is_reported(page, live_server, pupil, mini_bank):
    assessment = start_on(page, pupil, "formats-2-a")
    page.evaluate("window.__marker = 'same page'")
    page.get_by_role("button", name="Valider ma réponse").click()
    page.get_by_role("alert").filter(has_text="Remplis au moins un champ").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    page.evaluate("window.dispatchEvent(new Event('blur'))")
    page.locator("[data-focus-lost-message]").wait_for(state="visible")
    for _ in range(20):
        assessment.refresh_from_db()
        if assessment.current_focus_lost:
            break
        page.wait_for_timeout(100)
    assert assessment.current_focus_lost
