"""Time the re-scoring of many certification courses with the v2 engine (spec 05 §4).

    .venv/bin/python benchmarks/rescoring.py [--courses 10000] [--runs 3] [--seed 12]

What a jury's « rescore everything » or a rule change replays: each course is read as plain
rows (as the database gives them), turned into the engine's dataclasses, and scored. The
courses are synthetic and built in memory first, outside the timing: 16 tested competences
(levels 1–6, pix consistent with the level), 3 questions per competence except now and
then 2 (about 45 in all), one question in 12 a QROCM-dep, answers right about 70 % of the
time (candidates are tested on skills they validated), then wrong, timed out, lost focus,
skipped (« Je passe »), partially right; one course in 20 abandoned (its last questions
skipped automatically) and one in 25 with a neutralized question.

Two timings per run, on the same rows:
- floor: iterate the rows and build the `ScoringInput` dataclasses, no scoring;
- rescoring: the same, plus `score(...)`.
Their difference is what the engine costs; the floor makes the figure comparable on a
noisy, shared machine. The best of `--runs` runs is printed, and the count of each status.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from certinum.engine.answers import AnswerStatus
from certinum.engine.certification_v2 import (
    ScoringAnswer,
    ScoringChallenge,
    ScoringInput,
    ScoringOutcome,
    TestedCompetence,
    score,
)

COMPETENCES = [
    f"{area}.{n}"
    for area, count in ((1, 3), (2, 4), (3, 4), (4, 3), (5, 2))
    for n in range(1, count + 1)
]
RESULTS = [
    (AnswerStatus.OK, 70),
    (AnswerStatus.KO, 17),
    (AnswerStatus.ABAND, 6),
    (AnswerStatus.TIMEDOUT, 3),
    (AnswerStatus.FOCUSED_OUT, 2),
    (AnswerStatus.PARTIALLY, 2),
]

# One course as the database would give it: competences (id, area, level, pix),
# challenges (id, competence, type, neutralized, skipped), answers (challenge id, result).
Row = tuple[
    list[tuple[str, str, int, int]],
    list[tuple[str, str, str, bool, bool]],
    list[tuple[str, str]],
]


def synthetic_course(rng: random.Random, number: int) -> Row:
    competences, challenges, answers = [], [], []
    for code in COMPETENCES:
        level = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5, 6))
        competences.append((code, code[0], level, 8 * level + rng.randrange(8)))
        for index in range(2 if rng.random() < 0.06 else 3):
            kind = "QROCM-dep" if rng.random() < 1 / 12 else rng.choice(("QCU", "QCM", "QROC"))
            challenges.append((f"c{number}-{code}-{index}", code, kind, False, False))
    abandoned_after = rng.randrange(20, len(challenges)) if rng.random() < 0.05 else None
    neutralized = rng.randrange(len(challenges)) if rng.random() < 0.04 else None
    statuses, weights = zip(*RESULTS, strict=True)
    for position, (key, code, kind, _, _) in enumerate(challenges):
        if abandoned_after is not None and position >= abandoned_after:
            challenges[position] = (key, code, kind, False, True)
            continue
        if position == neutralized:
            challenges[position] = (key, code, kind, True, False)
        answers.append((key, rng.choices(statuses, weights)[0].value))
    return competences, challenges, answers


def build(row: Row) -> ScoringInput:
    competences, challenges, answers = row
    return ScoringInput(
        competences=tuple(TestedCompetence(*c) for c in competences),
        challenges=tuple(
            ScoringChallenge(key, code, kind, neutralized, skipped)
            for key, code, kind, neutralized, skipped in challenges
        ),
        answers=tuple(ScoringAnswer(key, AnswerStatus(result)) for key, result in answers),
        max_reachable_level=5,
    )


def floor(rows: list[Row]) -> float:
    start = time.perf_counter()
    for row in rows:
        build(row)
    return time.perf_counter() - start


def rescoring(rows: list[Row]) -> tuple[float, list[ScoringOutcome]]:
    start = time.perf_counter()
    outcomes = [score(build(row)) for row in rows]
    return time.perf_counter() - start, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    rows = [synthetic_course(rng, number) for number in range(args.courses)]
    floors, totals = [], []
    outcomes: list[ScoringOutcome] = []
    for _ in range(args.runs):
        floors.append(floor(rows))
        elapsed, outcomes = rescoring(rows)
        totals.append(elapsed)

    answers = sum(len(row[2]) for row in rows)
    statuses = Counter(outcome.status.value for outcome in outcomes)
    best_floor, best_total = min(floors), min(totals)
    print(
        f"{args.courses} courses, {len(COMPETENCES)} competences, "
        f"{answers / args.courses:.1f} answers per course; best of {args.runs} runs"
    )
    print(f"floor (build the inputs):      {best_floor:.2f} s")
    print(f"rescoring (build + score):     {best_total:.2f} s")
    print(
        f"engine alone (difference):     {best_total - best_floor:.2f} s, "
        f"{(best_total - best_floor) / args.courses * 1e6:.0f} µs per course"
    )
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(f"all runs, floor: {', '.join(f'{t:.2f}' for t in floors)} s")
    print(f"all runs, rescoring: {', '.join(f'{t:.2f}' for t in totals)} s")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")


if __name__ == "__main__":
    main()
