"""The hostile-input corpus on every form of the accounts, organization, campaign,
invigilator and verification pages: 0 server errors, 0 unintended changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certinum.orga.models import Campaign, Pupil
from tests.hostile.corpus import LISTS, TEXTS
from tests.hostile.harness import send_all

pytestmark = pytest.mark.django_db


def each_field(url: str, valid: dict, *, method: str = "post", values=TEXTS, fields=None):
    """One request per (field, hostile value), the other fields keeping valid values."""
    for field in fields or valid:
        for value in values:
            yield method, url, {**valid, field: value}


@pytest.fixture(autouse=True)
def _no_limits(settings, monkeypatch):
    # The corpus sends hundreds of requests from one address: rate limits have their own tests.
    from certinum.accounts import throttle

    big = {
        name: throttle.Rule(limit=10**9, window=rule.window)
        for name, rule in throttle.RULES.items()
    }
    monkeypatch.setattr(throttle, "RULES", big)


@pytest.fixture
def campaign(school, teacher):
    campaign = Campaign.objects.create(organization=school, name="Collecte", code="ABCDEF234")
    Pupil.objects.create(
        organization=school, last_name="Roux", first_name="Lina", birthdate="2012-03-14"
    )
    return campaign


def test_public_forms(client, teacher, campaign):
    problems = send_all(
        client,
        [
            *each_field(reverse("accounts:login"), {"username": "x", "password": "y"}),
            *each_field(
                reverse("accounts:signup"),
                {
                    "first_name": "Noé",
                    "last_name": "Blanc",
                    "birthdate": "01/02/2012",
                    "username": "noe.b",
                    "email": "",
                    "password1": "un mot de passe solide",
                    "password2": "pas le même",  # never valid: nothing may be created
                },
            ),
            *each_field(reverse("accounts:password_reset"), {"email": "x@example.org"}),
            *each_field(
                reverse("invigilation:entry"), {"session_number": "1234", "password": "C-ABCDE"}
            ),
            *each_field(reverse("results:verify"), {"code": "P-ABCDEFGH"}, method="get"),
            *each_field(reverse("campaigns:join"), {"code": "ABCDEF234"}, method="get"),
            *each_field(reverse("set_language"), {"language": "en", "next": "/"}),
        ],
    )
    assert problems == []


def test_pupil_forms(client, pupil, campaign, framework):
    client.force_login(pupil)
    landing = reverse("campaigns:landing", args=[campaign.code])
    identity = {"first_name": "Tom", "last_name": "Petit", "birthdate": "01/01/2012"}
    problems = send_all(
        client,
        [
            *each_field(landing, identity),
            *each_field(reverse("campaigns:share", args=[campaign.code]), {"again": "1"}),
            *(("post", f"/mon-profil/competences/{v}/commencer/", {}) for v in TEXTS[:40]),
        ],
    )
    assert problems == []


def test_organization_forms(client, teacher, school, campaign):
    client.force_login(teacher)
    membership = teacher.organization_memberships.get()
    problems = send_all(
        client,
        [
            *each_field(
                reverse("orga:members", args=[school.pk]), {"email": "x@", "role": "MEMBER"}
            ),
            *each_field(
                reverse("orga:member_role", args=[school.pk, membership.pk]), {"role": "ADMIN"}
            ),
            *each_field(
                reverse("orga:campaign_create", args=[school.pk]),
                {"name": "", "external_id_label": "", "multiple_sendings": "on"},
                fields=["external_id_label", "multiple_sendings"],  # the name stays invalid
            ),
            *(
                ("get", reverse("orga:campaign", args=[campaign.pk]), {key: value})
                for key in ("division", "certifiable", "sort", "page")
                for value in TEXTS
            ),
            *(
                ("get", reverse("orga:campaign_export", args=[campaign.pk]), {"format": value})
                for value in TEXTS
            ),
        ],
    )
    assert problems == []


def test_organization_forms_with_valid_hostile_names_never_fail(client, teacher, school):
    """A campaign may well be named « <script> »: it is created, escaped, never a 500."""
    client.force_login(teacher)
    problems = send_all(
        client,
        each_field(reverse("orga:campaign_create", args=[school.pk]), {"name": "Collecte"}),
        changes_allowed=True,
    )
    assert problems == []


HOSTILE_FILES = {
    "vide.csv": b"",
    "bom.csv": b"\xef\xbb\xbf",
    "binaire.csv": bytes(range(256)) * 40,
    "nul.csv": b"Nom;Pr\x00nom\r\n",
    "faux.ods": b"PK\x03\x04" + b"\x00" * 100,
    "faux.xlsx": b"PK\x03\x04garbage",
    "html.xlsx": b"<html><body><table><tr><td>Nom</td></tr></table></body></html>",
    "exe.csv": b"MZ\x90\x00" + b"\x00" * 200,
    "longue-ligne.csv": b"Nom;" + b"x" * 2_000_000,
    "entete-seule.csv": "Nom;Prénom;Date de naissance\r\n".encode(),
    "colonnes.csv": ("a;" * 5_000 + "\r\n").encode(),
    "../../etc/passwd": b"Nom;Prenom\r\n",
    "noms-etranges.csv": (
        "Nom;Prénom;Date de naissance\r\n"
        + "".join(f"{value[:200]};{value[:200]};{value[:20]}\r\n" for value in TEXTS if value)
    ).encode("utf-8", "surrogatepass"),
}


def test_pupil_list_importer(client, teacher, school):
    client.force_login(teacher)
    url = reverse("orga:pupils_import", args=[school.pk])
    problems = []
    for name, content in HOSTILE_FILES.items():
        problems += send_all(
            client,
            [("post", url, {"file": SimpleUploadedFile(name, content)})],
            # A file that reads as a table is stored as a preview: that is asked for.
            changes_allowed=name == "noms-etranges.csv",
        )
    problems += send_all(client, [("post", url, {"file": value}) for value in TEXTS[:20]])
    assert problems == []


def test_list_fields_of_unexpected_shapes(client, teacher, school):
    client.force_login(teacher)
    problems = send_all(
        client,
        [
            ("post", reverse("orga:members", args=[school.pk]), {"email": v, "role": v})
            for v in LISTS
        ],
    )
    assert problems == []
