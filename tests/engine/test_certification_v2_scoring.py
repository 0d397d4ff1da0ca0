"""The certification test v2: certified levels and pix after the test (spec 05 §4, D42)."""

from __future__ import annotations

import dataclasses
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certinum.engine import certification_v2
from certinum.engine.answers import AnswerStatus
from certinum.engine.certification_v2_scoring import (
    CompetenceCounts,
    CompetenceMark,
    ScoringAnswer,
    ScoringChallenge,
    ScoringErrorCode,
    ScoringInput,
    ScoringOutcome,
    ScoringStatus,
    TestedCompetence,
    competence_counts,
    competence_level_from_counts,
    rate_from_counts,
    reproducibility_rate,
    score,
)

OK, KO, PARTIALLY = AnswerStatus.OK, AnswerStatus.KO, AnswerStatus.PARTIALLY
WRONG = (AnswerStatus.KO, AnswerStatus.TIMEDOUT, AnswerStatus.FOCUSED_OUT, AnswerStatus.ABAND)
DEP = "QROCM-dep"

# The 19 rules of spec 05 §4.5, copied from the spec by hand (not imported from the module):
# challenges, correct, neutralized, then the action for rate ≥ 80, 70–79, 50–69.
RULES_FROM_THE_SPEC = """
3 3 0 V V V
3 2 0 V D D
3 2 1 V V V
3 1 0 U U U
3 1 1 V D U
3 1 2 V V D
3 0 0 U U U
3 0 1 U U U
3 0 2 U U U
3 0 3 U U U
2 2 0 V V V
2 1 0 V D U
2 1 1 V V D
2 0 0 U U U
2 0 1 U U U
2 0 2 U U U
1 1 0 V V D
1 0 1 U U U
1 0 0 U U U
"""
ROWS = [line.split() for line in RULES_FROM_THE_SPEC.strip().splitlines()]
# A rate inside each column, and its two edges.
COLUMNS = {0: (80, 100), 1: (70, 79), 2: (50, 69)}
ESTIMATED_LEVEL, ESTIMATED_PIX = 4, 37
EXPECTED_MARK = {"V": (4, 37), "D": (3, 29), "U": (-1, 0)}


def cases() -> list[tuple[int, int, int, int, str]]:
    return [
        (int(n), int(c), int(k), rate, actions[column])
        for n, c, k, *actions in ROWS
        for column, rates in COLUMNS.items()
        for rate in rates
    ]


# --- A tiny course builder ----------------------------------------------------------------


def competence(code: str, level: int = ESTIMATED_LEVEL, pix: int | None = None) -> TestedCompetence:
    return TestedCompetence(code, code.split(".")[0], level, 8 * level + 5 if pix is None else pix)


def questions(
    code: str, *results: AnswerStatus | str | None, types: tuple[str, ...] = ()
) -> tuple[list[ScoringChallenge], list[ScoringAnswer]]:
    """One challenge per result: an AnswerStatus is answered with it; "N" neutralized (not
    answered), "S" skipped automatically, None left unanswered."""
    challenges, answers = [], []
    for index, result in enumerate(results):
        key = f"{code}-{index}"
        challenges.append(
            ScoringChallenge(
                key,
                code,
                types[index] if types else "QCU",
                is_neutralized=result == "N",
                has_been_skipped_automatically=result == "S",
            )
        )
        if isinstance(result, AnswerStatus):
            answers.append(ScoringAnswer(key, result))
    return challenges, answers


def course(
    *parts: tuple[TestedCompetence, tuple[list[ScoringChallenge], list[ScoringAnswer]]],
    max_reachable_level: int = 5,
    continue_on_error: bool = False,
) -> ScoringInput:
    return ScoringInput(
        competences=tuple(c for c, _ in parts),
        challenges=tuple(ch for _, (challenges, _) in parts for ch in challenges),
        answers=tuple(a for _, (_, answers) in parts for a in answers),
        max_reachable_level=max_reachable_level,
        continue_on_error=continue_on_error,
    )


def mark(outcome: ScoringOutcome, code: str) -> CompetenceMark:
    return next(m for m in outcome.competence_marks if m.competence_id == code)


# --- The 19 rules -------------------------------------------------------------------------


def test_the_spec_table_has_19_distinct_rows() -> None:
    assert len({tuple(row[:3]) for row in ROWS}) == 19


@pytest.mark.parametrize(("n", "correct", "neutralized", "rate", "action"), cases())
def test_each_rule_gives_its_level(
    n: int, correct: int, neutralized: int, rate: int, action: str
) -> None:
    level = competence_level_from_counts(
        CompetenceCounts(n, correct, neutralized), estimated_level=ESTIMATED_LEVEL, rate=rate
    )
    assert level == EXPECTED_MARK[action][0]


def _rows_in_a_course(
    n: int, correct: int, neutralized: int, column: int
) -> tuple[ScoringInput, int]:
    """Competence 1.1 has the row's counts (QCU questions); competences 2.x answered all
    right and 3.x all wrong bring the course's rate into the column."""
    wrong = n - correct - neutralized
    row = (
        competence("1.1", pix=ESTIMATED_PIX),
        questions("1.1", *([OK] * correct + ["N"] * neutralized + [KO] * wrong)),
    )
    low, high = COLUMNS[column]
    for good in range(12):
        for bad in range(12):
            right, counted = correct + 3 * good, correct + wrong + 3 * (good + bad)
            if counted and low <= rate_from_counts(right, counted) <= high:
                parts = [row]
                parts += [
                    (competence(f"2.{i}"), questions(f"2.{i}", OK, OK, OK)) for i in range(good)
                ]
                parts += [
                    (competence(f"3.{i}"), questions(f"3.{i}", KO, KO, KO)) for i in range(bad)
                ]
                return course(*parts), rate_from_counts(right, counted)
    raise AssertionError("no course found for this column")


@pytest.mark.parametrize(
    ("n", "correct", "neutralized", "column", "action"),
    [
        (int(n), int(c), int(k), column, actions[column])
        for n, c, k, *actions in ROWS
        for column in range(3)
    ],
)
def test_each_rule_applies_in_a_whole_course(
    n: int, correct: int, neutralized: int, column: int, action: str
) -> None:
    inputs, rate = _rows_in_a_course(n, correct, neutralized, column)
    outcome = score(inputs)
    assert outcome.reproducibility_rate == rate
    assert outcome.error is None
    level, pix = EXPECTED_MARK[action]
    assert mark(outcome, "1.1") == CompetenceMark("1.1", "1", level, pix)


def test_counts_that_no_rule_names_are_an_error_even_for_the_jury() -> None:
    assert (
        competence_level_from_counts(CompetenceCounts(4, 3, 0), estimated_level=3, rate=90) is None
    )
    for jury in (False, True):
        outcome = score(
            course(
                (competence("1.1"), questions("1.1", OK, OK, types=(DEP, DEP))),
                continue_on_error=jury,
            )
        )
        assert outcome.status == ScoringStatus.ERROR
        assert outcome.error is not None
        assert outcome.error.code == ScoringErrorCode.MISSING_LEVEL_RULE
        assert dict(outcome.error.params) == {
            "challenges": 4,
            "correct": 3,
            "neutralized": 0,
            "competence": "1.1",
        }
        assert outcome.error.message == (
            "No certified level rule for 4 challenges asked, 3 correct answers and "
            "0 neutralized challenges (competence 1.1)"
        )


# --- Reproducibility rate -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("correct", "counted", "rate"),
    [
        (0, 0, 0),
        (0, 5, 0),
        (1, 2, 50),
        (2, 3, 67),
        (1, 3, 33),
        (5, 8, 63),
        (1, 8, 13),
        (7, 8, 88),
        (45, 45, 100),
        (4, 5, 80),
        (7, 10, 70),
    ],
)
def test_the_rate_rounds_halves_up(correct: int, counted: int, rate: int) -> None:
    assert rate_from_counts(correct, counted) == rate


def test_the_rate_leaves_out_neutralized_and_unanswered_questions() -> None:
    challenges, answers = questions("1.1", OK, KO, "N", "S", None, PARTIALLY)
    neutralized_ok = dataclasses.replace(challenges[1], challenge_id="x", is_neutralized=True)
    results = {a.challenge_id: a.result for a in answers} | {"x": OK}
    # Counted: ok, ko, skipped, partially (4); right: ok (1). 25 %.
    assert reproducibility_rate([*challenges, neutralized_ok], results) == 25


def test_a_qrocm_dep_counts_once_in_the_rate() -> None:
    challenges, answers = questions("1.1", OK, KO, types=(DEP, "QCU"))
    assert reproducibility_rate(challenges, {a.challenge_id: a.result for a in answers}) == 50


def test_below_50_every_competence_is_uncertified() -> None:
    outcome = score(
        course(
            (competence("1.1"), questions("1.1", OK, OK, OK)),
            (competence("1.2"), questions("1.2", KO, KO, KO)),
            (competence("1.3"), questions("1.3", KO, KO, OK)),
        )
    )
    assert outcome.reproducibility_rate == 44
    assert [(m.level, m.score) for m in outcome.competence_marks] == [(-1, 0)] * 3
    assert (outcome.status, outcome.total_pix, outcome.error) == (ScoringStatus.REJECTED, 0, None)


def test_at_exactly_50_the_rules_apply() -> None:
    outcome = score(
        course(
            (competence("1.1", 3, 27), questions("1.1", OK, OK, OK)),
            (competence("1.2", 3, 27), questions("1.2", KO, KO, KO)),
        )
    )
    assert outcome.reproducibility_rate == 50
    assert mark(outcome, "1.1") == CompetenceMark("1.1", "1", 3, 27)
    assert mark(outcome, "1.2") == CompetenceMark("1.2", "1", -1, 0)
    assert (outcome.status, outcome.total_pix) == (ScoringStatus.VALIDATED, 27)


# --- Per-competence counts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "types", "counts"),
    [
        # Fewer than 3 questions: a QROCM-dep weighs 2.
        ((OK, KO), (DEP, "QCU"), (3, 2, 0)),
        ((PARTIALLY, OK), (DEP, "QCU"), (3, 2, 0)),
        ((PARTIALLY, KO), (DEP, "QCU"), (3, 1, 0)),
        ((KO, OK), (DEP, "QCU"), (3, 1, 0)),
        (("N", OK), (DEP, "QCU"), (3, 1, 2)),
        ((OK, "N"), (DEP, "QCU"), (3, 2, 1)),
        ((OK,), (DEP,), (2, 2, 0)),
        ((PARTIALLY,), (DEP,), (2, 1, 0)),
        (("N",), (DEP,), (2, 0, 2)),
        (("S",), (DEP,), (2, 0, 0)),
        # Three questions: a QROCM-dep is one question, partially is wrong.
        ((OK, PARTIALLY, OK), (DEP, DEP, "QCU"), (3, 2, 0)),
        ((OK, OK, "N"), ("QCU", "QROC", DEP), (3, 2, 1)),
        # Two QROCM-dep: 4 questions, correct capped at 3.
        ((OK, OK), (DEP, DEP), (4, 3, 0)),
        # Not a QROCM-dep: partially is wrong, whatever the count.
        ((PARTIALLY, OK), ("QROCM-ind", "QCU"), (2, 1, 0)),
        ((AnswerStatus.TIMEDOUT, AnswerStatus.FOCUSED_OUT, AnswerStatus.ABAND), (), (3, 0, 0)),
        ((None, OK, "S"), (), (3, 1, 0)),
    ],
)
def test_competence_counts(
    results: tuple[AnswerStatus | str | None, ...],
    types: tuple[str, ...],
    counts: tuple[int, int, int],
) -> None:
    challenges, answers = questions("1.1", *results, types=types)
    found = competence_counts(challenges, {a.challenge_id: a.result for a in answers})
    assert (found.challenges, found.correct, found.neutralized) == counts


def test_a_neutralized_right_answer_is_not_correct() -> None:
    challenges, answers = questions("1.1", OK, OK, OK)
    challenges[0] = dataclasses.replace(challenges[0], is_neutralized=True)
    found = competence_counts(challenges, {a.challenge_id: a.result for a in answers})
    assert found == CompetenceCounts(3, 2, 1)


def test_a_replacement_stands_in_for_the_question_it_replaced() -> None:
    challenges, answers = questions("1.1", "N", OK, OK, OK)
    challenges[1] = dataclasses.replace(challenges[1], is_replacement=True)
    outcome = score(course((competence("1.1", 2, 20), (challenges, answers))))
    assert mark(outcome, "1.1") == CompetenceMark("1.1", "1", 2, 20)  # (3, 3, 0), not (4, 3, 1)
    assert outcome.reproducibility_rate == 100


def test_without_its_replacement_flag_a_fourth_question_has_no_rule() -> None:
    challenges, answers = questions("1.1", "N", OK, OK, OK)
    outcome = score(course((competence("1.1", 2, 20), (challenges, answers))))
    assert outcome.error is not None
    assert outcome.error.code == ScoringErrorCode.MISSING_LEVEL_RULE


# --- Neutralized and skipped questions ----------------------------------------------------


def test_neutralizing_a_wrong_answer_can_save_a_competence() -> None:
    others = [(competence(f"2.{i}"), questions(f"2.{i}", OK, OK, OK)) for i in range(3)]
    before = score(course((competence("1.1"), questions("1.1", OK, KO, KO)), *others))
    after = score(course((competence("1.1"), questions("1.1", OK, "N", KO)), *others))
    assert mark(before, "1.1").level == -1  # (3, 1, 0): uncertified
    assert after.reproducibility_rate == 91  # 10 / 11
    assert mark(after, "1.1") == CompetenceMark("1.1", "1", 4, 37)  # (3, 1, 1) at ≥ 80


def test_skipped_questions_count_as_wrong_and_are_not_missing() -> None:
    outcome = score(
        course(
            (competence("1.1"), questions("1.1", OK, OK, OK)),
            (competence("1.2"), questions("1.2", OK, OK, OK)),
            (competence("1.3"), questions("1.3", OK, "S", "S")),
            (competence("1.4"), questions("1.4", "S", "S", "S")),
        )
    )
    assert outcome.error is None
    assert outcome.reproducibility_rate == 58  # 7 / 12
    assert [m.level for m in outcome.competence_marks] == [4, 4, -1, -1]
    assert outcome.status == ScoringStatus.VALIDATED


def test_a_competence_neutralized_entirely_is_uncertified_not_an_error() -> None:
    outcome = score(
        course(
            (competence("1.1"), questions("1.1", OK, OK, OK)),
            (competence("1.2"), questions("1.2", "N", "N", "N")),
        )
    )
    assert outcome.error is None
    assert mark(outcome, "1.2").level == -1
    assert outcome.total_pix == mark(outcome, "1.1").score == 37


# --- Certified score and caps -------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "pix", "results", "max_level", "expected"),
    [
        (6, 50, (OK, OK, OK), 5, (5, 40)),
        (6, 50, (OK, OK, OK), 6, (6, 48)),
        (7, 58, (OK, OK, OK), 7, (7, 56)),
        (7, 58, (OK, OK, OK), 8, (7, 58)),
        (6, 50, (OK, OK, KO), 5, (5, 40)),  # downgraded to 5 and 42, capped at 40
        (6, 50, (OK, OK, KO), 6, (5, 42)),
        (5, 40, (OK, OK, KO), 5, (4, 32)),
        (1, 10, (OK, OK, KO), 5, (0, 2)),  # downgraded to level 0, pix − 8
        (1, 5, (OK, OK, KO), 5, (0, 0)),  # inconsistent input: never below 0 (D42)
        (3, 30, (KO, KO, OK), 5, (-1, 0)),
    ],
)
def test_certified_level_and_pix(
    level: int,
    pix: int,
    results: tuple[AnswerStatus, ...],
    max_level: int,
    expected: tuple[int, int],
) -> None:
    # With 1.2's answers the rate is 83, 67 or 50: (3, 2, 0) is downgraded below 80.
    outcome = score(
        course(
            (competence("1.1", level, pix), questions("1.1", *results)),
            (competence("1.2", 2, 20), questions("1.2", OK, OK, KO)),
            max_reachable_level=max_level,
        )
    )
    assert (mark(outcome, "1.1").level, mark(outcome, "1.1").score) == expected


def test_competences_below_level_1_and_other_parts_of_the_course_are_left_aside() -> None:
    tested, tested_answers = questions("1.1", OK, OK, OK)
    untested, untested_answers = questions("1.2", KO, KO, KO)
    pix_plus = [ScoringChallenge("plus-1", "pix+droit", "QCU")]
    outcome = score(
        ScoringInput(
            competences=(competence("1.1", 2, 19), competence("1.2", 0, 7)),
            challenges=(*tested, *untested, *pix_plus),
            answers=(*tested_answers, *untested_answers, ScoringAnswer("plus-1", KO)),
        )
    )
    assert outcome == ScoringOutcome(
        ScoringStatus.VALIDATED, (CompetenceMark("1.1", "1", 2, 19),), 100, 19
    )


def test_area_codes_come_from_the_input() -> None:
    outcome = score(course((TestedCompetence("4.2", "4", 2, 16), questions("4.2", OK, OK, OK))))
    assert outcome.competence_marks == (CompetenceMark("4.2", "4", 2, 16),)


# --- Total and status ---------------------------------------------------------------------


def test_the_total_is_the_sum_of_the_marks() -> None:
    outcome = score(
        course(
            (competence("1.1", 2, 19), questions("1.1", OK, OK, OK)),
            (competence("1.2", 3, 30), questions("1.2", OK, OK, OK)),
            (competence("2.1", 1, 9), questions("2.1", KO, KO, KO)),
        )
    )
    assert outcome.reproducibility_rate == 67
    assert outcome.total_pix == 49
    assert outcome.status == ScoringStatus.VALIDATED


def test_a_course_scored_0_with_a_rate_of_50_is_rejected() -> None:
    outcome = score(
        course(
            (competence("1.1"), questions("1.1", OK, KO, KO)),  # uncertified
            (competence("1.2", 1, 8), questions("1.2", OK, KO, OK)),  # downgraded to 0 pix
        )
    )
    assert (outcome.reproducibility_rate, outcome.total_pix) == (50, 0)
    assert outcome.status == ScoringStatus.REJECTED
    assert outcome.error is None


# --- Consistency checks -------------------------------------------------------------------


def _error_of(inputs: ScoringInput) -> tuple[ScoringErrorCode, dict[str, str | int], str]:
    outcome = score(inputs)
    assert outcome.status == ScoringStatus.ERROR
    assert (outcome.competence_marks, outcome.total_pix, outcome.reproducibility_rate) == (
        (),
        0,
        0,
    )
    assert outcome.error is not None
    return outcome.error.code, dict(outcome.error.params), outcome.error.message


def _with(inputs: ScoringInput, **changes: object) -> ScoringInput:
    return dataclasses.replace(inputs, **changes)  # type: ignore[arg-type]


COMPLETE = course(
    (competence("1.1"), questions("1.1", OK, OK, OK)),
    (competence("1.2"), questions("1.2", OK, KO, OK)),
)


def test_a_complete_course_passes_the_checks() -> None:
    assert score(COMPLETE).status == ScoringStatus.VALIDATED


@pytest.mark.parametrize(
    ("inputs", "code", "params", "message"),
    [
        (
            _with(COMPLETE, answers=COMPLETE.answers[:-1]),
            ScoringErrorCode.UNANSWERED_CHALLENGES,
            {},
            "The candidate did not answer every challenge",
        ),
        (
            _with(COMPLETE, competences=(*COMPLETE.competences, competence("3.1"))),
            ScoringErrorCode.COMPETENCE_WITHOUT_CHALLENGE,
            {"competence": "3.1"},
            "Not enough challenges asked for competence 3.1",
        ),
        (
            _with(COMPLETE, answers=COMPLETE.answers[:3]),
            ScoringErrorCode.COMPETENCE_WITHOUT_ANSWER,
            {"competence": "1.2"},
            "Not enough answers for competence 1.2",
        ),
        (
            _with(COMPLETE, answers=(*COMPLETE.answers, ScoringAnswer("lost", OK))),
            ScoringErrorCode.UNKNOWN_CHALLENGE,
            {"challenge": "lost"},
            "Problem loading challenge lost",
        ),
        (
            _with(COMPLETE, answers=(*COMPLETE.answers, ScoringAnswer("1.2-1", OK))),
            ScoringErrorCode.SEVERAL_ANSWERS,
            {"challenge": "1.2-1"},
            "Several answers for challenge 1.2-1",
        ),
        (
            course(
                (competence("1.1", 1, 8), questions("1.1", OK, OK, KO)),
                (competence("1.2", 1, 8), questions("1.2", OK, KO, OK)),
            ),
            ScoringErrorCode.REJECTED_WITH_HIGH_RATE,
            {"rate": 67},
            "Rejected with a reproducibility rate above 50 (67)",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_inconsistency_is_an_error(
    inputs: ScoringInput, code: ScoringErrorCode, params: dict[str, object], message: str
) -> None:
    assert _error_of(inputs) == (code, params, message)
    # The jury's mode scores the course anyway.
    jury = score(_with(inputs, continue_on_error=True))
    assert jury.status != ScoringStatus.ERROR
    assert jury.error is None


def test_the_jury_mode_scores_the_first_answer_of_a_question_answered_twice() -> None:
    inputs = _with(
        COMPLETE,
        answers=(ScoringAnswer("1.2-1", OK), *COMPLETE.answers),
        continue_on_error=True,
    )
    assert mark(score(inputs), "1.2").score == 37  # 3 right of 3


def test_the_jury_mode_leaves_unanswered_questions_out_of_the_rate() -> None:
    outcome = score(_with(COMPLETE, answers=COMPLETE.answers[:4], continue_on_error=True))
    assert outcome.reproducibility_rate == 100  # 4 answered, all right
    assert mark(outcome, "1.2").level == -1  # (3, 1, 0)


def test_an_unanswered_neutralized_question_is_not_missing() -> None:
    outcome = score(
        course(
            (competence("1.1"), questions("1.1", OK, OK, "N")),
            (competence("1.2"), questions("1.2", OK, OK, OK)),
        )
    )
    assert outcome.status == ScoringStatus.VALIDATED


# --- Re-exports ---------------------------------------------------------------------------


def test_the_algorithm_module_re_exports_scoring() -> None:
    assert certification_v2.score is score
    assert certification_v2.ScoringInput is ScoringInput
    assert certification_v2.TestedCompetence is TestedCompetence


# --- Properties ---------------------------------------------------------------------------


@st.composite
def courses(draw: st.DrawFn) -> ScoringInput:
    """Well-formed courses: every question answered, neutralized or skipped, at most one
    QROCM-dep in a competence of two questions (so that every count has a rule)."""
    competences, challenges, answers = [], [], []
    for index in range(draw(st.integers(1, 6))):
        code = f"{index // 3 + 1}.{index % 3 + 1}"
        level = draw(st.integers(1, 7))
        competences.append(
            TestedCompetence(code, code[0], level, 8 * level + draw(st.integers(0, 7)))
        )
        types = draw(st.lists(st.sampled_from(["QCU", "QROC", DEP]), min_size=1, max_size=3))
        if types == [DEP, DEP]:
            types[1] = "QCU"
        for position, kind in enumerate(types):
            key = f"{code}-{position}"
            state = draw(
                st.sampled_from(["answered", "answered", "answered", "neutralized", "skipped"])
            )
            challenges.append(
                ScoringChallenge(
                    key,
                    code,
                    kind,
                    is_neutralized=state == "neutralized",
                    has_been_skipped_automatically=state == "skipped",
                )
            )
            if state == "answered" or (state == "neutralized" and draw(st.booleans())):
                answers.append(ScoringAnswer(key, draw(st.sampled_from(list(AnswerStatus)))))
    return ScoringInput(
        tuple(competences),
        tuple(challenges),
        tuple(answers),
        max_reachable_level=draw(st.sampled_from([5, 6, 7])),
        continue_on_error=draw(st.booleans()),
    )


def _scores(outcome: ScoringOutcome) -> dict[str, int]:
    return {m.competence_id: m.score for m in outcome.competence_marks}


def _never_lower(before: ScoringOutcome, after: ScoringOutcome, codes: list[str]) -> None:
    assert after.error is None or after.error.code == ScoringErrorCode.REJECTED_WITH_HIGH_RATE
    assert after.total_pix >= before.total_pix
    assert all(_scores(after).get(c, 0) >= _scores(before).get(c, 0) for c in codes)


def _answered(inputs: ScoringInput, results: tuple[AnswerStatus, ...]) -> list[int]:
    neutralized = {c.challenge_id for c in inputs.challenges if c.is_neutralized}
    return [
        i
        for i, a in enumerate(inputs.answers)
        if a.result in results and a.challenge_id not in neutralized
    ]


@settings(max_examples=300)
@given(courses(), st.data())
def test_neutralizing_a_wrong_answer_never_lowers_a_score(
    inputs: ScoringInput, data: st.DataObject
) -> None:
    wrong = _answered(inputs, WRONG)
    if not wrong:
        return
    target = inputs.answers[data.draw(st.sampled_from(wrong))].challenge_id
    neutralized = tuple(
        dataclasses.replace(c, is_neutralized=True) if c.challenge_id == target else c
        for c in inputs.challenges
    )
    codes = [c.competence_id for c in inputs.competences]
    _never_lower(score(inputs), score(_with(inputs, challenges=neutralized)), codes)


@settings(max_examples=300)
@given(courses(), st.data())
def test_a_right_answer_instead_of_a_wrong_one_never_lowers_a_score(
    inputs: ScoringInput, data: st.DataObject
) -> None:
    wrong = _answered(inputs, (*WRONG, PARTIALLY))
    if not wrong:
        return
    index = data.draw(st.sampled_from(wrong))
    answers = list(inputs.answers)
    answers[index] = ScoringAnswer(answers[index].challenge_id, OK)
    codes = [c.competence_id for c in inputs.competences]
    _never_lower(score(inputs), score(_with(inputs, answers=tuple(answers))), codes)


@given(courses(), st.randoms(use_true_random=False))
def test_the_outcome_is_deterministic_and_ignores_the_order_of_questions(
    inputs: ScoringInput, random: Random
) -> None:
    outcome = score(inputs)
    assert score(inputs) == outcome
    challenges, answers = list(inputs.challenges), list(inputs.answers)
    random.shuffle(challenges)
    random.shuffle(answers)
    assert score(_with(inputs, challenges=tuple(challenges), answers=tuple(answers))) == outcome


def test_a_partially_right_qrocm_dep_neutralized_can_lower_a_score() -> None:
    """Why `WRONG` leaves `partially` out: alone in its competence, a partially right
    QROCM-dep counts 1 correct of 2; neutralized, it is 0 correct and 2 neutralized."""
    others = [(competence(f"2.{i}"), questions(f"2.{i}", OK, OK, OK)) for i in range(3)]
    before = score(course((competence("1.1"), questions("1.1", PARTIALLY, types=(DEP,))), *others))
    after = score(course((competence("1.1"), questions("1.1", "N", types=(DEP,))), *others))
    assert mark(before, "1.1").level == 4  # (2, 1, 0) at 90
    assert mark(after, "1.1").level == -1  # (2, 0, 2)


def test_the_jury_mode_uncertifies_a_competence_without_question() -> None:
    inputs = _with(
        COMPLETE,
        competences=(*COMPLETE.competences, competence("3.1")),
        continue_on_error=True,
    )
    assert mark(score(inputs), "3.1") == CompetenceMark("3.1", "3", -1, 0)


def test_the_example_of_docs_engine_md() -> None:
    codes = ["1.1", "1.2", "1.3", "2.1", "2.2"]
    wrong = {"1.2-0": KO, "1.2-1": AnswerStatus.TIMEDOUT}
    inputs = ScoringInput(
        competences=tuple(TestedCompetence(c, c[0], 3, 27) for c in codes),
        challenges=tuple(ScoringChallenge(f"{c}-{i}", c, "QCU") for c in codes for i in range(3)),
        answers=tuple(
            ScoringAnswer(f"{c}-{i}", wrong.get(f"{c}-{i}", OK)) for c in codes for i in range(3)
        ),
    )
    outcome = score(inputs)
    assert (outcome.reproducibility_rate, outcome.total_pix) == (87, 108)
    assert mark(outcome, "1.2") == CompetenceMark("1.2", "1", -1, 0)
    neutralized = tuple(
        dataclasses.replace(c, is_neutralized=c.challenge_id == "1.2-1") for c in inputs.challenges
    )
    outcome = score(_with(inputs, challenges=neutralized))
    assert (outcome.reproducibility_rate, outcome.total_pix) == (93, 135)
    assert mark(outcome, "1.2") == CompetenceMark("1.2", "1", 3, 27)
