"""Replaying assessments from their stored answers (decision D28, docs/engine.md)."""

import io

import pytest
from django.core.management import CommandError, call_command

from certinum.demo import demo_data_load, demo_profiles_load
from certinum.engine import smart_random
from certinum.learning import services
from certinum.learning.models import Answer, Assessment, KnowledgeElement
from certinum.learning.replay import replay_assessment
from certinum.referential.models import Challenge, Competence
from tests.learning.test_services import RIGHT, WRONG, age_everything, answer, finish, start


@pytest.fixture
def competence(mini_bank):
    return Competence.objects.get(code="1.2")


def replay(assessment: Assessment):
    return replay_assessment(Assessment.objects.get(pk=assessment.pk))


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("replay_assessment", *args, stdout=out)
    return out.getvalue()


def test_every_demo_assessment_replays_identically(item_bank):
    demo_data_load()
    demo_profiles_load(limit=6)
    assert Assessment.objects.count() >= 20

    for assessment in Assessment.objects.all():
        report = replay_assessment(assessment)
        assert report.is_identical, (assessment.pk, report)
    assert run_command("--all").strip().endswith("rejouée(s) à l'identique.")


def test_a_new_assessment_records_what_replays_it(pupil, competence, settings):
    settings.MAX_REACHABLE_LEVEL = 4
    first = start(pupil, competence)
    other = services.assessment_start(
        user_id=pupil.pk, competence=Competence.objects.get(code="1.1")
    )

    assert (first.algorithm, first.algorithm_version) == (smart_random.NAME, smart_random.VERSION)
    assert smart_random.Config.from_dict(first.algorithm_config) == smart_random.Config()
    assert first.max_reachable_level == 4
    # A random seed, not the primary key: two assessments never share it.
    assert len(first.seed) == 16
    assert first.seed != other.seed
    assert str(first.pk) not in (first.seed, other.seed)
    assert {row[0] for row in first.item_bank["challenges"]} == set(RIGHT)


def test_a_running_a_finished_a_failed_and_an_improving_assessment_replay(pupil, competence):
    failed = start(pupil, competence)
    finish(pupil, failed, WRONG)
    age_everything(pupil, 5)
    retry = services.assessment_improve(user_id=pupil.pk, competence=competence)
    answer(pupil, retry)

    assert replay(failed).is_identical
    assert replay(retry).is_identical
    finish(pupil, retry)
    assert replay(retry).is_identical
    assert replay(retry).answers == Answer.objects.filter(assessment=retry).count()


def test_an_assessment_goes_on_with_the_item_bank_it_started_with(pupil, competence):
    assessment = start(pupil, competence)
    # Content reloaded mid-evaluation: every challenge but the served one is archived.
    Challenge.objects.exclude(pk=assessment.current_challenge_id).update(status="archived")
    finish(pupil, assessment)

    assert Answer.objects.filter(assessment=assessment).count() > 1
    assert replay(assessment).is_identical


def test_a_tampered_answer_value_is_reported(pupil, competence):
    assessment = start(pupil, competence)
    finish(pupil, assessment, WRONG)
    stored = Answer.objects.filter(assessment=assessment).first()
    stored.value = RIGHT[stored.challenge.key]
    stored.save()

    report = replay(assessment)

    assert not report.is_identical
    assert any("résultat enregistré « ko », recalculé « ok »" in d for d in report.differences)
    # Once right, the first answer validates instead of invalidating: the rest diverges.
    assert any("acquis enregistrés" in d or "le rejeu sert" in d for d in report.differences)


def test_a_tampered_knowledge_element_is_reported(pupil, competence):
    assessment = start(pupil, competence)
    finish(pupil, assessment)
    KnowledgeElement.objects.filter(assessment=assessment).update(earned_pix=8)

    differences = replay(assessment).differences

    assert any(d.startswith("réponse 1 (") and "acquis enregistrés" in d for d in differences)
    assert any(d.startswith("résultat : niveau") for d in differences)


def test_a_question_served_out_of_order_is_reported(pupil, competence):
    assessment = start(pupil, competence)
    first = assessment.current_challenge.key
    answer(pupil, assessment)
    answer(pupil, assessment)
    second = Answer.objects.filter(assessment=assessment).order_by("pk")[1]
    other = Challenge.objects.exclude(key__in=[first, second.challenge.key]).first()
    Answer.objects.filter(pk=second.pk).update(challenge=other)

    assert (
        f"question 2 : le rejeu sert « {second.challenge.key} », la réponse enregistrée porte "
        f"sur « {other.key} » (la suite n'est pas comparée)"
    ) in replay(assessment).differences


def test_a_wrong_current_question_is_reported(pupil, competence):
    assessment = start(pupil, competence)
    served = assessment.current_challenge
    other = Challenge.objects.exclude(pk=served.pk).first()
    Assessment.objects.filter(pk=assessment.pk).update(current_challenge=other)

    assert replay(assessment).differences == [
        f"question en cours : « {other.key} » enregistrée, « {served.key} » selon le rejeu"
    ]


def test_a_completed_assessment_the_algorithm_would_go_on_with_is_reported(pupil, competence):
    assessment = start(pupil, competence)
    answer(pupil, assessment)
    Assessment.objects.filter(pk=assessment.pk).update(state="completed", current_challenge=None)

    [difference] = replay(assessment).differences
    assert difference.startswith("l'évaluation est terminée, mais le rejeu sert encore « ")


def test_an_answer_to_an_assessment_of_an_unknown_version_is_refused_and_changes_nothing(
    pupil, competence
):
    assessment = start(pupil, competence)
    Assessment.objects.filter(pk=assessment.pk).update(algorithm_version=9)

    with pytest.raises(services.LearningError, match="les règles avec lesquelles elle a commencé"):
        answer(pupil, assessment)

    assert not Answer.objects.filter(assessment=assessment).exists()
    assert not KnowledgeElement.objects.filter(assessment=assessment).exists()


def test_the_command_names_an_unknown_algorithm_version_and_fails(pupil, competence):
    known = start(pupil, competence)
    unknown = services.assessment_start(
        user_id=pupil.pk, competence=Competence.objects.get(code="1.1")
    )
    Assessment.objects.filter(pk=unknown.pk).update(algorithm_version=9)

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 évaluation\\(s\\) sur 2 diffèrent"):
        call_command("replay_assessment", "--all", stdout=out)

    assert out.getvalue().splitlines() == [
        f"Évaluation {unknown.pk} (1.1) : impossible à rejouer. Algorithme inconnu : "
        "« smart-random » version 9 (connus : certification-v2 v1, smart-random v1)."
    ]
    assert run_command(str(known.pk)) == "1 évaluation(s) rejouée(s) à l'identique.\n"


def test_the_command_refuses_an_unreadable_configuration(pupil, competence):
    assessment = start(pupil, competence)
    Assessment.objects.filter(pk=assessment.pk).update(algorithm_config={"max_level_gap": 2})

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("replay_assessment", str(assessment.pk), stdout=out)

    assert "impossible à rejouer. Configuration de smart-random v1 incomplète" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [((), "ou --all"), (("1", "--all"), "ou --all"), (("424242",), "inexistante(s) : 424242")],
)
def test_the_command_needs_existing_ids_or_all(db, args, message):
    with pytest.raises(CommandError, match=message.replace("(", "\\(").replace(")", "\\)")):
        call_command("replay_assessment", *args)
