"""The hostile-input corpus on the answer path: through the one answer form for every
challenge type, through the engine's checker for whatever the form accepts, and over HTTP
on the answer and focus endpoints (with and without htmx, tampered challenge keys)."""

import pytest
from django.urls import reverse

from certinum.delivery.content import answer_key_of
from certinum.delivery.forms import AnswerForm
from certinum.engine import answers
from certinum.learning import services
from certinum.referential.models import Challenge, Competence
from tests.hostile.corpus import LISTS, TEXTS
from tests.hostile.harness import send_all
from tests.learning.test_services import serve

pytestmark = pytest.mark.django_db


def field_names(challenge: Challenge) -> list[str]:
    if challenge.type in (Challenge.Type.QCU, Challenge.Type.QCM, Challenge.Type.QROC):
        return ["answer"]
    return [f"input-{field['key']}" for field in challenge.inputs]


def test_every_challenge_type_takes_every_hostile_value_without_error(mini_bank):
    challenges = list(Challenge.objects.all())
    assert {c.type for c in challenges} >= {"QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"}
    checked = 0
    for challenge in challenges:
        key = answer_key_of(challenge)
        for name in field_names(challenge):
            for value in [*TEXTS, *LISTS]:
                form = AnswerForm(challenge, {name: value})
                if form.is_valid():  # never raises; an accepted value is then checked
                    answers.check_answer(form.value, key, timed_out=False, focused_out=False)
                else:
                    assert form.messages(), (challenge.key, value)
                checked += 1
    assert checked > 500


@pytest.fixture
def on_a_qcm(pupil, mini_bank, client):
    assessment = services.assessment_start(
        user_id=pupil.pk, competence=Competence.objects.get(code="1.2")
    )
    qcm = Challenge.objects.filter(type=Challenge.Type.QCM).first()
    serve(assessment, qcm.key)
    client.force_login(pupil)
    return assessment, qcm


def test_the_answer_endpoint_refuses_every_malformed_answer_and_changes_nothing(client, on_a_qcm):
    assessment, qcm = on_a_qcm
    url = reverse("learning:assessment", args=[assessment.pk])
    malformed = [v for v in [*TEXTS, *LISTS] if not AnswerForm(qcm, {"answer": v}).is_valid()]
    assert len(malformed) > 50
    problems = send_all(
        client, [("post", url, {"challenge": qcm.key, "answer": v}) for v in malformed]
    )
    client.defaults["HTTP_HX_REQUEST"] = "true"
    problems += send_all(
        client, [("post", url, {"challenge": qcm.key, "answer": v}) for v in malformed]
    )
    assert problems == []


def test_tampered_challenge_keys_change_nothing(client, on_a_qcm):
    assessment, qcm = on_a_qcm
    other = Challenge.objects.exclude(pk=qcm.pk).first()
    url = reverse("learning:assessment", args=[assessment.pk])
    focus = reverse("learning:assessment_focus_lost", args=[assessment.pk])
    keys = [other.key, *TEXTS]
    problems = send_all(client, [("post", url, {"challenge": k, "answer": "1"}) for k in keys])
    problems += send_all(client, [("post", focus, {"challenge": k}) for k in keys])
    assert problems == []
