"""The certification test v2: which questions a candidate gets (spec 05 §1–§3, D40)."""

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certinum.engine import certification_v2, registry
from certinum.engine.certification_v2 import (
    AvailableChallenge,
    CompetenceProfile,
    Config,
    ConfigError,
    Inputs,
    InputsError,
    Pick,
    ValidatedSkill,
    certifiable_competences,
    eligible,
    estimate,
    next_step,
    replay,
    select,
    stop,
)
from certinum.engine.smart_random import seeded_index

DEFAULT = Config()


def competence(code: str, level: int = 2, skills: tuple[str, ...] = ()) -> CompetenceProfile:
    """`skills` are names like "@web3" (level 3), all directly validated."""
    return CompetenceProfile(
        code=code,
        level=level,
        pix=8 * level + 3,
        validated_skills=tuple(ValidatedSkill(name, int(name[-1])) for name in skills),
    )


def challenges_for(
    profile: list[CompetenceProfile], per_skill: int = 1, status: str = "validated"
) -> list[AvailableChallenge]:
    """Challenges `web3-a`, `web3-b`… for skill `@web3`."""
    return [
        AvailableChallenge(f"{s.name[1:]}-{letter}", s.name, status)
        for c in profile
        for s in c.validated_skills
        for letter in "abcdefgh"[:per_skill]
    ]


def five_competences(**skills: tuple[str, ...]) -> list[CompetenceProfile]:
    """Competences 1.1 to 1.5 at level 2; `c1_3=("@x3",)` gives 1.3 its skills, the others
    get three of their own."""
    return [
        competence(f"1.{i}", skills=skills.get(f"c1_{i}", (f"@a{i}x1", f"@a{i}y2", f"@a{i}z3")))
        for i in range(1, 6)
    ]


def picks_of(
    profile: list[CompetenceProfile],
    challenges: list[AvailableChallenge] | None = None,
    *,
    answered: frozenset[str] = frozenset(),
    seed: str = "seed",
    config: Config = DEFAULT,
) -> list[Pick]:
    inputs = Inputs(
        tuple(profile),
        tuple(challenges_for(profile) if challenges is None else challenges),
        answered,
    )
    return select(inputs, config, seed)


# --- Eligibility --------------------------------------------------------------------------


def test_four_certifiable_competences_are_not_enough_and_five_are():
    four = [*five_competences()[:4], competence("2.1", level=0, skills=("@b1",))]
    five = [*four[:4], competence("2.1", level=1, skills=("@b1",))]

    assert not eligible(four)
    assert eligible(five)
    assert picks_of(four) == []
    assert len(picks_of(five)) == 4 * 3 + 1


def test_only_competences_at_level_1_or_more_are_tested_in_framework_order():
    profile = [
        competence("2.1", skills=("@b1",)),
        competence("1.10", skills=("@k1",)),
        competence("1.2", skills=("@c1",)),
        competence("3.1", level=0, skills=("@z1",)),
        competence("1.1", skills=("@a1",)),
        competence("4.1", level=7, skills=("@d1",)),
    ]

    assert [c.code for c in certifiable_competences(profile)] == [
        "1.1",
        "1.2",
        "1.10",
        "2.1",
        "4.1",
    ]
    assert estimate(profile) == {"1.1": 2, "1.2": 2, "1.10": 2, "2.1": 2, "4.1": 7}
    assert [p.competence for p in picks_of(profile)] == ["1.1", "1.2", "1.10", "2.1", "4.1"]


# --- Selection ----------------------------------------------------------------------------


def test_three_questions_per_competence_from_the_hardest_validated_skill():
    profile = five_competences(c1_1=("@web1", "@web2", "@mail4", "@web3", "@code6"))

    picks = picks_of(profile)

    assert [p.skill for p in picks if p.competence == "1.1"] == ["@code6", "@mail4", "@web3"]
    assert len(picks) == 15


def test_skills_of_the_same_level_come_by_name():
    profile = five_competences(c1_1=("@zeta2", "@beta2", "@alpha2", "@gamma2"))

    assert [p.skill for p in picks_of(profile)[:3]] == ["@alpha2", "@beta2", "@gamma2"]


def test_a_competence_with_fewer_skills_or_challenges_gets_fewer_questions():
    profile = five_competences(c1_1=("@web2", "@web1"), c1_2=("@mail2", "@mail1", "@doc3"))
    challenges = [c for c in challenges_for(profile) if c.skill != "@doc3"]

    picks = picks_of(profile, challenges)

    assert [p.skill for p in picks if p.competence == "1.1"] == ["@web2", "@web1"]
    assert [p.skill for p in picks if p.competence == "1.2"] == ["@mail2", "@mail1"]


def test_only_validated_challenges_are_served_unless_configured():
    profile = five_competences(c1_1=("@web3", "@web2"))
    challenges = challenges_for(profile)
    challenges = [
        AvailableChallenge(c.key, c.skill, "archived" if c.skill == "@web3" else c.status)
        for c in challenges
    ]

    assert [p.skill for p in picks_of(profile, challenges)[:1]] == ["@web2"]
    reference = Config(served_statuses=("validated", "archived"))
    assert picks_of(profile, challenges, config=reference)[0].challenge == "web3-a"


def test_a_challenge_already_answered_in_the_profile_is_avoided():
    profile = five_competences(c1_1=("@web3",))
    challenges = challenges_for(profile, per_skill=2)

    for seed in map(str, range(20)):
        picks = picks_of(profile, challenges, answered=frozenset({"web3-a"}), seed=seed)
        assert picks[0].challenge == "web3-b"


def test_when_every_challenge_was_answered_one_of_them_is_asked_again():
    profile = five_competences(c1_1=("@web3",))
    challenges = challenges_for(profile, per_skill=2)

    picks = picks_of(profile, challenges, answered=frozenset({"web3-a", "web3-b"}))

    assert picks[0].challenge in {"web3-a", "web3-b"}
    without_preference = Config(avoid_answered=False)
    keys = {
        picks_of(
            profile,
            challenges,
            answered=frozenset({"web3-a"}),
            seed=str(seed),
            config=without_preference,
        )[0].challenge
        for seed in range(20)
    }
    assert keys == {"web3-a", "web3-b"}


def test_a_challenge_is_never_asked_twice_even_if_listed_under_two_skills():
    profile = five_competences(c1_1=("@web3",), c1_2=("@mail3", "@mail2"))
    shared = [
        AvailableChallenge("shared", "@web3", "validated"),
        AvailableChallenge("shared", "@mail3", "validated"),
    ]
    others = [c for c in challenges_for(profile) if c.skill not in {"@web3", "@mail3"}]

    picks = picks_of(profile, shared + others)

    assert [(p.competence, p.challenge) for p in picks[:2]] == [
        ("1.1", "shared"),
        ("1.2", "mail2-a"),
    ]


def test_picks_are_numbered_in_presentation_order():
    picks = picks_of(five_competences())

    assert [p.order for p in picks] == list(range(1, 16))
    assert picks[:3] == [
        Pick("a1z3-a", "1.1", "@a1z3", 1),
        Pick("a1y2-a", "1.1", "@a1y2", 2),
        Pick("a1x1-a", "1.1", "@a1x1", 3),
    ]


def test_the_same_seed_gives_the_same_picks_and_other_seeds_vary():
    profile = five_competences(c1_1=("@web3", "@web2", "@web1"))
    challenges = challenges_for(profile, per_skill=5)

    first = picks_of(profile, challenges, seed="abc")
    shuffled = picks_of(list(reversed(profile)), list(reversed(challenges)), seed="abc")

    assert first == picks_of(profile, challenges, seed="abc") == shuffled
    assert (
        len(
            {
                tuple(p.challenge for p in picks_of(profile, challenges, seed=str(s)))
                for s in range(10)
            }
        )
        > 5
    )


def test_the_test_is_served_in_order_and_stops_when_every_pick_is_answered():
    picks = picks_of(five_competences())
    keys = [p.challenge for p in picks]

    assert next_step(picks, []) == picks[0]
    assert next_step(picks, keys[:4]) == picks[4]
    assert not stop(picks, keys[:-1])
    assert stop(picks, keys)
    assert next_step(picks, keys) is None


def test_the_draw_is_the_documented_hash_of_seed_competence_and_skill():
    profile = five_competences(c1_1=("@web3",))
    challenges = challenges_for(profile, per_skill=5)
    keys = ["web3-a", "web3-b", "web3-c", "web3-d", "web3-e"]

    for seed in ("s", "7f3a", ""):
        expected = keys[seeded_index(f"{seed}:1.1:@web3", 5)]
        assert picks_of(profile, list(reversed(challenges)), seed=seed)[0].challenge == expected


# --- Replay and storage -------------------------------------------------------------------


def test_inputs_survive_a_trip_through_json():
    profile = five_competences()
    inputs = Inputs(tuple(profile), tuple(challenges_for(profile, 2)), frozenset({"a1x1-b"}))

    stored = json.loads(json.dumps(inputs.to_dict()))

    assert Inputs.from_dict(stored) == inputs


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("answered"),
        lambda d: d["challenges"].append(["k", "@s1"]),
        lambda d: d["profile"][0].update(level=True),
        lambda d: d["profile"][0]["validated_skills"].append(["@s1", "1"]),
        lambda d: d["profile"].append({"code": "9.9"}),
    ],
)
def test_damaged_stored_inputs_are_refused(damage):
    profile = five_competences()
    data = Inputs(tuple(profile), tuple(challenges_for(profile)), frozenset()).to_dict()
    damage(data)

    with pytest.raises(InputsError, match="Données de certification enregistrées illisibles"):
        Inputs.from_dict(data)


def test_the_configuration_round_trips_and_refuses_bad_values():
    assert Config.from_dict(json.loads(json.dumps(DEFAULT.to_dict()))) == DEFAULT
    with pytest.raises(ConfigError, match="challenges_per_competence"):
        Config(challenges_per_competence=0)
    with pytest.raises(ConfigError, match="il manque avoid_answered"):
        Config.from_dict({"challenges_per_competence": 3, "served_statuses": ["validated"]})


def test_a_replay_gives_the_stored_picks_or_where_they_differ():
    profile = five_competences()
    inputs = Inputs(tuple(profile), tuple(challenges_for(profile, 3)), frozenset())
    keys = [p.challenge for p in select(inputs, DEFAULT, "s")]

    assert replay(inputs=inputs, config=DEFAULT, seed="s", stored=keys).diverged_at is None
    changed = [*keys[:4], "other", *keys[5:]]
    assert replay(inputs=inputs, config=DEFAULT, seed="s", stored=changed).diverged_at == 4
    assert replay(inputs=inputs, config=DEFAULT, seed="s", stored=keys[:7]).diverged_at == 7


def test_the_algorithm_is_registered():
    assert registry.latest("certification-v2") is certification_v2


# --- Property -----------------------------------------------------------------------------

SKILL_NAMES = [f"@{tube}{level}" for tube in ("web", "mail") for level in range(1, 9)]


@st.composite
def random_inputs(draw: st.DrawFn) -> Inputs:
    codes = draw(
        st.lists(
            st.sampled_from([f"{a}.{b}" for a in range(1, 6) for b in range(1, 5)]),
            unique=True,
            min_size=4,
            max_size=16,
        )
    )
    profile = []
    challenges = []
    for code in codes:
        names = draw(st.lists(st.sampled_from(SKILL_NAMES), unique=True, max_size=6))
        # A skill belongs to one competence: "@web3" of 1.2 is "@c1_2web3".
        own = tuple(f"@c{code.replace('.', '_')}{name[1:]}" for name in names)
        profile.append(competence(code, draw(st.integers(0, 6)), own))
        for name in own:
            # Few keys, so that one key often stands under several skills.
            for key in draw(st.lists(st.sampled_from("abcdefghij"), unique=True, max_size=3)):
                status = draw(st.sampled_from(["validated", "validated", "archived", "proposed"]))
                challenges.append(AvailableChallenge(key, name, status))
    answered = draw(st.frozensets(st.sampled_from([c.key for c in challenges] or ["x"])))
    return Inputs(tuple(profile), tuple(challenges), answered)


@given(random_inputs(), st.text(max_size=8))
def test_every_pick_checks_a_directly_validated_skill_of_a_certifiable_competence(inputs, seed):
    picks = select(inputs, DEFAULT, seed)

    competences = {c.code: c for c in inputs.profile}
    served = {(c.key, c.skill) for c in inputs.challenges if c.status == "validated"}
    for pick in picks:
        assert competences[pick.competence].is_certifiable
        assert pick.skill in {s.name for s in competences[pick.competence].validated_skills}
        assert (pick.challenge, pick.skill) in served
    levels = {(c.code, s.name): s.level for c in inputs.profile for s in c.validated_skills}
    for before, after in itertools.pairwise(picks):
        if before.competence == after.competence:  # hardest first
            assert levels[before.competence, before.skill] >= levels[after.competence, after.skill]
    per_competence = [p.competence for p in picks]
    assert all(per_competence.count(code) <= 3 for code in per_competence)
    assert len({p.challenge for p in picks}) == len(picks)
    assert [p.order for p in picks] == list(range(1, len(picks) + 1))
    assert picks == select(inputs, DEFAULT, seed)
    if not eligible(inputs.profile):
        assert picks == []
