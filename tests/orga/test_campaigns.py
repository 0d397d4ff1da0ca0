"""Profile-collection campaigns: join by code, match the school list, share a frozen
profile, and the teacher's results table, exports and catch-up list."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certinum.learning.models import KnowledgeElement
from certinum.orga import services, spreadsheets
from certinum.orga.models import Campaign, Participation, Pupil
from certinum.referential.models import Competence, Skill

pytestmark = pytest.mark.django_db


def give_profile(user, levels: dict[str, int]) -> None:
    """Validate every skill up to `level` in each competence (8 pix per level)."""
    now = timezone.now()
    for code, level in levels.items():
        competence = Competence.objects.get(code=code)
        for skill in Skill.objects.filter(tube__competence=competence, level__lte=level):
            KnowledgeElement.objects.create(
                user=user,
                skill=skill,
                competence=competence,
                status="validated",
                source="direct",
                earned_pix=skill.pix_value,
                created_at=now,
            )


def join(client, campaign, **identity):
    data = {"first_name": "lina", "last_name": "ROUX LEVEQUE", "birthdate": "04/05/2011"}
    data.update(identity)
    return client.post(reverse("campaigns:landing", args=[campaign.code]), data, follow=True)


def test_a_campaign_code_is_6_letters_then_3_digits(campaign):
    assert re.fullmatch(r"[A-Z]{6}[0-9]{3}", campaign.code)


def test_the_code_form_leads_to_the_landing_page(client, campaign):
    response = client.get(reverse("campaigns:join"), {"code": f" {campaign.code.lower()} "})
    assert response.url == reverse("campaigns:landing", args=[campaign.code])
    page = client.get(reverse("campaigns:join"), {"code": "ZZZZZZ999"}).content.decode()
    assert "Aucune campagne ne correspond à ce code" in page
    page = client.get(reverse("campaigns:join"), {"code": "<script>"}).content.decode()
    assert "9 lettres et chiffres" in page


def test_an_anonymous_visitor_is_asked_to_log_in_or_sign_up(client, campaign):
    page = client.get(reverse("campaigns:landing", args=[campaign.code])).content.decode()
    assert "Se connecter" in page and "Créer un compte" in page


def test_a_new_pupil_signs_up_from_the_campaign_and_comes_back_to_it(client, campaign, db):
    landing = reverse("campaigns:landing", args=[campaign.code])
    response = client.post(
        reverse("accounts:signup"),
        {
            "first_name": "Noé",
            "last_name": "Blanc",
            "birthdate": "01/02/2012",
            "username": "noe.b",
            "email": "",
            "password1": "un mot de passe solide",
            "password2": "un mot de passe solide",
            "next": landing,
        },
    )
    assert response.url == landing
    page = client.get(landing).content.decode()
    assert "Rejoindre la campagne" in page and 'value="Noé"' in page


def test_a_pupil_matched_despite_accents_case_and_hyphens_shares_a_frozen_profile(
    client, pupil, campaign, lina_on_the_list, item_bank
):
    give_profile(pupil, {"1.1": 2, "1.2": 1, "2.1": 1, "3.1": 1, "4.1": 1})
    client.force_login(pupil)
    page = join(client, campaign).content.decode()
    assert "Envoyer mon profil" in page and "48 pix au total" in page
    lina_on_the_list.refresh_from_db()
    assert lina_on_the_list.user == pupil
    client.post(reverse("campaigns:share", args=[campaign.code]))
    participation = Participation.objects.get()
    assert participation.status == "SHARED"
    assert participation.snapshot["certifiable_competences"] == 5
    # Later progress does not change what was shared.
    give_profile(pupil, {"5.1": 3})
    participation.refresh_from_db()
    assert participation.snapshot["competences"]["5.1"]["pix"] == 0


def test_a_pupil_not_on_the_list_cannot_join(client, pupil, campaign, lina_on_the_list):
    client.force_login(pupil)
    page = join(client, campaign, birthdate="05/04/2011").content.decode()
    assert "ne correspondent à aucun élève disponible" in page
    assert not Participation.objects.exists()


def test_a_pupil_already_linked_to_another_account_is_refused(
    client, pupil, other_pupil, campaign, lina_on_the_list
):
    lina_on_the_list.user = other_pupil
    lina_on_the_list.save()
    client.force_login(pupil)
    # The same message as for a name that is not on the list (tests/orga/test_identity.py).
    assert "ne correspondent à aucun élève disponible" in join(client, campaign).content.decode()
    assert not Participation.objects.exists()


def test_a_bad_birthdate_gets_a_french_message(client, pupil, campaign, lina_on_the_list):
    client.force_login(pupil)
    page = join(client, campaign, birthdate="31/02/2011").content.decode()
    assert "Date invalide" in page


def test_sharing_twice_keeps_one_snapshot_and_a_reusable_campaign_can_be_sent_again(
    client, pupil, campaign, lina_on_the_list, item_bank
):
    client.force_login(pupil)
    join(client, campaign)
    client.post(reverse("campaigns:share", args=[campaign.code]))
    client.post(reverse("campaigns:share", args=[campaign.code]))
    assert Participation.objects.count() == 1
    give_profile(pupil, {"1.1": 1})
    client.post(reverse("campaigns:share", args=[campaign.code]), {"again": "1"})
    current = Participation.objects.get(is_improved=False)
    assert current.status == "SHARED" and current.snapshot["competences"]["1.1"]["pix"] == 8
    assert Participation.objects.filter(is_improved=True).count() == 1


def test_a_single_sending_campaign_refuses_a_second_sending(
    client, pupil, campaign, lina_on_the_list, item_bank
):
    Campaign.objects.filter(pk=campaign.pk).update(multiple_sendings=False)
    client.force_login(pupil)
    join(client, campaign)
    client.post(reverse("campaigns:share", args=[campaign.code]))
    page = client.post(
        reverse("campaigns:share", args=[campaign.code]), {"again": "1"}, follow=True
    ).content.decode()
    assert "un seul envoi" in page
    assert Participation.objects.count() == 1


@pytest.fixture
def class_results(school, campaign, pupil, other_pupil, item_bank):
    """Lina (3e A) certifiable, Tom (3e B) not, a third pupil who has not sent yet."""
    lina = Pupil.objects.create(
        organization=school,
        last_name="Roux",
        first_name="Lina",
        division="3e A",
        birthdate=datetime.date(2011, 5, 4),
        user=pupil,
    )
    tom = Pupil.objects.create(
        organization=school,
        last_name='=HYPERLINK("x")',
        first_name="Tom",
        division="3e B",
        birthdate=datetime.date(2011, 6, 7),
        user=other_pupil,
    )
    give_profile(pupil, {"1.1": 2, "1.2": 1, "2.1": 1, "3.1": 1, "4.1": 7})
    give_profile(other_pupil, {"1.1": 1})
    # Tom started 2.2 and holds 6 pix in it: almost level 1.
    competence = Competence.objects.get(code="2.2")
    for skill in Skill.objects.filter(tube__competence=competence, level=1)[:1]:
        KnowledgeElement.objects.create(
            user=other_pupil,
            skill=skill,
            competence=competence,
            status="validated",
            source="direct",
            earned_pix=6,
            created_at=timezone.now(),
        )
    for user, record in ((pupil, lina), (other_pupil, tom)):
        participation = Participation.objects.create(campaign=campaign, user=user, pupil=record)
        services.participation_share(participation=participation)
    third = Pupil.objects.create(
        organization=school,
        last_name="Zola",
        first_name="Emma",
        division="3e A",
        birthdate=datetime.date(2011, 1, 1),
    )
    from tests.conftest import make_user

    emma = make_user("emma.z")
    third.user = emma
    third.save()
    Participation.objects.create(campaign=campaign, user=emma, pupil=third)
    return campaign


def test_the_teacher_sees_the_rows_filters_and_the_certifiable_count(
    client, teacher, class_results, django_assert_max_num_queries
):
    client.force_login(teacher)
    url = reverse("orga:campaign", args=[class_results.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "1 élève certifiable sur 2" in page
    assert "En attente d'envoi" in page
    certifiable = client.get(url, {"certifiable": "oui"}).content.decode()
    assert "Lina" in certifiable and "Tom" not in certifiable
    by_class = client.get(url, {"classe": "3e B"}).content.decode()
    assert "Tom" in by_class and "Lina" not in by_class
    by_pix = client.get(url, {"tri": "pix"}).content.decode()
    assert by_pix.index("Lina") < by_pix.index("Tom")


def test_levels_are_capped_in_the_table_and_the_exports(client, teacher, class_results, settings):
    settings.MAX_REACHABLE_LEVEL = 5
    client.force_login(teacher)
    response = client.get(
        reverse("orga:campaign_export", args=[class_results.pk]), {"format": "csv"}
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:7] == [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        "Nom du Participant",
        "Prénom du Participant",
        "Classe",
    ]
    assert header[7:12] == [
        "Envoi (O/N)",
        "Date de l'envoi",
        "Nombre de pix total",
        "Certifiable (O/N)",
        "Nombre de compétences certifiables",
    ]
    assert header[12] == "Niveau pour la compétence Mener une recherche et une veille d'information"
    assert len(header) == 12 + 32
    lina = next(r for r in rows if r[5] == "Lina")
    level_41 = header.index("Niveau pour la compétence Sécuriser l'environnement numérique")
    assert lina[level_41] == "5" and lina[level_41 + 1] == "40"  # level 7 shown as 5, 40 pix
    assert lina[7] == "Oui" and lina[10] == "Oui"
    emma = next(r for r in rows if r[5] == "Emma")
    assert emma[7] == "Non" and emma[8:] == ["NA"] * (len(header) - 8)
    tom = next(r for r in rows if r[5] == "Tom")
    assert tom[4].startswith("'=")  # neutralised against formula injection


def test_the_ods_export_opens_with_the_right_columns(client, teacher, class_results):
    client.force_login(teacher)
    response = client.get(
        reverse("orga:campaign_export", args=[class_results.pk]), {"format": "ods"}
    )
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    table = spreadsheets.read_table(response.content, "export.ods")
    assert table[0][0] == "Nom de l'organisation" and len(table[0]) == 44
    assert {row[5] for row in table[1:]} == {"Lina", "Tom", "Emma"}


def test_the_catch_up_list_says_what_each_pupil_is_missing(client, teacher, class_results):
    client.force_login(teacher)
    page = client.get(reverse("orga:campaign_catchup", args=[class_results.pk])).content.decode()
    assert "Tom" in page and "Lina" not in page
    assert "Compétences au niveau 1 ou plus : 1 sur 5." in page
    almost = page[page.index("Presque au niveau suivant") : page.index("Commencées, niveau 1")]
    assert "2.2" in almost


def test_results_are_hidden_from_pupils_and_other_schools(
    client, pupil, other_teacher, class_results
):
    for user in (pupil, other_teacher):
        client.force_login(user)
        for name in ("orga:campaign", "orga:campaign_export", "orga:campaign_catchup"):
            assert client.get(reverse(name, args=[class_results.pk])).status_code == 404


def test_an_external_id_is_asked_and_exported_when_the_campaign_has_a_label(
    client, teacher, school, pupil, lina_on_the_list, item_bank
):
    campaign = services.campaign_create(
        organization=school,
        name="Avec identifiant",
        external_id_label="Numéro d'élève",
        multiple_sendings=False,
        by=teacher,
    )
    client.force_login(pupil)
    page = join(client, campaign).content.decode()
    assert "Numéro d&#x27;élève" in page and not Participation.objects.exists()
    join(client, campaign, external_id="=1+1")
    client.post(reverse("campaigns:share", args=[campaign.code]))
    client.force_login(teacher)
    response = client.get(reverse("orga:campaign_export", args=[campaign.pk]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][7] == "Numéro d'élève"
    assert rows[1][7] == "'=1+1"
