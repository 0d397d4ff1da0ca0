"""A school admin chooses how pupils are matched to the list, prints their personal codes,
and manages invitations — pages that work with a keyboard and pass axe."""

import datetime

from certinum.orga.models import Invitation, Pupil
from tests.browser.conftest import check_accessibility
from tests.browser.test_campaign import log_in


def test_an_admin_requires_personal_codes_and_prints_them(page, teacher, school):
    Pupil.objects.create(
        organization=school,
        last_name="Roux-Lévêque",
        first_name="Lina",
        division="3e A",
        birthdate=datetime.date(2011, 5, 4),
    )
    Invitation.objects.create(organization=school, email="collegue@college.example", token="t")
    log_in(page, "prof@college.example")
    page.goto(f"/organisations/{school.pk}/eleves/")
    assert check_accessibility(page, "25-eleves-verification") == []
    page.get_by_label("Pour relier un élève à la liste, demander").select_option("code")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    assert "est enregistrée" in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="Imprimer les codes personnels des élèves").click()
    code = Pupil.objects.get().join_code
    assert page.get_by_role("cell", name=code).is_visible()
    assert check_accessibility(page, "26-codes-personnels") == []
    page.goto(f"/organisations/{school.pk}/membres/")
    assert page.get_by_role("button", name="Révoquer l'invitation de collegue@college.example")
    assert check_accessibility(page, "27-membres-invitations") == []
