"""The results pages on a phone (375 px): the pupil's certificate (its copy buttons work),
the public verification of a code, the reading guide, « Mes certifications »; nothing
scrolls sideways and axe finds nothing."""

from django.urls import reverse

from tests.browser.conftest import check_accessibility
from tests.browser.test_campaign import log_in
from tests.browser.test_narrow_screens import fits
from tests.results.conftest import CODE, course, published, session  # noqa: F401 (fixtures)


def test_the_results_pages_fit_a_phone_and_pass_axe(page, published):  # noqa: F811
    page.set_viewport_size({"width": 375, "height": 800})
    for path, name in (
        (f"/verifier/{CODE}/", "375-certificat-verifie"),
        ("/verifier/?code=P-2346789B", "375-certificat-inconnu"),
        (reverse("results:reading_guide"), "375-tableau-de-lecture"),
    ):
        page.goto(path)
        assert fits(page), path
        assert check_accessibility(page, name) == []
    log_in(page, "lina.roux")
    for path, name in (
        (reverse("certification:mine"), "375-mes-certifications"),
        (reverse("certification:certificate", args=[published.pk]), "375-mon-certificat"),
    ):
        page.goto(path)
        assert fits(page), path
        assert check_accessibility(page, name) == []


def test_the_pupil_copies_her_verification_address(page, published, browser):  # noqa: F811
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, "lina.roux")
    page.goto(reverse("certification:certificate", args=[published.pk]))

    page.get_by_role("button", name="Copier l'adresse").click()

    assert page.get_by_role("status").filter(has_text="Copié.").count() == 1
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/verifier/{CODE}/")
