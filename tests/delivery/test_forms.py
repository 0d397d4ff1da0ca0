"""Every answer-shape error goes through the one form class, with its French message."""

import pytest
from django.http import QueryDict
from django.utils import translation

from certinum.delivery.forms import AnswerForm, answer_data
from certinum.engine.answers import MAX_ANSWER_LENGTH
from certinum.referential.models import Challenge

QCU = Challenge(key="qcu", type="QCU", proposals=["Oui", "Non", "Peut-être"])
QCM = Challenge(key="qcm", type="QCM", proposals=["a", "b", "c", "d"])
QROC = Challenge(key="qroc", type="QROC", inputs=[{"key": "answer", "label": "Dossier"}])
QROCM_IND = Challenge(
    key="ind",
    type="QROCM-ind",
    inputs=[
        {"key": "tableur", "label": "Tableur", "options": ["notes.ods", "plage.png"]},
        {"key": "dossier", "label": "Dossier"},
    ],
)
QROCM_DEP = Challenge(
    key="dep",
    type="QROCM-dep",
    inputs=[{"key": "p1", "label": "Première"}, {"key": "p2", "label": "Deuxième"}],
)


@pytest.fixture(autouse=True)
def _in_french():
    # No request here to pick the language: the pupil's messages are checked in French.
    with translation.override("fr"):
        yield


# (challenge, submitted form data, the French message the pupil reads)
SHAPE_ERRORS = [
    (QCU, {}, "Choisis une réponse, ou clique sur « Je passe »."),
    (QCU, {"answer": [""]}, "Choisis une réponse, ou clique sur « Je passe »."),
    (QCU, {"answer": ["4"]}, "Cette réponse ne fait pas partie des propositions."),
    (QCU, {"answer": ["0"]}, "Cette réponse ne fait pas partie des propositions."),
    (QCU, {"answer": ["abc"]}, "Cette réponse ne fait pas partie des propositions."),
    (QCU, {"answer": ["²"]}, "Cette réponse ne fait pas partie des propositions."),
    (QCU, {"answer": ["9" * 5000]}, "Cette réponse ne fait pas partie des propositions."),
    (QCU, {"answer": ["1", "2"]}, "Choisis une seule réponse."),
    (QCM, {"answer": ["1", "5"]}, "Cette réponse ne fait pas partie des propositions."),
    (QCM, {}, "Choisis une réponse, ou clique sur « Je passe »."),
    (QROC, {"answer": "   "}, "Écris une réponse, ou clique sur « Je passe »."),
    (QROC, {}, "Écris une réponse, ou clique sur « Je passe »."),
    (
        QROC,
        {"answer": "x" * (MAX_ANSWER_LENGTH + 1)},
        "Ta réponse est trop longue (500 caractères au plus).",
    ),
    (QROC, {"answer": "ab\x00cd"}, "Ta réponse contient des caractères non valides."),
    (QROC, {"answer": "\ufffd\ufffd"}, "Ta réponse contient des caractères non valides."),
    (QROC, {"answer": 42}, "Cette réponse n'est pas un texte."),
    (
        QROCM_IND,
        {"input-tableur": "virus.exe", "input-dossier": "b"},
        "Cette réponse ne fait pas partie des propositions.",
    ),
    (QROCM_IND, {}, "Remplis au moins un champ, ou clique sur « Je passe »."),
    (
        QROCM_DEP,
        {"input-p1": " ", "input-p2": ""},
        "Remplis au moins un champ, ou clique sur « Je passe ».",
    ),
    (
        QROCM_DEP,
        {"input-p1": "png", "input-p2": "y" * 501},
        "Ta réponse est trop longue (500 caractères au plus).",
    ),
]


@pytest.mark.parametrize(("challenge", "data", "message"), SHAPE_ERRORS)
def test_each_shape_error_is_refused_with_its_french_message(challenge, data, message):
    form = AnswerForm(challenge, data)
    assert not form.is_valid()
    assert form.messages() == [message]


@pytest.mark.parametrize(
    ("challenge", "data", "value"),
    [
        (QCU, {"answer": ["2"]}, "2"),
        (QCM, {"answer": ["3", "1"]}, "1,3"),
        (QROC, {"answer": "  Géographie "}, "Géographie"),
        (
            QROCM_IND,
            {"input-tableur": "notes.ods", "input-dossier": ""},
            {"tableur": "notes.ods", "dossier": ""},
        ),
        (QROCM_DEP, {"input-p1": "png", "input-p2": "jpg"}, {"p1": "png", "p2": "jpg"}),
        (QCU, {"skip": "1", "answer": ["9"]}, "#ABAND#"),  # « Je passe » wins
        (QROCM_DEP, {"skip": "1"}, "#ABAND#"),
    ],
)
def test_a_well_formed_answer_gives_the_value_the_engine_checks(challenge, data, value):
    form = AnswerForm(challenge, data)
    assert form.is_valid(), form.errors
    assert form.value == value


def test_the_browser_post_is_read_with_every_ticked_box():
    form = AnswerForm(QCM, QueryDict("challenge=qcm&answer=4&answer=2"))
    assert form.is_valid()
    assert form.value == "2,4"


@pytest.mark.parametrize(
    ("challenge", "value"),
    [(QCU, "2"), (QCM, ["1", "3"]), (QROC, "texte"), (QROCM_DEP, {"p1": "a"}), (QCU, "#ABAND#")],
)
def test_an_engine_shaped_value_goes_through_the_same_form(challenge, value):
    form = AnswerForm(challenge, answer_data(challenge, value))
    assert form.is_valid(), form.errors
    expected = ",".join(value) if isinstance(value, list) else value
    if isinstance(value, dict):
        expected = {"p1": "a", "p2": ""}
    assert form.value == expected


def test_the_form_renders_the_fields_with_the_limit_of_the_engine():
    html = AnswerForm(QROC).render()
    assert '<label for="reponse">Dossier</label>' in html
    assert f'maxlength="{MAX_ANSWER_LENGTH}"' in html
    assert "value=" not in html  # nothing typed yet: no value attribute at all


def test_a_refused_form_renders_again_with_what_the_pupil_typed_and_the_message():
    form = AnswerForm(QROCM_IND, {"input-tableur": "virus.exe", "input-dossier": "mon dossier"})
    assert not form.is_valid()
    html = form.render()
    assert 'value="mon dossier"' in html
    assert 'role="alert"' in html and "ne fait pas partie des propositions" in html
    ticked = AnswerForm(QCM, QueryDict("answer=2&answer=9"))
    assert not ticked.is_valid()
    html = ticked.render()
    assert 'id="proposition-2" checked' in html and 'id="proposition-1" checked' not in html


def test_a_select_keeps_the_chosen_option():
    form = AnswerForm(QROCM_IND, {"input-tableur": "plage.png", "input-dossier": "x" * 600})
    assert not form.is_valid()
    assert '<option value="plage.png" selected>' in form.render()


def test_a_blank_form_is_rendered_once_per_order_and_language_on_its_challenge_row():
    challenge = Challenge(key="qcu-cache", type="QCU", proposals=["Oui", "Non", "Peut-être"])
    first = AnswerForm(challenge, order=(3, 1, 2)).render()
    assert AnswerForm(challenge, order=(3, 1, 2)).render() is first  # kept on the row
    other = AnswerForm(challenge, order=(1, 2, 3)).render()
    assert other != first and other.index("Oui") < other.index("Non")
    assert first.index("Peut-être") < first.index("Oui")
    with translation.override("en"):
        assert AnswerForm(challenge, order=(3, 1, 2)).render() is not first
    filled = AnswerForm(challenge, {"answer": ["9"]}, order=(3, 1, 2))
    assert not filled.is_valid()
    assert "ne fait pas partie des propositions" in filled.render()  # never the blank one
    assert AnswerForm(challenge, order=(3, 1, 2)).render() is first
