"""Platform staff browse and edit the framework and the item bank in the Django admin."""

import pytest
from django.urls import reverse

from certinum.referential.models import Challenge

pytestmark = pytest.mark.django_db


def test_staff_browse_every_admin_list(client, staff, mini_bank):
    client.force_login(staff)
    for model in ("area", "competence", "tube", "skill", "challenge"):
        assert client.get(reverse(f"admin:referential_{model}_changelist")).status_code == 200
    for name in ("accounts_user", "orga_organization", "orga_pupil", "centers_certificationcenter"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_staff_edit_a_challenge_and_an_illustration_needs_its_alt_text(client, staff, mini_bank):
    client.force_login(staff)
    challenge = Challenge.objects.get(key="rangement-1-a")
    url = reverse("admin:referential_challenge_change", args=[challenge.pk])
    assert client.get(url).status_code == 200
    form = {
        "key": challenge.key,
        "skill": challenge.skill_id,
        "type": "QCU",
        "status": "validated",
        "locale": "fr-fr",
        "statement": "Où ranger ton exposé ?",
        "proposals": '["A", "B", "C"]',
        "inputs": "[]",
        "solution": '"1"',
        "scoring": "[]",
        "format": "",
        "t1_enabled": "on",
        "t2_enabled": "on",
        "t3_enabled": "on",
        "illustration": "media/1.2/dossier.svg",
        "illustration_alt": "",
        "attachments": "[]",
        "embed_url": "",
        "sources": "[]",
        "screen_reader_friendly": "on",
        "colour_blind_friendly": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Une illustration doit avoir un texte alternatif." in response.content.decode()
    form["illustration"] = ""
    assert client.post(url, form).status_code == 302
    challenge.refresh_from_db()
    assert challenge.statement == "Où ranger ton exposé ?"


def test_a_malformed_uai_is_refused_in_the_admin(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:orga_organization_add"),
        {
            "name": "Collège test",
            "type": "SCO",
            "uai": "12AB",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert "7 chiffres puis une lettre majuscule" in response.content.decode()
