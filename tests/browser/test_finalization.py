"""After the session day, a member of the center finalizes the session: an E1 report on
one candidate's question, the abort reason of a candidate who left early, the
confirmation; with the keyboard, at 1280 and 375 px, without serious axe violations."""

import pytest

from certinum.centers.models import SessionStatus
from certinum.evaluation.models import CourseState
from certinum.jury.models import IssueReport
from tests.browser.conftest import check_accessibility
from tests.browser.test_campaign import log_in
from tests.jury import conftest as after_the_day
from tests.jury.conftest import make_course

session = pytest.fixture(after_the_day.session.__wrapped__)  # type: ignore[attr-defined]
lina = pytest.fixture(after_the_day.lina.__wrapped__)  # type: ignore[attr-defined]
tom = pytest.fixture(after_the_day.tom.__wrapped__)  # type: ignore[attr-defined]


WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.table-scroll'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className + '#' + e.id)"""


def no_sideways_scroll(page) -> bool:
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_center_member_finalizes_a_session(page, session, lina, tom, center_admin):
    lina_course = make_course(lina, state=CourseState.COMPLETED)
    tom_course = make_course(tom)  # he left early: his test is still « en cours »
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "centre@college.example")
    page.goto(f"/centres/{session.center_id}/sessions/{session.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Finalisation").click()
    assert check_accessibility(page, "60-finalisation") == []

    block = page.locator(f"#candidat-{lina_course.pk}")
    block.get_by_label("Écran de fin du test vu").check()
    block.get_by_label("Catégorie", exact=True).select_option("E")
    block.get_by_label("Sous-catégorie").select_option("E1")
    block.get_by_label("Numéro de la question").fill("3")
    page.locator(f"#candidat-{tom_course.pk}").get_by_label(
        "Motif de l'arrêt du test"
    ).select_option("candidate")
    block.get_by_role("button", name="Ajouter ce signalement").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Brouillon enregistré" in page.content()
    assert "L'image ne s'affiche pas" in block.inner_text()
    assert block.get_by_label("Écran de fin du test vu").is_checked()  # kept

    page.set_viewport_size({"width": 375, "height": 800})
    assert no_sideways_scroll(page)
    assert check_accessibility(page, "61-finalisation-375") == []
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_navigation():
        page.get_by_role("button", name="Finaliser la session…").click()
    assert "Vous ne pourrez plus modifier" in page.content()
    assert check_accessibility(page, "62-finalisation-confirmer") == []
    with page.expect_navigation():
        page.get_by_role("button", name="Finaliser définitivement").click()
    assert "La session est finalisée" in page.content()
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_sideways_scroll(page)
    assert check_accessibility(page, "63-finalisation-terminee-375") == []

    session.refresh_from_db()
    tom_course.refresh_from_db()
    assert session.status == SessionStatus.FINALIZED
    assert tom_course.state == CourseState.ENDED_DUE_TO_FINALIZATION
    assert tom_course.abort_reason == "candidate"
    report = IssueReport.objects.get()
    assert (report.course, report.subcategory, report.question_number) == (lina_course, "E1", 3)
