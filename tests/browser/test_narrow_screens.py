"""The pages added for invitations, pupil links, sign-up and errors work on a phone
(375 px): nothing scrolls sideways, and they pass axe."""

import datetime

from certinum.orga.models import Invitation, Pupil
from tests.browser.conftest import check_accessibility
from tests.browser.test_campaign import log_in


def fits(page) -> bool:
    wide = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                       && !(el.parentElement && el.parentElement.closest(".table-scroll")))
            .map(el => el.tagName + "." + el.className)"""
    )
    assert wide == [], wide
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_new_pages_fit_a_phone(page, teacher, school):
    page.set_viewport_size({"width": 375, "height": 800})
    for path, name in (
        ("/compte/inscription/envoyee/", "375-inscription-envoyee"),
        ("/compte/inscription/activer/MQ/abc-def/", "375-activation-invalide"),
        ("/page-inconnue/", "375-page-introuvable"),
    ):
        page.goto(path)
        assert fits(page), path
        assert check_accessibility(page, name) == []
    Pupil.objects.create(
        organization=school,
        last_name="Roux-Lévêque",
        first_name="Lina",
        division="3e A",
        birthdate=datetime.date(2011, 5, 4),
        join_code="ABCD23",
    )
    Invitation.objects.create(organization=school, email="collegue@college.example", token="t")
    log_in(page, "prof@college.example")
    for path, name in (
        (f"/organisations/{school.pk}/eleves/", "375-eleves"),
        (f"/organisations/{school.pk}/eleves/codes/", "375-codes"),
        (f"/organisations/{school.pk}/membres/", "375-membres"),
    ):
        page.goto(path)
        assert fits(page), path
        assert check_accessibility(page, name) == []
