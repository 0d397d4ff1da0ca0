"""The candidate spreadsheet: the template, reading ODS, XLSX and CSV back, the line report,
all or nothing, and replacing the list while keeping links to the school's list."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certinum.centers import imports, services
from certinum.centers.models import Candidate, CandidateImport
from certinum.orga import spreadsheets
from certinum.orga.models import Pupil
from tests.centers.test_candidate_rules import CASES, PRO_CASES, VALID

pytestmark = pytest.mark.django_db

HEADER = [label for _field, label in imports.TEMPLATE_COLUMNS]
NOE = ["Dupont-Martin", "Noé", "M", "02/09/2011", "France", "", "69001", "Lyon", "", "", "", ""]
AYA = ["Benali", "Aya", "F", "11/12/2011", "Maroc", "99", "", "Rabat", "E12", "33", "", ""]


def ods(rows, header=HEADER):
    return spreadsheets.ods_bytes(header, rows, sheet_name="Candidats")


def xlsx(rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Liste des candidats — session"])  # a title line above the header
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv(rows, header=HEADER):
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-8")


@pytest.mark.parametrize("make", [ods, xlsx, csv], ids=["ods", "xlsx", "csv"])
def test_a_filled_file_is_read_in_every_format(session, make):
    rows = imports.read_candidates(session, make([NOE, AYA]), "liste")
    assert [(r["last_name"], r["birth_insee_code"], r["birth_city"]) for r in rows] == [
        ("Dupont-Martin", "69123", "Lyon"),
        ("Benali", "99", "Rabat"),
    ]
    assert rows[1]["extra_time_percentage"] == 33


def test_the_template_holds_the_session_candidates_and_reads_back(session, candidate):
    rows = imports.read_candidates(session, imports.template_bytes(session), "modele.ods")
    assert [(r["last_name"], r["birth_insee_code"]) for r in rows] == [("Roux", "75056")]


def test_older_labels_are_understood(session):
    old = [
        "NOM",
        "Prénom",
        "Sexe",
        "Date de naissance (format : jj/mm/aaaa)",
        "Pays de naissance",
        "Code postal",
        "Commune de naissance",
    ]
    data = csv([["Dupont", "Noé", "M", "02/09/2011", "France", "69001", "Lyon"]], header=old)
    (row,) = imports.read_candidates(session, data, "ancien.csv")
    assert row["birth_city"] == "Lyon"


def test_every_bad_line_is_reported_and_nothing_is_kept(session):
    bad = [
        ["", "Inès", "F", "14/03/2012", "France", "", "69001", "Lyon", "", "", "", ""],
        ["Martin", "Léa", "X", "31/02/2012", "Atlantide", "", "", "", "", "vingt", "a@", ""],
        NOE,
        NOE,
    ]
    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_candidates(session, ods(bad), "liste.ods")
    assert refused.value.errors == [
        "Ligne 2, colonne « * Nom de naissance » : Le nom de naissance est obligatoire.",
        "Ligne 3, colonne « * Sexe (M ou F) » : Le sexe doit être M ou F.",
        "Ligne 3, colonne « * Date de naissance (format : jj/mm/aaaa) » : La date de naissance "
        "« 31/02/2012 » doit être au format jj/mm/aaaa.",
        "Ligne 3, colonne « Pays » : Le pays « Atlantide » n'a pas été trouvé.",
        "Ligne 3, colonne « E-mail de convocation » : L'e-mail de convocation n'est pas valide.",
        "Ligne 3, colonne « Temps majoré ? » : Le temps majoré doit être un nombre entier.",
        "Ligne 5, colonne « * Nom de naissance » : même candidat que ligne 4",
    ]


def test_an_unknown_document_or_an_empty_one_is_refused(session):
    with pytest.raises(imports.ImportRefused, match="Cette version du document est inconnue"):
        imports.read_candidates(session, csv([["a"]], header=["Élève", "Classe"]), "x.csv")
    with pytest.raises(imports.ImportRefused, match="aucun candidat"):
        imports.read_candidates(session, ods([]), "vide.ods")
    with pytest.raises(imports.ImportRefused, match="pas un tableau"):
        imports.read_candidates(session, b"%PDF-1.4 ...", "liste.pdf")


def test_too_many_candidates_are_refused(session, monkeypatch):
    monkeypatch.setattr(imports, "MAX_CANDIDATES", 1)
    with pytest.raises(imports.ImportRefused, match="2 candidats : 1 au plus par session"):
        imports.read_candidates(session, ods([NOE, AYA]), "liste.ods")


def test_the_import_replaces_the_list_keeping_school_list_links(session, center_admin, school):
    pupil = Pupil.objects.create(
        organization=school,
        last_name="Roux",
        first_name="Lina",
        birthdate=datetime.date(2012, 3, 14),
    )
    services.enrol_pupils(session=session, pupils=[pupil])
    gone = Candidate.objects.create(
        session=session, last_name="Absent", first_name="Max", birthdate="2012-01-01"
    )
    template_rows = [
        ["Roux", "Lina", "", "14/03/2012", "", "", "", "", "", "", "", ""],  # from the list
        NOE,
    ]
    prepared = services.candidate_import_prepare(
        session=session, data=ods(template_rows), filename="l.ods", by=center_admin
    )
    plan = services.candidate_import_apply(candidate_import=prepared, by=center_admin)
    assert (len(plan.created), len(plan.updated), [c.pk for c in plan.removed]) == (1, 1, [gone.pk])
    lina = Candidate.objects.get(last_name="Roux")
    assert lina.pupil_id == pupil.pk
    assert Candidate.objects.count() == 2
    with pytest.raises(Exception, match="déjà été appliqué"):
        services.candidate_import_apply(candidate_import=prepared, by=center_admin)


def test_the_import_is_refused_once_a_candidate_joined(session, candidate, center_admin, pupil):
    candidate.user = pupil
    candidate.save()
    with pytest.raises(services.CenterRefused, match="ont déjà rejoint la session"):
        services.candidate_import_prepare(
            session=session, data=ods([NOE]), filename="l.ods", by=center_admin
        )


def test_the_pages_walk_from_upload_to_confirmation(client, center_admin, session):
    client.force_login(center_admin)
    args = [session.center_id, session.pk]
    template = client.get(reverse("centers:candidates_template", args=args))
    assert template["Content-Disposition"].endswith(f'candidats-session-{session.pk}.ods"')
    url = reverse("centers:candidates_import", args=args)
    refused = client.post(url, {"file": SimpleUploadedFile("l.ods", ods([NOE[:3]]))})
    assert "Le fichier n'a pas été importé" in refused.content.decode()
    assert not CandidateImport.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("l.ods", ods([NOE, AYA]))})
    preview = client.get(response.url).content.decode()
    assert "2 candidats ajoutés" in preview
    client.post(response.url, {"apply": ""})
    assert Candidate.objects.count() == 2
    assert Candidate.objects.get(last_name="Benali").birthdate == datetime.date(2011, 12, 11)


def as_row(values: dict, columns) -> list:
    return [values.get(field, "") for field, _label in columns]


@pytest.mark.parametrize("code", CASES)
def test_every_error_code_is_reported_from_an_ods_file(session, code):
    changes, message = CASES[code]
    columns = imports.TEMPLATE_COLUMNS + imports.BILLING_COLUMNS  # a school file with them too
    data = ods([as_row({**VALID, **changes}, columns)], header=[label for _f, label in columns])
    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_candidates(session, data, "liste.ods")
    assert any(error.endswith(message) for error in refused.value.errors), refused.value.errors


@pytest.mark.parametrize("code", PRO_CASES)
def test_every_billing_error_is_reported_from_an_xlsx_file(session, code):
    session.center.type = "PRO"
    session.center.save()
    changes, message = PRO_CASES[code]
    columns = imports.columns_for(session)
    header = [label for _f, label in columns]
    data = xlsx([as_row({**VALID, **changes}, columns)], header=header)
    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_candidates(session, data, "liste.xlsx")
    assert any(message in error for error in refused.value.errors), refused.value.errors
