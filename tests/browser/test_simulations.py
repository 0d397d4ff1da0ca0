"""Interactive simulations (content/sims): a pupil acts inside the sandboxed frame, reads
what the simulation shows and answers in the ordinary field; the server checks. Every
scenario of every simulation draws without error at 1280 px and 375 px and passes axe."""

import re
from urllib.parse import urlsplit

import pytest

from certinum.learning import services
from certinum.learning.models import Answer
from certinum.referential.models import Competence
from certinum.static_headers import add_static_headers
from tests.browser.conftest import AXE, SCREENSHOTS, check_accessibility
from tests.browser.test_evaluation import wait_for_question_after
from tests.conftest import PASSWORD
from tests.learning.test_services import serve
from tests.simulation_bank import load_simulation_bank

SIMULATIONS = ["messagerie", "fichiers", "tableur", "confidentialite", "recherche"]


@pytest.fixture(autouse=True)
def simulation_headers(page):
    """The live server answers static files itself, without whitenoise: give the
    simulations the headers whitenoise gives them in production (their own
    Content-Security-Policy with `sandbox allow-scripts`, X-Frame-Options SAMEORIGIN), so
    the browser enforces them here too and the conftest sees any violation."""

    def with_headers(route):
        response = route.fetch()
        headers = dict(response.headers)
        add_static_headers(headers, "", urlsplit(route.request.url).path)
        route.fulfill(response=response, headers=headers)

    page.route("**/static/content/sims/**", with_headers)
    yield
    page.unroute_all(behavior="ignoreErrors")  # a frame may still be loading at the end


@pytest.fixture
def simulation_bank(db, tmp_path):
    return load_simulation_bank(tmp_path)


def log_in_on_question(page, pupil, key):
    assessment = services.assessment_start(
        user_id=pupil.pk, competence=Competence.objects.get(code="4.1")
    )
    serve(assessment, key)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("lina.roux")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-profil/")
    page.goto(f"/mon-profil/evaluations/{assessment.pk}/")
    return assessment


def test_a_pupil_reads_a_link_target_in_the_simulation_and_answers_right(
    page, live_server, pupil, simulation_bank
):
    assessment = log_in_on_question(page, pupil, "hameconnage-3-s2")
    frame_element = page.locator("iframe.embed")
    assert frame_element.get_attribute("sandbox") == "allow-scripts"
    assert page.get_by_role("heading", name=re.compile("^Simulation : Messagerie")).is_visible()
    frame = page.frame_locator("iframe.embed")

    # The pupil opens the message and, with the keyboard, lands on its link without
    # clicking: the status line shows where the link really goes.
    frame.get_by_role("button", name=re.compile("Tu as gagné une liseuse")).click()
    frame.get_by_role("heading", name="Tu as gagné une liseuse !").wait_for()
    frame.get_by_role("link", name="https://ent.college-tilleuls.example/concours").focus()
    status = frame.locator("#barre-etat")
    status.filter(has_text="Ce lien mène à").wait_for()
    target = re.search(r"https://([^/\s]+)", status.inner_text()).group(1)
    assert target == "cadeaux-lecture.example"
    assert check_accessibility(page, "sim-question-1280") == []

    page.get_by_label("Nom de domaine où mène le lien").fill(target)
    page.get_by_role("button", name="Valider ma réponse").click()
    wait_for_question_after(page, "hameconnage-3-s2")
    answer = Answer.objects.get(assessment=assessment)
    assert (answer.challenge.key, answer.value, answer.result) == (
        "hameconnage-3-s2",
        "cadeaux-lecture.example",
        "ok",
    )


def test_the_sender_address_is_revealed_on_request_at_phone_width(
    page, live_server, pupil, simulation_bank
):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in_on_question(page, pupil, "hameconnage-3-s1")
    frame = page.frame_locator("iframe.embed")
    frame.get_by_role("button", name=re.compile("Ton compte va être fermé")).click()
    frame.get_by_role("button", name="Afficher l'adresse de l'expéditeur").click()
    address = frame.locator("#details-expediteur")
    assert "securite@ent-tilleuls-compte.example" in address.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SCREENSHOTS / "sim-question-375.png"), full_page=True)


def frame_accessibility(page) -> list[dict]:
    """axe-core inside the simulation page itself (opened on its own, still sandboxed by
    its Content-Security-Policy)."""
    page.evaluate(AXE.read_text("utf-8"))
    # No preload: axe would fetch the stylesheets, which the simulation's policy forbids.
    results = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'], preload: false})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", SIMULATIONS)
def test_every_scenario_draws_fits_and_passes_axe(page, live_server, name, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": width, "height": 700})
    for scenario in range(1, 6):
        page.goto(f"/static/content/sims/{name}/index.html?s={scenario}")
        page.locator("main").wait_for()
        assert page.locator(".sim-error").count() == 0, (name, scenario)
        assert page.locator("main").inner_text().strip(), (name, scenario)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            name,
            scenario,
            width,
        )
        assert frame_accessibility(page) == [], (name, scenario)
        page.screenshot(
            path=str(SCREENSHOTS / f"sim-{name}-{scenario}-{width}.png"), full_page=True
        )
    assert errors == []


def open_simulation(page, name, scenario):
    page.goto(f"/static/content/sims/{name}/index.html?s={scenario}")
    page.locator("main").wait_for()


def test_each_item_answer_can_be_found_by_acting_in_its_simulation(page, live_server):
    """The key of each simulation item shows up once the pupil does what the statement
    asks (a guard against a scenario that drifts away from its item)."""
    open_simulation(page, "messagerie", 3)
    asking = []
    for button in page.locator("#messages button").all():
        button.click()
        if "mot de passe de l'ENT" in page.locator("#lecture").inner_text():
            asking.append(page.locator(".mail-header p").first.inner_text())
    assert asking == ["De\u00a0: Support de l'ENT"]

    open_simulation(page, "messagerie", 5)
    page.get_by_role("button", name=re.compile("Nouvelle connexion")).click()
    page.get_by_role("link", name="Sécuriser mon compte").focus()
    assert (
        "ent.college-tilleuls.example.connexion-verifiee.example/"
        in page.locator("#barre-etat").inner_text()
    )

    open_simulation(page, "fichiers", 1)
    for folder in ("Documents", "Collège", "SVT", "Images"):
        page.get_by_role("button", name=folder, exact=True).press("Enter")
    assert page.locator("#chemin button").all_inner_texts() == [
        "Mes fichiers", "Documents", "Collège", "SVT", "Images"
    ]  # fmt: skip
    page.get_by_role("button", name="eruptions.png").click()
    assert "1,3\u00a0Mo" in page.locator("#etat").inner_text()  # French spacing

    open_simulation(page, "tableur", 2)
    page.get_by_label("Aller à la cellule").fill("b8")
    page.keyboard.press("Enter")
    assert page.locator("#contenu-cellule").inner_text() == "=SOMME(B2:B6)"
    open_simulation(page, "tableur", 4)
    page.get_by_role("button", name="C2 : 512").click()
    page.get_by_role("button", name="Du plus petit au plus grand").click()
    assert page.get_by_role("button", name=re.compile("^A4 : ")).inner_text() == "Tom"
    open_simulation(page, "tableur", 5)
    page.get_by_role("button", name="A1 : Prix d'un ticket (€)").click()
    for key in ("ArrowDown", "ArrowDown", "ArrowDown", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
    assert page.locator("#cellule-active").inner_text() == "C4"
    assert page.locator("#contenu-cellule").inner_text() == "=B4*$B$1"

    open_simulation(page, "confidentialite", 1)
    page.get_by_label(re.compile("date de naissance")).select_option(label="Moi seulement")
    page.get_by_role("button", name="Voir mon profil comme une personne inconnue").click()
    assert "(4\u00a0informations)" in page.locator("#apercu").inner_text()
    open_simulation(page, "confidentialite", 5)
    assert page.locator("input[type=checkbox]:checked:not(:disabled)").count() == 2

    open_simulation(page, "recherche", 3)
    page.get_by_label("Date de publication").select_option(label="Moins d'une semaine")
    assert page.locator("#liste .url").all_inner_texts() == [
        "https://actu-ciel.example/eclipse-ce-soir"
    ]
    open_simulation(page, "recherche", 4)
    page.get_by_label("Rechercher").fill("« chaîne des Puys »")
    page.keyboard.press("Enter")
    assert page.locator("#liste .url").first.inner_text().startswith("https://volcans-auvergne")
    open_simulation(page, "recherche", 5)
    page.get_by_role("link", name="Irène Valois, encyclopédie collaborative").click()
    assert "(1891-1958)" in page.locator("#texte-page").inner_text()
