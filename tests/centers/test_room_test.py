"""The room test: its public page and sample questions, the results endpoint (strict: bad
input is refused with a French message and nothing stored; throttled), and attaching a
tested computer to a session by its code."""

import copy
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from certinum.accounts import throttle
from certinum.centers import roomtest
from certinum.centers.models import RoomCheck, SessionStatus
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

GOOD = {
    "javascript": True,
    "cookies": True,
    "browser": {"family": "chrome", "major": 130, "minor": 0, "features": True},
    "screen": {"width": 1280, "height": 800, "screen_width": 1920, "screen_height": 1080},
    "clock": {"skew_seconds": 1.5},
    "latency": {"median_ms": 42.0},
    "download": {"mbps": 25.3},
    "focus": {"detected": True},
    "questions": {"completed": True},
}
CODE = re.compile(rf"[{roomtest.CODE_ALPHABET}]{{8}}")


def post_results(client, data, **extra):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(reverse("room_test_result"), body, content_type="application/json", **extra)


def with_change(path: str, value):
    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target = data
    for name in parents:
        target = target[name]
    target[last] = value
    return data


# --- The page ------------------------------------------------------------------------------


def test_the_page_is_public_and_shows_the_first_sample_question(client):
    page = client.get(reverse("room_test")).content.decode()
    assert "Test technique des salles" in page
    assert "Question d'exemple 1 sur 5" in page
    assert 'src="/static/certinum/roomtest/appareil.svg"' in page
    assert "certinum/js/roomtest.js" in page


def test_the_sample_questions_cover_every_type_and_feature():
    samples = roomtest.sample_questions()
    assert [s.type for s in samples] == ["QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"]
    assert any(s.illustration for s in samples) and any(s.attachments for s in samples)
    assert any(s.timer for s in samples) and any(s.focused for s in samples)
    assert all(s.pk is None for s in samples)  # never in the item bank


def test_answering_a_sample_question_serves_the_next_one_as_a_fragment(client):
    response = client.post(
        reverse("room_test"), {"challenge": "essai-qcu", "answer": "2"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Question d'exemple 2 sur 5" in page and "<html" not in page
    assert 'data-timer data-remaining="90"' in page


def test_an_empty_answer_comes_back_with_the_question_page_message(client):
    response = client.post(reverse("room_test"), {"challenge": "essai-qroc"})
    assert "Écris une réponse" in response.content.decode()
    assert "Question d'exemple 3 sur 5" in response.content.decode()


def test_the_last_answer_ends_the_sample(client):
    response = client.post(
        reverse("room_test"), {"challenge": "essai-qrocm-dep", "skip": "1"}, HTTP_HX_REQUEST="1"
    )
    assert "data-samples-done" in response.content.decode()


def test_the_ping_answers_the_server_clock_uncached(client):
    response = client.get(reverse("room_test_ping"))
    assert isinstance(response.json()["now"], int)
    assert "no-store" in response["Cache-Control"]


# --- The results endpoint ----------------------------------------------------------------------


def test_valid_results_are_stored_under_a_new_code():
    client = Client(enforce_csrf_checks=False)
    response = post_results(client, GOOD, HTTP_USER_AGENT="Mozilla/5.0 Chrome/130.0")
    assert response.status_code == 201
    code = response.json()["code"]
    assert CODE.fullmatch(code)
    check = RoomCheck.objects.get()
    assert check.code == code and check.passed and check.session is None
    assert check.results["measurements"] == GOOD
    assert set(check.results["verdicts"].values()) == {"ok"}
    assert check.user_agent == "Mozilla/5.0 Chrome/130.0"


def test_the_server_computes_the_verdicts_itself():
    data = with_change("browser.major", 90)
    data["clock"]["skew_seconds"] = -300
    response = post_results(Client(), data)
    body = response.json()
    assert response.status_code == 201 and body["passed"] is False
    assert body["verdicts"]["browser"] == "fail" and body["verdicts"]["clock"] == "warning"


@pytest.mark.parametrize(
    ("screen", "verdict"),
    [((1280, 800), "ok"), ((1000, 700), "warning"), ((375, 667), "warning"), ((320, 568), "fail")],
)
def test_screen_sizes(screen, verdict):
    data = with_change("screen.width", screen[0])
    data["screen"]["height"] = screen[1]
    assert roomtest.verdicts_of(data)["screen"] == verdict


def test_warnings_still_pass():
    data = with_change("latency.median_ms", 600)
    data["questions"]["completed"] = False
    verdicts = roomtest.verdicts_of(data)
    assert verdicts["latency"] == verdicts["questions"] == "warning"
    assert roomtest.passed(verdicts)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "pas du JSON valide"),
        ("[1, 2]", "doit être un objet"),
        (json.dumps({**GOOD, "extra": 1}), "Clé inconnue : « extra »"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "focus"}), "Clé manquante"),
        (json.dumps(with_change("browser.version", 3)), "Clé inconnue : « version »"),
        (json.dumps(with_change("cookies", 1)), "Type incorrect pour « cookies »"),
        (json.dumps(with_change("screen.width", True)), "Type incorrect pour « screen.width »"),
        (json.dumps(with_change("screen.width", 12.5)), "Type incorrect"),
        (json.dumps(with_change("latency.median_ms", "40")), "Type incorrect"),
        (json.dumps(with_change("latency.median_ms", -1)), "hors limites"),
        (json.dumps(with_change("browser.family", "netscape")), "Valeur non reconnue"),
        (json.dumps(with_change("focus", True)), "doit être un objet"),
        ('{"download": {"mbps": NaN}}', "Clé"),
        ("x" * 5000, "trop volumineux"),
    ],
)
def test_bad_results_are_refused_and_nothing_is_stored(body, message):
    response = post_results(Client(), body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not RoomCheck.objects.exists()


def test_results_must_be_sent_as_json():
    response = Client().post(reverse("room_test_result"), {"javascript": "true"})
    assert response.status_code == 400 and "JSON" in response.json()["error"]
    assert not RoomCheck.objects.exists()


def test_results_need_the_csrf_token():
    response = post_results(Client(enforce_csrf_checks=True), GOOD)
    assert response.status_code == 403
    assert not RoomCheck.objects.exists()


def test_results_are_throttled_per_address(monkeypatch):
    monkeypatch.setitem(throttle.RULES, "room-check-ip", throttle.Rule(2, throttle.MINUTE * 60))
    client = Client()
    assert [post_results(client, GOOD).status_code for _ in range(3)] == [201, 201, 429]
    assert "Trop de tentatives" in post_results(client, GOOD).json()["error"]
    assert RoomCheck.objects.count() == 2


def test_codes_use_the_unambiguous_alphabet():
    for _ in range(200):
        assert CODE.fullmatch(roomtest.new_code())
    assert not set("AEIOU01LS5") & set(roomtest.CODE_ALPHABET)


# --- Attaching a computer to a session ---------------------------------------------------------


def attach_url(session):
    return reverse("centers:room_check_attach", args=[session.center_id, session.pk])


def a_check(code="BCDF2346", passed=True, session=None):
    verdicts = dict.fromkeys(roomtest.CHECK_LABELS, "ok")
    if not passed:
        verdicts["cookies"] = "fail"
    return RoomCheck.objects.create(
        code=code, passed=passed, results={"verdicts": verdicts}, session=session
    )


def test_a_member_attaches_a_tested_computer_and_sees_it_on_the_checklist(
    client, center_admin, session
):
    a_check(code="BCDF2346")
    a_check(code="KMPQ7894", passed=False)
    client.force_login(center_admin)
    response = client.post(
        attach_url(session), {"code": " bcdf-2346 ", "label": "Salle 12, poste 4"}
    )
    assert response.status_code == 302
    assert response.url.endswith(f"/sessions/{session.pk}/#postes")
    client.post(attach_url(session), {"code": "KMPQ7894", "label": ""})
    page = client.get(response.url).content.decode()
    assert "1 poste prêt" in page and "2 postes testés en tout" in page
    assert "Salle 12, poste 4" in page and "BCDF2346" in page
    assert "à corriger : cookies" in page
    assert RoomCheck.objects.get(code="BCDF2346").session == session


def test_the_session_page_links_to_the_room_test(client, center_admin, session):
    client.force_login(center_admin)
    page = client.get(reverse("centers:session", args=[session.center_id, session.pk]))
    assert reverse("room_test") in page.content.decode()
    assert "Ajouter le code d'un poste testé" in page.content.decode()


def test_an_unknown_code_gets_a_neutral_error(client, center_admin, session):
    client.force_login(center_admin)
    response = client.post(attach_url(session), {"code": "BCDF2346"})
    assert response.status_code == 200
    assert "Aucun poste testé ne correspond à ce code" in response.content.decode()


def test_a_malformed_code_is_explained(client, center_admin, session):
    client.force_login(center_admin)
    response = client.post(attach_url(session), {"code": "ABC"})
    assert "8 caractères" in response.content.decode()


def test_a_code_attached_to_another_session_is_refused(client, center_admin, session, center):
    other = type(session).objects.create(
        center=center, address="x", room="y", date=session.date, time=session.time, examiners="z"
    )
    a_check(session=other)
    client.force_login(center_admin)
    response = client.post(attach_url(session), {"code": "BCDF2346"})
    assert "déjà rattaché à une autre session" in response.content.decode()
    assert RoomCheck.objects.get().session == other


def test_a_finalized_session_takes_no_more_computers(client, center_admin, session):
    a_check()
    session.status = SessionStatus.FINALIZED
    session.save()
    client.force_login(center_admin)
    response = client.post(attach_url(session), {"code": "BCDF2346"}, follow=True)
    assert "finalisée" in response.content.decode()
    assert RoomCheck.objects.get().session is None


def test_a_member_of_another_center_gets_404(client, session):
    from certinum.accounts.models import CenterMembership
    from certinum.centers.models import CertificationCenter

    outsider = make_user("autre@centre.example")
    CenterMembership.objects.create(
        user=outsider, center=CertificationCenter.objects.create(name="Autre", type="SCO")
    )
    a_check()
    client.force_login(outsider)
    assert client.post(attach_url(session), {"code": "BCDF2346"}).status_code == 404
    assert RoomCheck.objects.get().session is None


def test_unknown_codes_are_throttled_per_account(client, center_admin, session, monkeypatch):
    monkeypatch.setitem(
        throttle.RULES, "room-check-attach-account", throttle.Rule(2, throttle.MINUTE * 15)
    )
    a_check()
    client.force_login(center_admin)
    for _ in range(2):
        client.post(attach_url(session), {"code": "KMPQ7894"})
    response = client.post(attach_url(session), {"code": "BCDF2346"})
    assert "Trop de tentatives" in response.content.decode()
    assert RoomCheck.objects.get().session is None
