"""Knowledge elements, scores and the adaptive competence evaluation (spec 01 §2–§4)."""

import datetime
from collections.abc import Collection

import pytest

from certinum.engine import positioning
from certinum.engine.positioning import (
    Challenge,
    CompetenceScore,
    KESource,
    KEStatus,
    KnowledgeElement,
    NewKnowledgeElement,
    Skill,
    assessed_skills,
    competence_score,
    estimate_level,
    keep_for_improvement,
    knowledge_elements_for_answer,
    latest_per_skill,
    next_step,
    profile_summary,
    remaining_days,
)
from certinum.engine.simulation import DeterministicPupil, run_evaluation

VALIDATED = KEStatus.VALIDATED
INVALIDATED = KEStatus.INVALIDATED
RESET = KEStatus.RESET
DIRECT = KESource.DIRECT
INFERRED = KESource.INFERRED

NOW = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)


def skill(name: str, pix: float = 1.0) -> Skill:
    """`@web3` is level 3 of the tube `web`, as in the item bank."""
    return Skill(name=name, tube=name[1:-1], level=int(name[-1]), pix_value=pix)


def tube(name: str, levels: range | list[int]) -> list[Skill]:
    return [skill(f"@{name}{level}") for level in levels]


def one_challenge_each(
    skills: list[Skill], *, timed: Collection[str] = (), proposed: Collection[str] = ()
) -> list[Challenge]:
    """Challenge `web-3` for skill `@web3`; skills named in `timed`/`proposed` get a timed /
    not yet validated challenge."""
    return [
        Challenge(
            key=f"{s.tube}-{s.level}",
            skill=s.name,
            timed=s.name in timed,
            validated=s.name not in proposed,
        )
        for s in skills
    ]


def ke(
    skill_name: str,
    status: KEStatus = VALIDATED,
    source: KESource = DIRECT,
    pix: float = 0.0,
    *,
    created_at: datetime.datetime | None = None,
    assessment_id: int | None = None,
) -> KnowledgeElement:
    return KnowledgeElement(skill_name, status, source, pix, created_at, assessment_id)


def step_after(
    skills: list[Skill],
    challenges: list[Challenge],
    elements: list[KnowledgeElement],
    answered: list[str],
    *,
    last_was_timed: bool = False,
    seed: str = "s",
) -> positioning.Step:
    return next_step(
        skills=skills,
        challenges=challenges,
        elements=elements,
        answered=answered,
        last_was_timed=last_was_timed,
        seed=seed,
    )


def first_step(skills: list[Skill], challenges: list[Challenge]) -> positioning.Step:
    return next_step(
        skills=skills,
        challenges=challenges,
        elements=[],
        answered=[],
        last_was_timed=None,
        seed="s",
    )


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


# --- Estimated level ----------------------------------------------------------------------

LEVELS = {f"@web{level}": level for level in range(1, 9)}


def test_with_no_answer_the_two_virtual_answers_put_the_estimate_at_3_5():
    assert estimate_level([], LEVELS) == 3.5


def test_a_success_raises_the_estimate_and_a_failure_lowers_it():
    assert estimate_level([ke("@web2", VALIDATED)], LEVELS) == 4.5
    assert estimate_level([ke("@web2", INVALIDATED)], LEVELS) == 1.0
    assert estimate_level([ke("@web2", VALIDATED), ke("@web4", INVALIDATED)], LEVELS) == 3.0


def test_the_estimate_ignores_inferred_and_reset_knowledge_elements():
    inferred_and_reset = [
        ke("@web1", VALIDATED, INFERRED),
        ke("@web5", INVALIDATED, INFERRED),
        ke("@web6", RESET),
    ]

    assert estimate_level([ke("@web2", VALIDATED), *inferred_and_reset], LEVELS) == 4.5


def test_a_skill_of_unknown_level_counts_as_level_2():
    assert estimate_level([ke("@elsewhere7", VALIDATED)], LEVELS) == 4.5


def test_equally_good_levels_resolve_to_the_lowest(monkeypatch):
    # No integer difficulties give an exact tie, so make every level equally good.
    monkeypatch.setattr(positioning, "probability_of_success", lambda level, difficulty: 0.5)

    assert estimate_level([], LEVELS) == 0.5


# --- First challenge ----------------------------------------------------------------------


def test_the_first_challenge_is_a_level_2_skill():
    skills = tube("mail", range(1, 4)) + tube("quiz", range(1, 4))

    step = first_step(skills, one_challenge_each(skills))

    assert step.candidate_skills == ("@mail2", "@quiz2")
    assert step.challenge in {"mail-2", "quiz-2"}
    assert step.estimated_level == 2.0


def test_without_a_level_2_skill_the_first_challenge_is_at_the_lowest_level():
    skills = tube("web", [3, 4]) + tube("mail", [4, 5])

    step = first_step(skills, one_challenge_each(skills))

    assert step.candidate_skills == ("@web3",)


def test_the_first_challenge_comes_from_an_easy_tube():
    skills = tube("web", range(1, 6)) + tube("mail", range(1, 4))

    step = first_step(skills, one_challenge_each(skills))

    assert step.candidate_skills == ("@mail2",)


def test_the_first_challenge_avoids_timed_skills():
    skills = tube("mail", range(1, 4)) + tube("quiz", range(1, 4))

    step = first_step(skills, one_challenge_each(skills, timed={"@quiz2"}))

    assert step.challenge == "mail-2"


def test_the_first_challenge_is_timed_when_every_candidate_is():
    skills = tube("quiz", range(2, 4))

    step = first_step(skills, one_challenge_each(skills, timed={"@quiz2", "@quiz3"}))

    assert step.challenge == "quiz-2"


def test_a_skill_with_timed_and_untimed_challenges_serves_an_untimed_one_first():
    skills = [skill("@mail2")]
    challenges = [Challenge(f"mail-2-{i}", "@mail2", timed=i != 3) for i in range(5)]

    assert first_step(skills, challenges).challenge == "mail-2-3"


# --- Next challenges ----------------------------------------------------------------------

# After a success on quiz2 the estimate is 4.5. On an untested tube of levels 1–5,
# reward(d) = P(4.5, d)·#(levels ≤ d) + (1 − P)·#(levels ≥ d) is highest at d = 4:
# 0.622·4 + 0.378·2 = 3.245 (d = 3 gives 3.0, d = 5 gives 2.512).
QUIZ2 = skill("@quiz2")
AFTER_QUIZ2 = {"elements": [ke("@quiz2", VALIDATED)], "answered": ["quiz-2"]}


def test_the_most_rewarding_skills_are_all_kept():
    skills = [QUIZ2, *tube("web", range(1, 6)), *tube("mail", range(1, 6))]

    step = step_after(skills, one_challenge_each(skills), **AFTER_QUIZ2)

    assert step.estimated_level == 4.5
    assert step.candidate_skills == ("@mail4", "@web4")


def test_a_tube_with_fewer_skills_left_to_learn_about_rewards_less():
    skills = [QUIZ2, *tube("web", range(1, 6)), *tube("mail", range(1, 6))]
    elements = [*AFTER_QUIZ2["elements"], ke("@web1", VALIDATED, INFERRED)]

    step = step_after(skills, one_challenge_each(skills), elements, AFTER_QUIZ2["answered"])

    # web4 now has 3 untested skills at or below it: 0.622·3 + 0.378·2 = 2.622 < 3.245.
    assert step.candidate_skills == ("@mail4",)


def test_no_two_timed_challenges_in_a_row_when_another_is_possible():
    skills = [QUIZ2, *tube("web", range(1, 6)), *tube("mail", range(1, 6))]
    challenges = one_challenge_each(skills, timed={s.name for s in skills if s.tube == "mail"})

    after_timed = step_after(skills, challenges, **AFTER_QUIZ2, last_was_timed=True)
    after_untimed = step_after(skills, challenges, **AFTER_QUIZ2, last_was_timed=False)

    assert after_timed.candidate_skills == ("@web4",)
    assert after_untimed.candidate_skills == ("@mail4", "@web4")


def test_two_timed_challenges_in_a_row_when_nothing_else_is_left():
    skills = [QUIZ2, *tube("mail", range(1, 6))]
    challenges = one_challenge_each(skills, timed={s.name for s in skills if s.tube == "mail"})

    step = step_after(skills, challenges, **AFTER_QUIZ2, last_was_timed=True)

    assert step.challenge == "mail-4"


def test_skills_more_than_2_levels_above_the_estimate_are_left_out():
    # A failure on quiz1 puts the estimate at 0.5: only skills up to level 2.5 remain.
    skills = [skill("@quiz1"), *tube("web", range(2, 6))]
    failure = {"elements": [ke("@quiz1", INVALIDATED)], "answered": ["quiz-1"]}

    step = step_after(skills, one_challenge_each(skills), **failure)

    assert step.estimated_level == 0.5
    assert step.candidate_skills == ("@web2",)


def test_an_untouched_tube_is_probed_at_its_easiest_skill_before_the_end():
    # Certinum's departure from the reference rule (docs/decisions.md, D10): the failed
    # basics of `quiz` must not hide the `web` tube, which starts at level 3.
    skills = [skill("@quiz1"), *tube("web", range(3, 6))]
    failure = {"elements": [ke("@quiz1", INVALIDATED)], "answered": ["quiz-1"]}

    step = step_after(skills, one_challenge_each(skills), **failure)

    assert step.challenge == "web-3"


def test_a_success_keeps_the_next_skills_of_its_tube_within_reach():
    # The overall estimate is low (quiz failed), but web3 was proved: web4 and web5 stay
    # reachable (within 2 levels of what the pupil proved in the same tube).
    skills = [*tube("quiz", [1, 2]), *tube("web", range(3, 6))]
    elements = [ke("@quiz1", INVALIDATED), ke("@quiz2", INVALIDATED, INFERRED), ke("@web3")]
    step = step_after(skills, one_challenge_each(skills), elements, ["quiz-1", "web-3"])

    assert set(step.candidate_skills) <= {"@web4", "@web5"}
    assert not step.has_ended


def test_the_evaluation_ends_when_the_skills_left_are_out_of_reach():
    # web1 proved, quiz failed: the estimate is about 1, and web5 is more than 2 levels
    # above both the estimate and what was proved in its tube.
    skills = [*tube("quiz", [1, 2]), *tube("web", [1, 5])]
    elements = [ke("@quiz1", INVALIDATED), ke("@quiz2", INVALIDATED, INFERRED), ke("@web1")]

    step = step_after(skills, one_challenge_each(skills), elements, ["quiz-1", "web-1"])

    assert step.has_ended
    assert step.challenge is None


def test_the_evaluation_ends_when_every_skill_is_assessed():
    skills = tube("web", range(1, 4))
    elements = [ke("@web2", VALIDATED), ke("@web1", VALIDATED, INFERRED), ke("@web3", INVALIDATED)]

    step = step_after(skills, one_challenge_each(skills), elements, ["web-2", "web-3"])

    assert step.has_ended


def test_a_skill_whose_challenges_were_all_answered_is_not_served_again():
    skills = tube("web", range(1, 3))
    elements = [ke("@web1", RESET)]

    step = step_after(skills, one_challenge_each(skills), elements, ["web-1", "web-2"])

    assert step.has_ended


def test_validated_challenges_are_preferred_over_proposed_ones():
    skills = [skill("@mail2")]
    challenges = [
        Challenge("mail-2-a", "@mail2", validated=False),
        Challenge("mail-2-b", "@mail2"),
        Challenge("mail-2-c", "@mail2", validated=False),
    ]

    picks = {
        next_step(
            skills=skills,
            challenges=challenges,
            elements=[],
            answered=[],
            last_was_timed=None,
            seed=f"seed-{i}",
        ).challenge
        for i in range(20)
    }

    assert picks == {"mail-2-b"}


def test_a_proposed_challenge_is_served_when_its_skill_has_no_validated_one():
    skills = [skill("@mail2")]

    step = first_step(skills, one_challenge_each(skills, proposed={"@mail2"}))

    assert step.challenge == "mail-2"


# --- Determinism --------------------------------------------------------------------------

WIDE = [tube(name, range(1, 4)) for name in ("mail", "quiz", "chat", "docs")]
WIDE_SKILLS = [s for skills in WIDE for s in skills]
WIDE_CHALLENGES = [
    Challenge(f"{s.tube}-{s.level}-{k}", s.name) for s in WIDE_SKILLS for k in ("a", "b", "c")
]
HALFWAY = DeterministicPupil({"mail": 1, "quiz": 2, "chat": 3, "docs": 0})


def test_the_same_seed_replays_the_same_evaluation():
    first = run_evaluation(WIDE_SKILLS, WIDE_CHALLENGES, HALFWAY, seed="assessment-42")
    again = run_evaluation(WIDE_SKILLS, WIDE_CHALLENGES, HALFWAY, seed="assessment-42")

    assert first.answered == again.answered
    assert first.elements == again.elements
    assert len(first.answered) > 3


def test_different_seeds_may_pick_different_challenges():
    sequences = {
        run_evaluation(WIDE_SKILLS, WIDE_CHALLENGES, HALFWAY, seed=f"assessment-{i}").answered
        for i in range(10)
    }
    first_challenges = {
        first_step(WIDE_SKILLS, WIDE_CHALLENGES).challenge,
        *(sequence[0] for sequence in sequences),
    }

    assert len(sequences) > 1
    assert len(first_challenges) > 1


@pytest.mark.parametrize("size", [1, 2, 7, 1000])
def test_a_seeded_index_stays_in_range_and_depends_only_on_the_seed(size):
    indexes = [positioning.seeded_index(f"seed-{i}", size) for i in range(50)]

    assert all(0 <= index < size for index in indexes)
    assert indexes == [positioning.seeded_index(f"seed-{i}", size) for i in range(50)]
