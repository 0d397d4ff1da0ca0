import io

from certinum.orga.spreadsheets import csv_write
from certinum.results import selectors
from certinum.results.models import ResultStatus
from tests.conftest import make_user
from tests.results.conftest import make_course, validate


def test_the_session_results_table_follows_the_reference_columns(session, pupil, framework):
    lina = make_course(session, pupil)
    validate(lina)
    zoe = make_course(session, make_user("zoe"), code="P-33333333", last_name="Zola")
    validate(zoe, status=ResultStatus.REJECTED, pix=30, marks=[("1.1", 2, 16)])
    abel = make_course(session, make_user("abel"), code="P-44444444", last_name="Abel")

    header, rows = selectors.session_results_table(session)

    assert header[:8] == [
        "Numéro de certification",
        "Prénom",
        "Nom",
        "Date de naissance",
        "Lieu de naissance",
        "Identifiant Externe",
        "Statut",
        "Nombre de Pix",
    ]
    assert header[8:24] == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1",
        "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2",
    ]  # fmt: skip
    assert header[24:] == [
        "Commentaire jury pour l’organisation",
        "Session",
        "Centre de certification",
        "Date de passage de la certification",
    ]
    by_name = {row[2]: row for row in rows}
    assert [row[2] for row in rows] == ["Abel", "Roux", "Zola"]
    assert by_name["Roux"][:8] == [
        lina.pk,
        "Lina",
        "Roux",
        "14/03/2012",
        "France",
        "",
        "Validée",
        72,
    ]
    # 1.1: 3, 1.2: 2, 2.1: 4, 3.1 not certified (-1) → 0, the others not tested → -.
    assert by_name["Roux"][8:24] == ["3", "2", "-", "4", "-", "-", "-", "0"] + ["-"] * 8
    assert by_name["Roux"][25:] == [session.pk, "Centre Jean-Moulin", "15/01/2027"]
    # Rejected: no pix, every tested competence 0.
    assert by_name["Zola"][6:9] == ["Rejetée", 0, "0"]
    assert by_name["Abel"][:8] == [
        abel.pk,
        "Lina",
        "Abel",
        "14/03/2012",
        "France",
        "",
        "Démarrée",
        "",
    ]
    assert by_name["Abel"][8:24] == ["-"] * 16
    assert zoe.pk in {row[0] for row in rows}


def test_the_table_writes_as_the_centers_csv(session, pupil, framework):
    validate(make_course(session, pupil))
    header, rows = selectors.session_results_table(session)
    target = io.BytesIO()

    csv_write(target, header, rows)

    text = target.getvalue().decode("utf-8-sig")
    assert text.startswith('"Numéro de certification";"Prénom";"Nom"')
    assert '"Roux";"14/03/2012";"France";"";"Validée";"72";"3";"2";' in text
