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
    invigilator.get_by_label("Catégorie du problème signalé par Lina Marie").select_option("E1")
    with invigilator.expect_navigation():
        invigilator.get_by_role("button", name="Valider : nouvelle question").click()
    assert "a une nouvelle question" in invigilator.content()
    # The waiting page asks every few seconds and reloads the question once decided.
    candidate.get_by_role("button", name="Valider ma réponse").wait_for()
    assert candidate.get_by_role("heading", level=1).inner_text().startswith("Question 2 sur ")

    invigilator.get_by_text("Terminer le test de Lina Marie").click()
    invigilator.get_by_label("Motif pour Lina Marie").select_option("technical")
    invigilator.get_by_label("Je confirme : Lina Marie ne pourra plus répondre.").check()
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


def join_and_wait(page, session, first: str, last: str, birthdate: str) -> None:
    page.goto("/certification/rejoindre/")
    page.get_by_label("Numéro de session").fill(str(session.pk))
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom (obligatoire)", exact=True).fill(last)
    page.get_by_label("Date de naissance").fill(birthdate)
    with page.expect_navigation():
        page.get_by_role("button", name="Rejoindre la session").click()


def authorize(invigilator, button_name: str) -> None:
    button = invigilator.get_by_role("button", name=button_name)
    button.wait_for()  # the list shows the arrival by itself
    with invigilator.expect_navigation():
        button.click()


def begin(page) -> None:
    page.get_by_label("Code d'accès").wait_for()  # the waiting page moves on by itself
    page.get_by_label("Code d'accès").fill("BCDF23")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer le test").click()


def test_three_candidates_one_resumes_after_a_crash_one_abandons(
    browser, live_server, session, lina, pupil, other_pupil, center_admin, item_bank
):
    import datetime

    from certinum.centers.models import Candidate
    from tests.conftest import make_user

    tom = Candidate.objects.create(
        session=session,
        last_name="Petit",
        first_name="Tom",
        sex="M",
        birthdate=datetime.date(2011, 9, 1),
        birth_country="France",
        birth_country_code="FR",
    )
    ines = Candidate.objects.create(
        session=session,
        last_name="Benali",
        first_name="Inès",
        sex="F",
        birthdate=datetime.date(2011, 2, 3),
        birth_country="France",
        birth_country_code="FR",
    )
    third = make_user("ines.benali", first_name="Inès", last_name="Benali")
    for user in (pupil, other_pupil, third):
        give_profile(user, CERTIFIABLE)
    contexts = [browser.new_context(locale="fr-FR", base_url=live_server.url) for _ in range(4)]
    invigilator, lina_page, tom_page, ines_page = (c.new_page() for c in contexts)
    for page in (invigilator, lina_page, tom_page, ines_page):
        page.set_default_timeout(15_000)
    log_in(invigilator, "centre@college.example")
    invigilator.goto("/surveillance/")
    invigilator.get_by_label("Numéro de session").fill(str(session.pk))
    invigilator.get_by_label("Mot de passe surveillant").fill("C-B2F7K")
    with invigilator.expect_navigation():
        invigilator.get_by_role("button", name="Surveiller la session").click()

    for page, login, first, last, born, name in (
        (lina_page, "lina.roux", "Lina Marie", "Roux-Lévêque", "04/05/2011", "Lina Marie"),
        (tom_page, "tom.petit", "tom", "PETIT", "01/09/2011", "Tom"),
        (ines_page, "ines.benali", "Ines", "Benali", "03/02/2011", "Inès"),
    ):
        log_in(page, login)
        join_and_wait(page, session, first, last, born)
        authorize(invigilator, f"Confirmer la présence de {name}")
        begin(page)
        page.get_by_label("J'ai lu les consignes").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Commencer le test").click()
        page.get_by_role("button", name="Je passe").click()
        page.get_by_role("heading", name="Question 2 sur", exact=False).wait_for()

    # Lina's computer crashes: a new browser, and she needs « autoriser la reprise ».
    left_before = CertificationCourse.objects.get(candidate=lina).ends_at
    contexts[1].close()
    lina_context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    lina_page = lina_context.new_page()
    lina_page.set_default_timeout(15_000)
    log_in(lina_page, "lina.roux")
    join_and_wait(lina_page, session, "Lina Marie", "Roux-Lévêque", "04/05/2011")
    assert "Attends" in lina_page.content()
    invigilator.reload()
    authorize(invigilator, "Autoriser la reprise de Lina Marie")
    begin(lina_page)
    assert lina_page.get_by_role("heading", level=1).inner_text().startswith("Question 2 sur ")
    assert CertificationCourse.objects.get(candidate=lina).ends_at == left_before  # same time

    # Inès abandons: the invigilator ends her test.
    invigilator.reload()
    invigilator.get_by_text("Terminer le test de Inès").click()
    invigilator.get_by_label("Motif pour Inès").select_option("abandon")
    invigilator.get_by_label("Je confirme : Inès ne pourra plus répondre.").check()
    with invigilator.expect_navigation():
        invigilator.get_by_role("button", name="Terminer le test").click()
    assert CertificationCourse.objects.get(candidate=ines).end_reason == "abandon"
    assert check_accessibility(invigilator, "56-surveillance-trois-candidats") == []
    states = sorted(CertificationCourse.objects.values_list("state", flat=True))
    assert states == ["endedByInvigilator", "started", "started"]
    assert CertificationCourse.objects.get(candidate=tom).answers.count() == 1
    lina_context.close()
    for context in contexts:
        if context != contexts[1]:
            context.close()
