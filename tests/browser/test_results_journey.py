"""After the session day, to the certificate: the center finalizes with an E1 report on a
question with a picture and a candidate who left early; the automatic jury neutralizes it
and scores; a staff juror publishes; the pupil downloads her attestation (its text read
back, its pages rendered to look at); an anonymous visitor verifies the code. At 1280 and
375 px, without serious or critical axe violations."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

from certinum.centers.models import Candidate, Session, SessionStatus
from certinum.evaluation import services as evaluation
from certinum.invigilation.services import candidate_authorize
from certinum.referential.models import Challenge
from certinum.results.models import Emitter
from certinum.results.selectors import current_result
from tests.browser.conftest import SCREENSHOTS, check_accessibility
from tests.browser.test_campaign import log_in
from tests.browser.test_narrow_screens import fits
from tests.invigilation.test_certification_course import CERTIFIABLE
from tests.invigilation.test_certification_scoring import answer
from tests.orga.test_campaigns import give_profile

PICTURE_QUESTION = 2  # answered wrong: the auto-jury neutralizes it on the E1 report


@pytest.fixture
def day(center, pupil, other_pupil, item_bank):
    """A session after its day: Lina answered every question (the second one, with a
    picture, wrong), Tom answered three and left."""
    session = Session.objects.create(
        center=center,
        address="1 rue de l'École",
        room="Salle 12",
        date=datetime.datetime.now(tz=datetime.UTC).date(),
        time=datetime.time(9, 0),
        examiners="Nadia Haddad",
    )
    courses = []
    for user, (last, first) in ((pupil, ("Roux", "Lina")), (other_pupil, ("Petit", "Tom"))):
        give_profile(user, CERTIFIABLE)
        candidate = Candidate.objects.create(
            session=session,
            last_name=last,
            first_name=first,
            sex="F",
            birthdate=datetime.date(2012, 3, 14),
            birth_country="France",
            birth_country_code="FR",
            user=user,
        )
        candidate_authorize(candidate=candidate, authorized=True)
        course = evaluation.course_enter(candidate_id=candidate.pk, user=user)
        evaluation.instructions_seen(course=course)
        courses.append(course)
    lina, tom = courses
    picture = lina.challenges.get(index=PICTURE_QUESTION).challenge
    if not picture.illustration:
        Challenge.objects.filter(pk=picture.pk).update(
            illustration=Challenge.objects.exclude(illustration="").values_list(
                "illustration", flat=True
            )[0]
        )
    answer(lina, right=lambda n: n != PICTURE_QUESTION - 1)
    answer(tom, count=3)
    return session, lina, tom


def finalize_in_the_browser(page, session, lina, tom) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "centre@college.example")
    page.goto(f"/centres/{session.center_id}/sessions/{session.pk}/finalisation/")
    block = page.locator(f"#candidat-{lina.pk}")
    block.get_by_label("Écran de fin du test vu").check()
    block.get_by_label("Catégorie", exact=True).select_option("E")
    block.get_by_label("Sous-catégorie").select_option("E1")
    block.get_by_label("Numéro de la question").fill(str(PICTURE_QUESTION))
    page.locator(f"#candidat-{tom.pk}").get_by_label("Motif de l'arrêt du test").select_option(
        "candidate"
    )
    with page.expect_navigation():
        block.get_by_role("button", name="Ajouter ce signalement").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Finaliser la session…").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Finaliser définitivement").click()
    assert "La session est finalisée" in page.content()
    page.context.clear_cookies()


def publish(session) -> None:
    from django.db import transaction

    from certinum.centers.models import SESSION_MACHINE
    from certinum.workflow.services import transition_apply

    session.refresh_from_db()
    with transaction.atomic():
        transition_apply(obj=session, machine=SESSION_MACHINE, name="publish", by_id=None)


def read_attestation(path: Path, name: str) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607 (Debian's poppler-utils)
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(path), str(SCREENSHOTS / name)],  # noqa: S607
            check=True,
        )
    return text


def test_from_finalization_to_a_verified_certificate(page, day, center_admin, tmp_path):
    session, lina, tom = day
    finalize_in_the_browser(page, session, lina, tom)

    # The automatic jury ran when the finalization was committed.
    lina.refresh_from_db()
    neutralized = lina.challenges.get(index=PICTURE_QUESTION)
    assert neutralized.is_neutralized
    result = current_result(lina)
    assert result.emitter == Emitter.AUTO_JURY and result.status == "validated"
    assert current_result(tom).emitter == Emitter.AUTO_JURY
    publish(session)
    session.refresh_from_db()
    assert session.status == SessionStatus.PROCESSED

    log_in(page, "lina.roux")
    page.goto("/certification/")
    with page.expect_navigation():
        page.get_by_role("link", name="voir mon certificat").first.click()
    assert check_accessibility(page, "70-certificat") == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l'attestation (PDF)").click()
    pdf = tmp_path / "attestation.pdf"
    download.value.save_as(pdf)
    text = read_attestation(pdf, "71-attestation")
    assert "Lina" in text and "ROUX" in text.upper()
    assert lina.verification_code in text
    assert f"{result.pix_score}" in text
    page.set_viewport_size({"width": 375, "height": 800})
    assert fits(page)
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/verifier/")
    page.get_by_label("Code de vérification").fill(lina.verification_code.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier").click()
    assert "Lina" in page.content()
    assert check_accessibility(page, "72-verification") == []
