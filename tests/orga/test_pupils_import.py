"""Importing the school's pupil list: preview, per-line report, all-or-nothing."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certinum.accounts.models import OrganizationMembership, Role
from certinum.orga import services
from certinum.orga.models import Pupil, PupilImport
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"
HEADER = "Nom;Prénom;Date de naissance;Classe;Identifiant\r\n"
GOOD_CSV = HEADER + (
    "Lévêque;Jean-Pierre;14/03/2012;4e A;E001\r\n"
    "N'Diaye;Aïssatou;02/11/2011;3e B;E002\r\n"
    "Martin;Léo;2012-07-30;4e A;E003\r\n"
)


def upload(client, school, content: bytes, name="eleves.csv"):
    return client.post(
        reverse("orga:pupils_import", args=[school.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def confirm(client, school, *, remove_absent=False):
    pupil_import = PupilImport.objects.latest("created_at")
    data = {"remove_absent": "on"} if remove_absent else {}
    return client.post(
        reverse("orga:pupils_import_preview", args=[school.pk, pupil_import.pk]), data
    )


def test_an_import_is_previewed_then_applied_on_confirmation(client, teacher, school):
    client.force_login(teacher)
    response = upload(client, school, GOOD_CSV.encode("utf-8-sig"))
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "3 élèves à ajouter" in preview
    assert not Pupil.objects.exists()  # nothing written before confirmation
    confirm(client, school)
    assert Pupil.objects.filter(organization=school).count() == 3
    pupil = Pupil.objects.get(local_id="E001")
    assert (pupil.last_name, pupil.first_name, str(pupil.birthdate), pupil.division) == (
        "Lévêque",
        "Jean-Pierre",
        "2012-03-14",
        "4e A",
    )


@pytest.mark.parametrize("name", ["eleves.ods", "eleves.xlsx", "eleves.csv"])
def test_real_ods_xlsx_and_csv_files_are_imported(client, teacher, school, name):
    client.force_login(teacher)
    response = upload(client, school, (FILES / name).read_bytes(), name)
    assert response.status_code == 302, response.content.decode()[:2000]
    confirm(client, school)
    assert Pupil.objects.filter(organization=school).count() == 4
    assert Pupil.objects.get(local_id="A004").birthdate.isoformat() == "2013-01-05"


def test_reimporting_updates_pupils_instead_of_duplicating_them(client, teacher, school):
    client.force_login(teacher)
    upload(client, school, GOOD_CSV.encode())
    confirm(client, school)
    moved = GOOD_CSV.replace("Martin;Léo;2012-07-30;4e A", "Martin;Léo;2012-07-30;3e C")
    upload(client, school, moved.encode())
    preview = client.get(
        reverse(
            "orga:pupils_import_preview",
            args=[school.pk, PupilImport.objects.latest("created_at").pk],
        )
    ).content.decode()
    assert "1 élève à mettre à jour" in preview and "2 élèves inchangés" in preview
    confirm(client, school)
    assert Pupil.objects.count() == 3
    assert Pupil.objects.get(local_id="E003").division == "3e C"


def test_pupils_absent_from_a_new_import_leave_their_class_only_if_confirmed(
    client, teacher, school
):
    client.force_login(teacher)
    upload(client, school, GOOD_CSV.encode())
    confirm(client, school)
    without_leo = "\r\n".join(line for line in GOOD_CSV.split("\r\n") if "Léo" not in line)
    upload(client, school, without_leo.encode())
    confirm(client, school)
    assert Pupil.objects.get(local_id="E003").division == "4e A"
    upload(client, school, without_leo.encode())
    confirm(client, school, remove_absent=True)
    leo = Pupil.objects.get(local_id="E003")
    assert (leo.division, leo.is_active) == ("", False)


def test_every_bad_line_is_reported_and_nothing_is_written(client, teacher, school):
    client.force_login(teacher)
    bad = HEADER + (
        "Durand;Emma;31/02/2012;4e A;X1\r\n"
        ";Tom;01/01/2012;4e A;X2\r\n"
        "Petit;Lou;;4e B;X3\r\n"
        "Roux;Zoé;12/12/2012;4e B;X1\r\n"
        "Bon;Élève;01/01/2012;4e B;X5\r\n"
    )
    page = upload(client, school, bad.encode()).content.decode()
    assert "Ligne 2 : date de naissance « 31/02/2012 » invalide" in page
    assert "Ligne 3 : Nom manquant" in page
    assert "Ligne 4 : date de naissance manquante" in page
    assert "Ligne 5 : identifiant « X1 » déjà utilisé ligne 2" in page
    assert not Pupil.objects.exists() and not PupilImport.objects.exists()


def test_a_file_without_the_expected_columns_is_explained(client, teacher, school):
    client.force_login(teacher)
    page = upload(client, school, b"Name;Surname\r\nA;B\r\n").content.decode()
    assert "Colonne introuvable : « Nom »" in page
    assert not PupilImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("eleves-windows-1252.csv", "UTF-8"),
        ("eleves-utf16.csv", "UTF-8"),
        ("pas-un-tableur.pdf", "pas un tableau"),
        ("bombe.ods", ""),
        ("vide.csv", "vide"),
    ],
)
def test_broken_or_foreign_files_get_a_clear_error_and_change_nothing(
    client, teacher, school, name, message
):
    client.force_login(teacher)
    response = upload(client, school, (FILES / name).read_bytes(), name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "pas été importé" in page or "Le formulaire contient des erreurs" in page
    assert message in page
    assert not Pupil.objects.exists() and not PupilImport.objects.exists()


def test_a_file_over_5_mb_is_refused(client, teacher, school):
    client.force_login(teacher)
    page = upload(client, school, b"x" * (5 * 1024 * 1024 + 1)).content.decode()
    assert "Le fichier dépasse 5 Mo." in page
    assert not PupilImport.objects.exists()


def test_an_import_cannot_be_applied_twice(client, teacher, school):
    client.force_login(teacher)
    upload(client, school, GOOD_CSV.encode())
    confirm(client, school)
    page = confirm(client, school).content.decode()
    assert Pupil.objects.count() == 3
    assert "appliqué" in page


def test_a_member_who_is_not_admin_cannot_import(client, school, teacher):
    member = make_user("membre@college.example", email="membre@college.example")
    OrganizationMembership.objects.create(user=member, organization=school, role=Role.MEMBER)
    client.force_login(member)
    assert upload(client, school, GOOD_CSV.encode()).status_code == 403


def test_another_schools_import_is_a_404(client, teacher, other_teacher, school, other_school):
    client.force_login(other_teacher)
    upload(client, other_school, GOOD_CSV.encode())
    other_import = PupilImport.objects.get()
    client.force_login(teacher)
    url = reverse("orga:pupils_import_preview", args=[school.pk, other_import.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def a_list_of(count: int, *, division: str) -> bytes:
    lines = [f"Élève{n};Prénom{n};01/09/2011;{division};ID{n:04d}\r\n" for n in range(count)]
    return (HEADER + "".join(lines)).encode()


def test_a_list_of_1000_pupils_is_applied_in_a_constant_number_of_queries(
    client, teacher, school, django_assert_max_num_queries
):
    client.force_login(teacher)
    upload(client, school, a_list_of(1000, division="6e A"))
    pupil_import = PupilImport.objects.latest("created_at")
    with django_assert_max_num_queries(18):  # constant: 15 + the logged transition
        services.pupil_import_apply(pupil_import=pupil_import, remove_absent=False)
    assert Pupil.objects.filter(organization=school, division="6e A").count() == 1000
    assert Pupil.objects.get(local_id="ID0999").last_name == "Élève999"

    upload(client, school, a_list_of(1000, division="5e A"))  # the same pupils, one year on
    pupil_import = PupilImport.objects.latest("created_at")
    with django_assert_max_num_queries(18):  # constant: 15 + the logged transition
        plan = services.pupil_import_apply(pupil_import=pupil_import, remove_absent=True)
    assert len(plan.updated) == 1000 and not plan.created
    assert set(Pupil.objects.values_list("division", flat=True)) == {"5e A"}
