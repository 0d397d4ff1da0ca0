import datetime

import pytest
from django.utils import timezone

from certinum.learning import services
from certinum.learning.models import Answer, Assessment, KnowledgeElement
from certinum.learning.selectors import profile_of
from certinum.referential.models import Competence
from certinum.workflow.services import transitions_of

RIGHT = {
    "rangement-1-a": "1",
    "rangement-2-a": "geographie",
    "rangement-3-a": ["1", "4"],
    "formats-1-a": "1",
    "formats-1-b": {"p1": "JPG", "p2": "png"},
    "formats-2-a": {"tableur": "notes.ods", "dossier": "b"},
}
WRONG = {
    "rangement-1-a": "2",
    "rangement-2-a": "College",
    "rangement-3-a": ["2"],
    "formats-1-a": "3",
    "formats-1-b": {"p1": "odt", "p2": "png"},
    "formats-2-a": {"tableur": "plage.png", "dossier": "b"},
}


@pytest.fixture
def competence(mini_bank):
    return Competence.objects.get(code="1.2")


def start(pupil, competence) -> Assessment:
    return services.assessment_start(user_id=pupil.pk, competence=competence)


RIGHT_ANSWER = object()


def answer(pupil, assessment, value=RIGHT_ANSWER, *, key=None, **kwargs):
    assessment.refresh_from_db()
    key = key or assessment.current_challenge.key
    return services.answer_record(
        assessment_id=assessment.pk,
        user_id=pupil.pk,
        challenge_key=key,
        raw_value=RIGHT[key] if value is RIGHT_ANSWER else value,
        **kwargs,
    )


def test_starting_serves_a_first_challenge_at_level_2_without_a_timer(pupil, competence):
    assessment = start(pupil, competence)
    assert assessment.current_challenge.skill.level == 2
    assert assessment.current_challenge.timer is None
    assert assessment.current_served_at is not None


def test_starting_again_resumes_at_the_exact_same_question(pupil, competence):
    first = start(pupil, competence)
    again = start(pupil, competence)
    assert again.pk == first.pk
    assert again.current_challenge_id == first.current_challenge_id
    assert again.current_served_at == first.current_served_at


def test_a_right_answer_validates_the_skill_and_the_easier_ones_of_its_tube(pupil, competence):
    assessment = start(pupil, competence)
    served = assessment.current_challenge
    answer(pupil, assessment)
    elements = KnowledgeElement.objects.filter(user=pupil)
    direct = elements.get(source="direct")
    assert (direct.skill_id, direct.status) == (served.skill_id, "validated")
    inferred = elements.filter(source="inferred")
    assert all(e.status == "validated" and e.skill.level < served.skill.level for e in inferred)
    assert profile_of(pupil.pk).card("1.2").score.real_pix > 0


def test_a_wrong_answer_invalidates_the_skill_and_the_harder_ones(pupil, competence):
    assessment = start(pupil, competence)
    served = assessment.current_challenge
    answer(pupil, assessment, WRONG[served.key])
    elements = KnowledgeElement.objects.filter(user=pupil)
    assert {e.status for e in elements} == {"invalidated"}
    assert all(e.skill.level >= served.skill.level for e in elements)
    assert profile_of(pupil.pk).card("1.2").score.pix == 0


def test_an_evaluation_runs_to_its_end_and_completes(pupil, competence):
    assessment = start(pupil, competence)
    for _ in range(10):
        assessment.refresh_from_db()
        if assessment.state != "started":
            break
        answer(pupil, assessment)
    assessment.refresh_from_db()
    assert assessment.state == "completed"
    assert assessment.current_challenge is None
    # Everything right: every skill validated, 8 pix for each of levels 1, 2 and 3.
    card = profile_of(pupil.pk).card("1.2")
    assert (card.score.pix, card.score.level, card.status) == (24, 3, "completed")
    [log] = transitions_of(assessment)
    assert (log.transition, log.from_state, log.to_state, log.by) == (
        "complete",
        "started",
        "completed",
        pupil,
    )


def test_resending_the_same_answer_stores_it_once(pupil, competence):
    assessment = start(pupil, competence)
    key = assessment.current_challenge.key
    first = answer(pupil, assessment, key=key)
    again = answer(pupil, assessment, key=key)
    assert first.created and not again.created
    assert Answer.objects.filter(assessment=assessment).count() == 1


def test_a_different_second_answer_is_refused(pupil, competence):
    assessment = start(pupil, competence)
    key = assessment.current_challenge.key
    answer(pupil, assessment, key=key)
    with pytest.raises(services.LearningError, match="déjà répondu"):
        answer(pupil, assessment, WRONG[key], key=key)
    assert Answer.objects.get(assessment=assessment).result == "ok"


def test_answering_a_question_that_was_not_served_is_refused(pupil, competence):
    assessment = start(pupil, competence)
    other = next(k for k in RIGHT if k != assessment.current_challenge.key)
    with pytest.raises(services.LearningError, match="pas été proposée"):
        answer(pupil, assessment, key=other)
    assert not Answer.objects.exists() and not KnowledgeElement.objects.exists()


@pytest.mark.parametrize(
    "bad",
    ["9", "0", "abc", ["1", "1x"], "", {"x": "1"}, None],
)
def test_unknown_or_malformed_proposals_are_refused(pupil, competence, bad):
    assessment = start(pupil, competence)
    assessment.current_challenge = assessment.current_challenge.__class__.objects.get(
        key="rangement-1-a"
    )
    assessment.save()
    with pytest.raises(services.LearningError):
        answer(pupil, assessment, bad, key="rangement-1-a")
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 501, "trop longue"),
        ("ab\x00cd", "non valides"),
        ("\ufffd\ufffd", "non valides"),
        ("   ", "Écris une réponse"),
    ],
)
def test_over_long_binary_or_empty_text_is_refused(pupil, competence, text, message):
    assessment = start(pupil, competence)
    serve(assessment, "rangement-2-a")
    with pytest.raises(services.LearningError, match=message):
        answer(pupil, assessment, text)
    assert not Answer.objects.exists()


def test_an_answer_after_the_end_is_refused(pupil, competence):
    assessment = start(pupil, competence)
    while True:
        assessment.refresh_from_db()
        if assessment.state != "started":
            break
        answer(pupil, assessment)
    answered = set(assessment.answers.values_list("challenge__key", flat=True))
    unanswered = next(key for key in RIGHT if key not in answered)
    with pytest.raises(services.LearningError, match="terminée"):
        answer(pupil, assessment, key=unanswered)


def test_another_pupils_assessment_does_not_exist_for_me(pupil, other_pupil, competence):
    assessment = start(pupil, competence)
    with pytest.raises(services.LearningError, match="n'existe pas"):
        services.answer_record(
            assessment_id=assessment.pk,
            user_id=other_pupil.pk,
            challenge_key=assessment.current_challenge.key,
            raw_value="x",
        )
    assert not Answer.objects.exists()


def test_skipping_records_aband(pupil, competence):
    assessment = start(pupil, competence)
    recorded = answer(pupil, assessment, "#ABAND#")
    assert recorded.answer.result == "aband"


def serve(assessment, key):
    """Put a given challenge in front of the pupil, as the engine would have."""
    assessment.current_challenge = assessment.current_challenge.__class__.objects.get(key=key)
    assessment.current_served_at = timezone.now()
    assessment.save()


def test_the_server_clock_decides_that_a_timed_answer_is_late(pupil, competence):
    assessment = start(pupil, competence)
    serve(assessment, "formats-1-a")
    late = assessment.current_served_at + datetime.timedelta(seconds=30 + 10)
    recorded = answer(pupil, assessment, key="formats-1-a", now=late)
    assert (recorded.answer.result, recorded.answer.timed_out) == ("timedout", True)
    # A late answer is not a success: the skill is invalidated.
    assert KnowledgeElement.objects.get(source="direct").status == "invalidated"


def test_a_timed_answer_within_the_grace_margin_counts(pupil, competence):
    assessment = start(pupil, competence)
    serve(assessment, "formats-1-a")
    just_late = assessment.current_served_at + datetime.timedelta(seconds=31)
    assert answer(pupil, assessment, key="formats-1-a", now=just_late).answer.result == "ok"


def test_a_focus_loss_is_recorded_but_keeps_a_right_answer_ok_outside_certification(
    pupil, competence
):
    assessment = start(pupil, competence)
    serve(assessment, "formats-2-a")
    assert services.focus_lost_record(
        assessment_id=assessment.pk, user_id=pupil.pk, challenge_key="formats-2-a"
    )
    recorded = answer(pupil, assessment, key="formats-2-a")
    assert (recorded.answer.result, recorded.answer.focus_lost) == ("ok", True)


def test_a_focus_loss_for_a_question_not_served_is_ignored(pupil, competence):
    assessment = start(pupil, competence)
    serve(assessment, "rangement-2-a")
    assert not services.focus_lost_record(
        assessment_id=assessment.pk, user_id=pupil.pk, challenge_key="formats-2-a"
    )


def age_everything(pupil, days):
    KnowledgeElement.objects.filter(user=pupil).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def finish(pupil, assessment, answers=RIGHT):
    while True:
        assessment.refresh_from_db()
        if assessment.state != "started":
            return
        answer(pupil, assessment, answers[assessment.current_challenge.key])


def test_reset_is_refused_before_7_days_with_the_days_left(pupil, competence):
    finish(pupil, start(pupil, competence))
    age_everything(pupil, 5)
    with pytest.raises(services.LearningError, match="dans 2 jour"):
        services.competence_reset(user_id=pupil.pk, competence=competence)


def test_reset_after_7_days_brings_the_competence_back_to_zero(pupil, competence):
    finish(pupil, start(pupil, competence))
    age_everything(pupil, 8)
    services.competence_reset(user_id=pupil.pk, competence=competence)
    card = profile_of(pupil.pk).card("1.2")
    assert (card.score.pix, card.status) == (0, "not_started")
    # The history stays: the old knowledge elements are superseded, not deleted.
    assert KnowledgeElement.objects.filter(user=pupil, status="validated").exists()
    assert start(pupil, competence).state == "started"


def test_improving_is_refused_before_4_days(pupil, competence):
    finish(pupil, start(pupil, competence), WRONG)
    with pytest.raises(services.LearningError, match="dans 4 jour"):
        services.assessment_improve(user_id=pupil.pk, competence=competence)


def test_improving_after_4_days_retests_the_failed_skills(pupil, competence):
    finish(pupil, start(pupil, competence), WRONG)
    age_everything(pupil, 5)
    assert profile_of(pupil.pk).card("1.2").score.pix == 0
    retry = services.assessment_improve(user_id=pupil.pk, competence=competence)
    finish(pupil, retry)
    assert profile_of(pupil.pk).card("1.2").score.pix == 24


def test_a_completed_competence_cannot_be_started_again(pupil, competence):
    finish(pupil, start(pupil, competence))
    with pytest.raises(services.LearningError, match="déjà terminé"):
        start(pupil, competence)


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("rangement-1-a", {"answer": ["7"]}, "ne fait pas partie des propositions"),
        ("rangement-1-a", {"answer": ["1", "2"]}, "Choisis une seule réponse"),
        ("rangement-3-a", {}, "Choisis une réponse"),
        ("rangement-2-a", {"answer": "x" * 501}, "trop longue"),
        ("formats-2-a", {"input-tableur": "virus.exe"}, "ne fait pas partie des propositions"),
        ("formats-1-b", {"input-p1": "", "input-p2": " "}, "Remplis au moins un champ"),
    ],
)
def test_a_malformed_submission_is_refused_by_the_form_and_changes_nothing(
    pupil, competence, key, data, message
):
    assessment = start(pupil, competence)
    serve(assessment, key)
    served_at = Assessment.objects.get().current_served_at
    with pytest.raises(services.AnswerInvalid, match=message) as refused:
        services.answer_record(
            assessment_id=assessment.pk, user_id=pupil.pk, challenge_key=key, data=data
        )
    assert refused.value.form.challenge.key == key  # shown again, with what was typed
    assert not Answer.objects.exists() and not KnowledgeElement.objects.exists()
    assessment.refresh_from_db()
    assert (assessment.current_challenge.key, assessment.current_served_at) == (key, served_at)
