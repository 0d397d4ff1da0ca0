"""The adaptive competence evaluation "smart random" (spec 01 §4, decisions D10, D13)."""

import pytest

from certinum.engine import smart_random
from certinum.engine.positioning import Challenge, KnowledgeElement, RecordedAnswer, Skill
from certinum.engine.simulation import DeterministicPupil, run_evaluation
from certinum.engine.smart_random import Config, Step, estimate, next_step, seeded_index
from tests.engine.factories import (
    INFERRED,
    INVALIDATED,
    RESET,
    VALIDATED,
    bank,
    ke,
    one_challenge_each,
    skill,
    tube,
)

DEFAULT = Config()


def estimate_level(elements: list[KnowledgeElement], levels: dict[str, int]) -> float:
    return estimate(elements, levels, DEFAULT)


def step_after(
    skills: list[Skill],
    challenges: list[Challenge],
    elements: list[KnowledgeElement],
    answered: list[str],
    *,
    seed: str = "s",
    config: Config = DEFAULT,
) -> Step:
    return next_step(
        bank=bank(skills, challenges),
        elements=elements,
        answered=answered,
        seed=seed,
        config=config,
    )


def first_step(skills: list[Skill], challenges: list[Challenge], seed: str = "s") -> Step:
    return step_after(skills, challenges, [], [], seed=seed)


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
    monkeypatch.setattr(smart_random, "probability_of_success", lambda level, difficulty: 0.5)

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
    mail = {s.name for s in skills if s.tube == "mail"}

    after_timed = step_after(
        skills, one_challenge_each(skills, timed={*mail, "@quiz2"}), **AFTER_QUIZ2
    )
    after_untimed = step_after(skills, one_challenge_each(skills, timed=mail), **AFTER_QUIZ2)

    assert after_timed.candidate_skills == ("@web4",)
    assert after_untimed.candidate_skills == ("@mail4", "@web4")


def test_two_timed_challenges_in_a_row_when_nothing_else_is_left():
    skills = [QUIZ2, *tube("mail", range(1, 6))]
    challenges = one_challenge_each(skills, timed={s.name for s in skills})

    step = step_after(skills, challenges, **AFTER_QUIZ2)

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

    picks = {first_step(skills, challenges, seed=f"seed-{i}").challenge for i in range(20)}

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
    indexes = [seeded_index(f"seed-{i}", size) for i in range(50)]

    assert all(0 <= index < size for index in indexes)
    assert indexes == [seeded_index(f"seed-{i}", size) for i in range(50)]


def test_a_different_seed_changes_only_the_pick_not_the_candidates():
    first = first_step(WIDE_SKILLS, WIDE_CHALLENGES, seed="a")
    picks = {first_step(WIDE_SKILLS, WIDE_CHALLENGES, seed=f"s{i}").challenge for i in range(20)}

    assert all(
        first_step(WIDE_SKILLS, WIDE_CHALLENGES, seed=f"s{i}").candidate_skills
        == first.candidate_skills
        for i in range(20)
    )
    assert len(picks) > 1


def test_the_pick_is_the_documented_hash_of_seed_and_step():
    # docs/engine.md: skill = candidates[sha256("<seed>-<answers>") mod n], then the
    # challenge = sorted options[sha256("<seed>-<answers>+1") mod m].
    candidates = [s for s in WIDE_SKILLS if s.level == 2]
    seed = "0123456789abcdef"

    picked = smart_random.select(
        candidates, bank=bank(WIDE_SKILLS, WIDE_CHALLENGES), answered=[], seed=seed
    )

    skill_index = seeded_index(f"{seed}-0", len(candidates))
    challenge_index = seeded_index(f"{seed}-0+1", 3)
    assert picked == f"{candidates[skill_index].tube}-2-{'abc'[challenge_index]}"


def test_stop_is_when_no_candidate_is_left():
    assert smart_random.stop([])
    assert not smart_random.stop([skill("@web1")])


# --- Configuration ------------------------------------------------------------------------


def test_the_default_configuration_is_the_reference_one_and_reads_back():
    stored = DEFAULT.to_dict()

    assert stored["first_challenge_level"] == 2
    assert stored["max_level_gap"] == 2
    assert stored["easy_tube_max_level"] == 3
    assert stored["estimation_levels"] == [0.5 * i for i in range(1, 16)]
    assert Config.from_dict(stored) == DEFAULT
    assert Config.from_dict({**stored, "estimation_levels": [1, 2, 3]}).estimation_levels == (
        1.0,
        2.0,
        3.0,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"max_level_gap": None}, "« max_level_gap » doit être un nombre entier"),
        ({"max_level_gap": True}, "« max_level_gap » doit être un nombre entier"),
        ({"max_level_gap": -1}, "« max_level_gap » doit être compris entre 0 et 8"),
        ({"first_challenge_level": 0}, "« first_challenge_level » doit être compris entre 1"),
        ({"easy_tube_max_level": 9}, "« easy_tube_max_level » doit être compris entre 1"),
        ({"virtual_success_level": 7}, "« virtual_success_level » doit être inférieur"),
        ({"estimation_levels": []}, "« estimation_levels » doit être une liste non vide"),
        ({"estimation_levels": [2.0, 1.0]}, "niveaux croissants"),
        ({"estimation_levels": [1.0, 9.0]}, "entre 0 et 8"),
        ({"estimation_levels": "1, 2"}, "« estimation_levels » doit être une liste"),
        ({"probe_untouched_tubes": "yes"}, "« probe_untouched_tubes » doit valoir true ou false"),
    ],
)
def test_an_inconsistent_configuration_is_refused_with_a_clear_message(change, message):
    with pytest.raises(smart_random.ConfigError, match=message):
        Config.from_dict({**DEFAULT.to_dict(), **change})


def test_a_configuration_with_a_missing_or_unknown_key_is_refused():
    stored = DEFAULT.to_dict()
    del stored["max_level_gap"]
    with pytest.raises(smart_random.ConfigError, match="incomplète : il manque max_level_gap"):
        Config.from_dict(stored)
    with pytest.raises(smart_random.ConfigError, match="clé\\(s\\) inconnue\\(s\\) max_gap"):
        Config.from_dict({**DEFAULT.to_dict(), "max_gap": 2})
    with pytest.raises(smart_random.ConfigError, match="doit être un objet"):
        Config.from_dict([])  # type: ignore[arg-type]


def test_a_configuration_is_checked_when_built_directly_too():
    with pytest.raises(smart_random.ConfigError, match="max_level_gap"):
        Config(max_level_gap=12)


def test_the_first_challenge_level_is_configurable():
    skills = tube("mail", range(1, 5)) + tube("quiz", range(1, 5))
    config = Config(first_challenge_level=3, easy_tube_max_level=4)

    step = next_step(
        bank=bank(skills, one_challenge_each(skills)),
        elements=[],
        answered=[],
        seed="s",
        config=config,
    )

    assert step.candidate_skills == ("@mail3", "@quiz3")
    assert step.estimated_level == 3.0


def test_the_max_level_gap_is_configurable():
    # web1 proved, quiz failed: the estimate is about 1 and web5 is 4 levels above.
    skills = [*tube("quiz", [1, 2]), *tube("web", [1, 5])]
    elements = [ke("@quiz1", INVALIDATED), ke("@quiz2", INVALIDATED, INFERRED), ke("@web1")]
    answered = ["quiz-1", "web-1"]

    default = step_after(skills, one_challenge_each(skills), elements, answered)
    wider = step_after(
        skills, one_challenge_each(skills), elements, answered, config=Config(max_level_gap=4)
    )

    assert default.has_ended
    assert wider.challenge == "web-5"


def test_without_the_d10_probe_an_untouched_tube_is_not_visited():
    skills = [skill("@quiz1"), *tube("web", range(3, 6))]
    failure = {"elements": [ke("@quiz1", INVALIDATED)], "answered": ["quiz-1"]}
    reference = Config(probe_untouched_tubes=False)

    assert step_after(skills, one_challenge_each(skills), **failure, config=reference).has_ended
    assert not step_after(skills, one_challenge_each(skills), **failure).has_ended


def test_without_the_d10_reach_a_proved_tube_is_capped_by_the_overall_estimate():
    # Two failed tubes keep the estimate at 2.5; web4 was proved, so web5 is within reach
    # of the tube (D10) but 2.5 levels above the estimate.
    skills = [*tube("quiz", [1, 2]), *tube("mail", [1, 2]), *tube("web", range(3, 7))]
    elements = [
        ke("@quiz1", INVALIDATED),
        ke("@quiz2", INVALIDATED, INFERRED),
        ke("@mail1", INVALIDATED),
        ke("@mail2", INVALIDATED, INFERRED),
        ke("@web3"),
        ke("@web4"),
    ]
    answered = ["quiz-1", "mail-1", "web-3", "web-4"]

    with_reach = step_after(skills, one_challenge_each(skills), elements, answered)
    reference = step_after(
        skills,
        one_challenge_each(skills),
        elements,
        answered,
        config=Config(reach_from_own_tube=False),
    )

    assert with_reach.estimated_level == 2.5
    assert with_reach.challenge == "web-5"
    assert reference.has_ended


# --- Replay -------------------------------------------------------------------------------


def simulated(seed: str) -> tuple[list[RecordedAnswer], list[tuple[str, ...]]]:
    """A deterministic pupil's evaluation on WIDE, as answers and knowledge elements."""
    run = run_evaluation(WIDE_SKILLS, WIDE_CHALLENGES, HALFWAY, seed=seed)
    by_key = {c.key: c for c in WIDE_CHALLENGES}
    levels = {s.name: s for s in WIDE_SKILLS}
    answers = [
        RecordedAnswer(key, HALFWAY.answers_ok(levels[by_key[key].skill])) for key in run.answered
    ]
    return answers, list(run.answered)


def test_replay_serves_the_recorded_questions_and_ends():
    answers, answered = simulated("assessment-7")

    replayed = smart_random.replay(
        bank=bank(WIDE_SKILLS, WIDE_CHALLENGES),
        prior_elements=[],
        answers=answers,
        seed="assessment-7",
        config=DEFAULT,
    )

    assert list(replayed.served) == [*answered, None]
    assert replayed.diverged_at is None
    assert replayed.last_step.has_ended
    assert len(replayed.elements) == len(answers)
    assert replayed.elements[0][0].skill == next(
        c.skill for c in WIDE_CHALLENGES if c.key == answered[0]
    )


def test_replay_stops_where_the_recorded_answers_leave_the_algorithm():
    answers, answered = simulated("assessment-7")
    # The second recorded answer is about a challenge the algorithm does not serve then.
    tampered = [answers[0], RecordedAnswer(answered[0], True), *answers[2:]]

    replayed = smart_random.replay(
        bank=bank(WIDE_SKILLS, WIDE_CHALLENGES),
        prior_elements=[],
        answers=tampered,
        seed="assessment-7",
        config=DEFAULT,
    )

    assert replayed.diverged_at == 1
    assert replayed.served == (answered[0], answered[1])
    assert len(replayed.elements) == 1


def test_replay_takes_the_prior_knowledge_elements_into_account():
    answers, _answered = simulated("assessment-7")
    everything_known = [ke(s.name, VALIDATED) for s in WIDE_SKILLS]

    replayed = smart_random.replay(
        bank=bank(WIDE_SKILLS, WIDE_CHALLENGES),
        prior_elements=everything_known,
        answers=[],
        seed="assessment-7",
        config=DEFAULT,
    )

    assert replayed.served == (None,)
    assert replayed.elements == ()
    assert answers  # the same evaluation without prior knowledge did ask questions
