"""Knowledge elements, scores and the stored item bank (spec 01 §2–§3)."""

import datetime

import pytest

from certinum.engine.positioning import (
    Challenge,
    CompetenceScore,
    ItemBank,
    ItemBankError,
    NewKnowledgeElement,
    assessed_skills,
    competence_score,
    keep_for_improvement,
    knowledge_elements_for_answer,
    latest_per_skill,
    profile_summary,
    remaining_days,
)
from tests.engine.factories import (
    DIRECT,
    INFERRED,
    INVALIDATED,
    RESET,
    VALIDATED,
    ke,
    one_challenge_each,
    skill,
    tube,
)

NOW = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)


# --- Knowledge elements -------------------------------------------------------------------

WEB = [skill("@web1", 2.0), skill("@web2", 3.0), skill("@web3", 4.0), skill("@web4", 5.0)]
MAIL1 = skill("@mail1", 6.0)


def test_a_success_validates_the_skill_and_every_easier_skill_of_its_tube_only():
    created = knowledge_elements_for_answer(
        skill=WEB[2], is_ok=True, tube_skills=[*WEB, MAIL1], already_assessed=set()
    )

    assert created == [
        NewKnowledgeElement("@web3", VALIDATED, DIRECT, 4.0),
        NewKnowledgeElement("@web1", VALIDATED, INFERRED, 2.0),
        NewKnowledgeElement("@web2", VALIDATED, INFERRED, 3.0),
    ]


def test_a_failure_invalidates_the_skill_and_every_harder_skill_of_its_tube_with_no_pix():
    created = knowledge_elements_for_answer(
        skill=WEB[1], is_ok=False, tube_skills=[*WEB, MAIL1], already_assessed=set()
    )

    assert created == [
        NewKnowledgeElement("@web2", INVALIDATED, DIRECT, 0.0),
        NewKnowledgeElement("@web3", INVALIDATED, INFERRED, 0.0),
        NewKnowledgeElement("@web4", INVALIDATED, INFERRED, 0.0),
    ]


def test_inference_leaves_already_assessed_skills_untouched():
    created = knowledge_elements_for_answer(
        skill=WEB[3], is_ok=True, tube_skills=WEB, already_assessed={"@web1", "@web3"}
    )

    assert [(e.skill, e.source) for e in created] == [("@web4", DIRECT), ("@web2", INFERRED)]


def test_an_answer_on_an_already_assessed_skill_creates_no_knowledge_element():
    created = knowledge_elements_for_answer(
        skill=WEB[1], is_ok=True, tube_skills=WEB, already_assessed={"@web2"}
    )

    assert created == []


def test_a_reset_knowledge_element_frees_its_skill_for_inference_again():
    history = [ke("@web1", VALIDATED, INFERRED, 2.0), ke("@web1", RESET), ke("@web2", VALIDATED)]

    assert assessed_skills(history) == {"@web2"}
    created = knowledge_elements_for_answer(
        skill=WEB[2], is_ok=True, tube_skills=WEB, already_assessed=assessed_skills(history)
    )
    assert [e.skill for e in created] == ["@web3", "@web1"]


def test_only_the_latest_knowledge_element_of_a_skill_counts():
    history = [ke("@web1", VALIDATED, pix=2.0), ke("@web2", VALIDATED, pix=3.0), ke("@web1", RESET)]

    assert latest_per_skill(history)["@web1"].status == RESET
    assert competence_score(history).real_pix == 3.0


# --- Scores -------------------------------------------------------------------------------


def test_the_score_floors_the_pix_and_takes_the_level_from_the_exact_sum():
    score = competence_score(
        [ke(f"@web{i}", pix=8 / 3) for i in range(1, 7)] + [ke("@mail1", pix=7.5)]
    )

    assert score == CompetenceScore(real_pix=23.5, pix=23, level=2)
    assert score.pix_ahead_for_next_level == 7


def test_three_skills_of_8_3_pix_make_8_pix_not_7():
    score = competence_score([ke(f"@web{i}", pix=8 / 3) for i in range(1, 4)])

    assert (score.pix, score.level) == (8, 1)


def test_max_level_caps_the_level_and_the_pix_but_not_the_exact_sum():
    elements = [ke(f"@web{i}", pix=10.0) for i in range(1, 6)]

    assert competence_score(elements, max_level=5) == CompetenceScore(50.0, 40, 5)
    assert competence_score(elements) == CompetenceScore(50.0, 50, 6)


def test_max_level_keeps_the_uncapped_values_below_the_cap():
    elements = [ke("@web1", pix=8.0), ke("@web2", pix=12.5)]

    assert competence_score(elements, max_level=5) == competence_score(elements)
    assert competence_score(elements, max_level=5) == CompetenceScore(20.5, 20, 2)


def test_a_profile_is_certifiable_with_five_competences_at_level_1():
    scores = [CompetenceScore(8.0, 8, 1)] * 4 + [CompetenceScore(17.0, 17, 2)]

    summary = profile_summary(scores)

    assert summary.total_pix == 49
    assert summary.is_certifiable
    assert summary.missing_certifiable_competences == 0


def test_a_competence_below_level_1_does_not_count_towards_certifiability():
    scores = [CompetenceScore(8.0, 8, 1)] * 4 + [CompetenceScore(7.9, 7, 0)]

    summary = profile_summary(scores)

    assert summary.certifiable_competences == 4
    assert not summary.is_certifiable
    assert summary.missing_certifiable_competences == 1
    assert profile_summary([]).missing_certifiable_competences == 5


def test_a_reset_is_allowed_7_days_after_the_last_knowledge_element():
    days = datetime.timedelta(days=1)

    assert remaining_days(None, NOW, 7) == 0
    assert remaining_days(NOW - 7 * days, NOW, 7) == 0
    assert remaining_days(NOW - 10 * days, NOW, 7) == 0
    assert remaining_days(NOW - 6.5 * days, NOW, 7) == 1
    assert remaining_days(NOW - datetime.timedelta(hours=1), NOW, 7) == 7


def test_improving_waits_4_days_rounded_up_to_a_whole_day():
    days = datetime.timedelta(days=1)

    assert remaining_days(NOW - 1 * days, NOW, 4) == 3
    assert remaining_days(NOW - 3.1 * days, NOW, 4) == 1
    assert remaining_days(NOW - 4 * days, NOW, 4) == 0


def test_improving_forgets_failures_older_than_4_days_from_other_assessments():
    days = datetime.timedelta(days=1)
    old_success = ke("@web1", VALIDATED, created_at=NOW - 30 * days, assessment_id=1)
    old_failure = ke("@web2", INVALIDATED, created_at=NOW - 30 * days, assessment_id=1)
    failure_exactly_4_days_old = ke("@web3", INVALIDATED, created_at=NOW - 4 * days)
    recent_failure = ke("@web4", INVALIDATED, created_at=NOW - 3.9 * days, assessment_id=1)
    failure_of_this_assessment = ke("@mail1", INVALIDATED, created_at=NOW, assessment_id=2)
    undated_failure = ke("@mail2", INVALIDATED, assessment_id=1)

    kept = keep_for_improvement(
        [
            old_success,
            old_failure,
            failure_exactly_4_days_old,
            recent_failure,
            failure_of_this_assessment,
            undated_failure,
        ],
        assessment_started_at=NOW,
        assessment_id=2,
    )

    assert kept == [old_success, recent_failure, failure_of_this_assessment]


# --- Stored item bank ---------------------------------------------------------------------


def test_an_item_bank_reads_back_what_it_stored():
    skills = tube("web", range(1, 4))
    stored = ItemBank(
        tuple(skills), (*one_challenge_each(skills), Challenge("web-9", "@web3", True, False))
    )

    assert ItemBank.from_dict(stored.to_dict()) == stored


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"skills": [], "challenges": "web-1"},
        {"skills": [["@web1", "web", "un", 8.0]], "challenges": []},
        {"skills": [["@web1", "web", 1]], "challenges": []},
        {"skills": [["@web1", "web", True, 8.0]], "challenges": []},
        {"skills": [], "challenges": [["web-1", "@web1", "yes", True]]},
    ],
)
def test_an_unreadable_item_bank_is_refused_with_a_message(data):
    with pytest.raises(ItemBankError, match="Banque d'épreuves enregistrée illisible"):
        ItemBank.from_dict(data)
