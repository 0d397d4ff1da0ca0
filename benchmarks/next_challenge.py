"""Time the choice of the next challenge of a competence evaluation (spec 01 §4).

    .venv/bin/python benchmarks/next_challenge.py [--runs 500] [--warmup 50]

The state is a synthetic competence of 200 skills (25 tubes × levels 1–8, 3 challenges per
skill, one challenge in 7 timed) in which a pupil has already answered 60 challenges: the
level-1 and level-2 skills of every tube and 10 level-3 skills, all correctly, so the
knowledge elements are 60 direct ones, the estimate is high and all 140 skills still to be
tested compete for the next challenge. Prints median, p95 and max wall time of one
`smart_random.next_step` call.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from certinum.engine import smart_random
from certinum.engine.positioning import Challenge, ItemBank, KnowledgeElement, Skill
from certinum.engine.simulation import DeterministicPupil, answer_skill, synthetic_competence

N_TUBES = 25
LEVELS = range(1, 9)
ANSWERS = 60


def evaluation_state() -> tuple[list[Skill], list[Challenge], list[KnowledgeElement], list[str]]:
    skills, challenges = synthetic_competence(N_TUBES, list(LEVELS), 3, timed_every=7)
    pupil = DeterministicPupil({s.tube: 5 for s in skills})
    tubes: dict[str, list[Skill]] = {}
    for skill in skills:
        tubes.setdefault(skill.tube, []).append(skill)
    first_untimed: dict[str, str] = {}
    for challenge in challenges:
        if not challenge.timed:
            first_untimed.setdefault(challenge.skill, challenge.key)

    elements: list[KnowledgeElement] = []
    answered: list[str] = []
    # Level by level across the tubes, so every answer is on a skill not yet assessed.
    for skill in sorted(skills, key=lambda s: (s.level, s.tube))[:ANSWERS]:
        answer_skill(elements, skill, pupil, tubes[skill.tube])
        answered.append(first_untimed[skill.name])
    return skills, challenges, elements, answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()

    skills, challenges, elements, answered = evaluation_state()
    bank = ItemBank(tuple(skills), tuple(challenges))
    config = smart_random.Config()

    def one_step(run: int) -> float:
        start = time.perf_counter()
        step = smart_random.next_step(
            bank=bank, elements=elements, answered=answered, seed=f"benchmark-{run}", config=config
        )
        elapsed = time.perf_counter() - start
        assert step.challenge is not None
        return elapsed * 1000

    for run in range(args.warmup):
        one_step(run)
    timings = np.array([one_step(run) for run in range(args.runs)])

    print(
        f"smart_random.next_step: {len(skills)} skills, {len(challenges)} challenges, "
        f"{len(answered)} answers, {len(elements)} knowledge elements"
    )
    print(f"runs: {args.runs} (after {args.warmup} warm-up runs)")
    print(f"median: {np.median(timings):.3f} ms")
    print(f"p95:    {np.percentile(timings, 95):.3f} ms")
    print(f"max:    {timings.max():.3f} ms")
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}")


if __name__ == "__main__":
    main()
