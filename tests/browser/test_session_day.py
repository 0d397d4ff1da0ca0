"""The session day in two browsers: the invigilator opens the session and projects the
pupils' information; a pupil joins, waits, is authorized (her page moves on by itself),
gives the access code, reads the instructions and answers; she reports a problem that the
invigilator validates (a new question replaces it); the invigilator ends her test."""

import pytest

from certinum.evaluation.models import CertificationCourse, CourseState
from tests.browser.conftest import check_accessibility
from tests.browser.test_campaign import log_in
from tests.invigilation import conftest as day
from tests.orga.test_campaigns import give_profile

CERTIFIABLE = {"1.1": 2, "1.2": 1, "2.1": 1, "3.1": 1, "4.1": 1}

# The session and candidate of the invigilation tests (password C-B2F7K, code BCDF23).
session = pytest.fixture(day.session.__wrapped__)  # type: ignore[attr-defined]
lina = pytest.fixture(day.lina.__wrapped__)  # type: ignore[attr-defined]


@pytest.fixture
def two_people(browser, live_server):
    contexts = [browser.new_context(locale="fr-FR", base_url=live_server.url) for _ in range(2)]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.set_default_timeout(15_000)
    yield pages
    for context in contexts:
        context.close()


def test_a_session_day(two_people, session, lina, pupil, center_admin, item_bank):
    give_profile(pupil, CERTIFIABLE)
    invigilator, candidate = two_people

    log_in(invigilator, "centre@college.example")
    invigilator.goto("/surveillance/")
    invigilator.get_by_label("Numéro de session").fill(str(session.pk))
    invigilator.get_by_label("Mot de passe surveillant").fill("c-b2f7k")
    with invigilator.expect_navigation():
        invigilator.get_by_role("button", name="Surveiller la session").click()
    assert check_accessibility(invigilator, "50-surveillance-liste") == []
    with invigilator.expect_navigation():
        invigilator.get_by_role("link", name="Afficher les informations pour les élèves").click()
    invigilator.get_by_text("Afficher le code d'accès").click()
    assert invigilator.get_by_text("BCDF23").is_visible()
    assert check_accessibility(invigilator, "51-surveillance-informations-eleves") == []
    invigilator.go_back()

    log_in(candidate, "lina.roux")
    with candidate.expect_navigation():
        candidate.get_by_role("link", name="Rejoindre une session de certification").click()
    candidate.get_by_label("Numéro de session").fill(str(session.pk))
    candidate.get_by_label("Prénom").fill("lina marie")
    candidate.get_by_label("Nom (obligatoire)", exact=True).fill("ROUX LEVEQUE")
    candidate.get_by_label("Date de naissance").fill("04/05/2011")
    with candidate.expect_navigation():
        candidate.get_by_role("button", name="Rejoindre la session").click()
    assert "Attends : le surveillant va confirmer ta présence" in candidate.content()
    assert check_accessibility(candidate, "52-certification-attente") == []

    # The invigilator's list shows her arrival by itself; the pupil's page moves on by itself.
    confirm = invigilator.get_by_role("button", name="Confirmer la présence de Lina Marie")
    confirm.wait_for()
    with invigilator.expect_navigation():
        confirm.click()
    candidate.get_by_label("Code d'accès").wait_for()
    candidate.get_by_label("Code d'accès").fill("bcdf23")
    with candidate.expect_navigation():
        candidate.get_by_role("button", name="Commencer le test").click()
    candidate.get_by_label("J'ai lu les consignes").check()
    with candidate.expect_navigation():
        candidate.get_by_role("button", name="Commencer le test").click()
    heading = candidate.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("Question 1 sur ")
    assert check_accessibility(candidate, "53-certification-question") == []
    candidate.get_by_role("button", name="Je passe").click()
    candidate.get_by_role("heading", name="Question 2 sur", exact=False).wait_for()

    with candidate.expect_navigation():
        candidate.get_by_role("button", name="Signaler un problème avec cette question").click()
    assert "Ton signalement est transmis au surveillant" in candidate.content()
    invigilator.reload()
    invigilator.get_by_label("Catégorie du problème").select_option("E1")
    with invigilator.expect_navigation():
        invigilator.get_by_role("button", name="Valider : nouvelle question").click()
    assert "a une nouvelle question" in invigilator.content()
    # The waiting page asks every few seconds and reloads the question once decided.
    candidate.get_by_role("button", name="Valider ma réponse").wait_for()
    assert candidate.get_by_role("heading", level=1).inner_text().startswith("Question 2 sur ")

    invigilator.get_by_text("Terminer le test de Lina Marie").click()
    invigilator.get_by_label("Motif").select_option("technical")
    invigilator.get_by_label("Je confirme : le candidat ne pourra plus répondre.").check()
    assert check_accessibility(invigilator, "54-surveillance-terminer") == []
    with invigilator.expect_navigation():
        invigilator.get_by_role("button", name="Terminer le test").click()
    course = CertificationCourse.objects.get()
    assert course.state == CourseState.ENDED_BY_INVIGILATOR
    candidate.reload()
    assert "Test terminé" in candidate.content()
    invigilator.set_viewport_size({"width": 375, "height": 800})
    assert check_accessibility(invigilator, "55-surveillance-liste-375") == []


def test_an_answer_sent_while_the_network_is_down_is_sent_again(
    browser,
    live_server,
    session,
    lina,
    pupil,
    item_bank,
):
    from certinum.evaluation import services

    give_profile(pupil, CERTIFIABLE)
    lina.user, lina.authorized_to_start = pupil, True
    lina.save()
    course = services.course_enter(candidate_id=lina.pk, user=pupil)
    services.instructions_seen(course=course)
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "lina.roux")
    page.goto(f"/certification/test/{course.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Question 1 sur ")
    context.set_offline(True)
    page.get_by_role("button", name="Je passe").click()
    page.get_by_text("La connexion au serveur est coupée").wait_for()
    context.set_offline(False)
    page.get_by_role("heading", name="Question 2 sur", exact=False).wait_for()
    assert course.answers.count() == 1
    context.close()
