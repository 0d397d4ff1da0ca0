"""Planning sessions: codes in the spec's formats, edit and delete rules, the transitions
table, warnings, and the pages of the center space."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certinum.centers import services
from certinum.centers.models import (
    SESSION_MACHINE,
    Candidate,
    Session,
    SessionStatus,
    new_access_code,
    new_invigilator_password,
)
from certinum.workflow.services import TransitionRefused, transitions_of

pytestmark = pytest.mark.django_db

FORM = {
    "date": "2027-02-01",
    "time": "14:00",
    "duration_minutes": "105",
    "address": "1 rue de l'École, 69001 Lyon",
    "room": "Salle informatique",
    "examiners": "Paul Girard",
    "invigilator_count": "1",
    "description": "",
}


def test_codes_follow_the_spec_formats():
    for _ in range(200):
        assert re.fullmatch(r"[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}", new_access_code())
        assert re.fullmatch(r"[BCDFGHJKMPQRTVWXY2346789]{5}", new_invigilator_password())


def test_a_member_plans_a_session_and_sees_its_codes(client, center_admin, center):
    client.force_login(center_admin)
    response = client.post(reverse("centers:session_create", args=[center.pk]), FORM)
    session = Session.objects.get()
    assert response.url == reverse("centers:session", args=[center.pk, session.pk])
    page = client.get(response.url).content.decode()
    assert session.access_code in page
    assert f"C-{session.invigilator_password}" in page
    assert session.created_by == center_admin and session.status == SessionStatus.CREATED


def test_a_long_session_and_a_crowded_room_are_warned_not_refused(session):
    session.duration_minutes = 150
    session.save()
    Candidate.objects.bulk_create(
        Candidate(session=session, last_name=f"N{i}", first_name="A", birthdate="2012-01-01")
        for i in range(21)
    )
    warnings = services.session_warnings(session)
    assert warnings == [
        "La durée prévue (150 min) dépasse 2 heures : prévoyez plutôt deux sessions.",
        "21 candidats pour 1 surveillant : prévoyez un surveillant pour 20 candidats.",
    ]
    session.invigilator_count = 2
    assert services.session_warnings(session) == [warnings[0]]


def test_a_session_is_deleted_only_before_any_candidate_started(
    client, center_admin, session, candidate
):
    client.force_login(center_admin)
    candidate.started_at = timezone.now()
    candidate.save()
    url = reverse("centers:session_delete", args=[session.center_id, session.pk])
    response = client.post(url, follow=True)
    assert "Un candidat a commencé son test" in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()
    candidate.started_at = None
    candidate.save()
    client.post(url)
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_finalized_session_can_no_longer_be_edited(client, center_admin, session):
    services.session_finalize(session=session, by=center_admin)
    client.force_login(center_admin)
    response = client.post(
        reverse("centers:session_edit", args=[session.center_id, session.pk]),
        {**FORM, "room": "Ailleurs"},
        follow=True,
    )
    assert "elle ne peut plus être modifiée" in response.content.decode()
    session.refresh_from_db()
    assert session.room == "Salle 12" and session.status == SessionStatus.FINALIZED
    (log,) = transitions_of(session)
    assert (log.transition, log.from_state, log.to_state, log.by) == (
        "finalize",
        "created",
        "finalized",
        center_admin,
    )


def test_the_transitions_table_refuses_what_the_spec_does_not_allow(session, center_admin):
    assert SESSION_MACHINE.allows("created", "finalize")
    assert not SESSION_MACHINE.allows("created", "publish")
    assert SESSION_MACHINE.allows("processed", "unpublish")
    services.session_finalize(session=session, by=center_admin)
    with pytest.raises(TransitionRefused, match="déjà finalisée"):
        services.session_finalize(session=session, by=center_admin)


def test_the_list_filters_by_status_and_date(client, center_admin, session, candidate):
    other = Session.objects.create(
        center=session.center,
        address="a",
        room="b",
        date="2027-03-01",
        time="10:00",
        examiners="x",
    )
    candidate.started_at = timezone.now()
    candidate.save()
    client.force_login(center_admin)
    url = reverse("centers:sessions", args=[session.center_id])
    started = client.get(url, {"statut": "started"}).context["rows"]
    assert [(s.pk, label) for s, label in started] == [(session.pk, "en cours")]
    march = client.get(url, {"du": "2027-02-15"}).context["rows"]
    assert [s.pk for s, _ in march] == [other.pk]
    assert client.get(url, {"statut": "nimporte", "du": "hier"}).status_code == 200


def test_the_dashboard_shows_what_the_next_session_still_needs(
    client, center_admin, center, session
):
    session.date = timezone.localdate()
    session.save()
    client.force_login(center_admin)
    page = client.get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert "inscrire les candidats" in page
    assert "imprimer les documents de la session" in page


def test_a_member_of_another_center_sees_nothing(client, session):
    from tests.conftest import make_user

    stranger = make_user("ailleurs@example.org")
    client.force_login(stranger)
    for name in ("centers:session", "centers:session_candidates", "centers:session_edit"):
        assert client.get(reverse(name, args=[session.center_id, session.pk])).status_code == 404


SESSIONS_CSV = (
    "\ufeff* Date (jj/mm/aaaa);* Heure de début (hh:mm);Durée prévue (minutes);* Adresse;"
    "* Salle;* Surveillant(s);Nombre de surveillants;Observations\r\n"
    "15/01/2027;09:00;105;1 rue de l'École;Salle 12;Nadia Haddad;1;\r\n"
    "15/01/2027;14:00;;1 rue de l'École;Salle 14;Paul Girard;2;Tiers-temps prévus\r\n"
)


def upload(client, center, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("centers:sessions_import", args=[center.pk]),
        {"file": SimpleUploadedFile("sessions.csv", text.encode("utf-8"))},
        follow=True,
    )


def test_sessions_are_created_from_a_file_all_or_nothing(client, center_admin, center):
    client.force_login(center_admin)
    bad = SESSIONS_CSV + "32/01/2027;9h;;;Salle 3;X;0;\r\n"
    page = upload(client, center, bad).content.decode()
    assert "Aucune session créée : 4 problèmes" in page
    assert "Ligne 4, colonne « * Date (jj/mm/aaaa) »" in page
    assert "Ligne 4, colonne « * Adresse » : Ce champ est obligatoire." in page
    assert not Session.objects.exists()
    page = upload(client, center, SESSIONS_CSV).content.decode()
    assert "2 sessions créées" in page
    rooms = list(Session.objects.order_by("time").values_list("room", "invigilator_count"))
    assert rooms == [("Salle 12", 1), ("Salle 14", 2)]


def test_the_sessions_model_reads_back(client, center_admin, center):
    client.force_login(center_admin)
    model = client.get(reverse("centers:sessions_template", args=[center.pk])).content
    assert model.startswith("\ufeff".encode())
    upload(client, center, model.decode("utf-8-sig"))
    assert Session.objects.get().room == "Salle 12"


def test_the_preparation_page_shows_each_step_with_its_state(
    client, center_admin, session, candidate
):
    from certinum.centers.models import RoomCheck

    RoomCheck.objects.create(code="ABCD2345", passed=True, session=session)
    RoomCheck.objects.create(code="ABCD2346", passed=False, session=session)
    client.force_login(center_admin)
    url = reverse("centers:session_prepare", args=[session.center_id, session.pk])
    page = client.get(url).content.decode()
    assert "1 candidat inscrit" in page
    assert "Parmi les inscrits : 0 certifiables, 0 non certifiables, 1 sans profil envoyé." in page
    assert "1 poste prêt, 2 postes testés." in page
    assert "Pas encore téléchargés." in page
    assert reverse("centers:session_documents", args=[session.center_id, session.pk]) in page
    assert reverse("certification_practice") in page
    client.get(
        reverse("centers:session_document", args=[session.center_id, session.pk, "pv-fraude"])
    )
    assert "Téléchargés le" in client.get(url).content.decode()
