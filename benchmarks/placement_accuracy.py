"""Placement accuracy of the competence evaluation on the real item bank.

Simulated pupils with a random true level per tube answer the real engine; we count how
often the final score equals the truth (deterministic pupils) or lands within one level
of it (probabilistic pupils). Run: .venv/bin/python benchmarks/placement_accuracy.py
"""

import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from certinum.engine.positioning import (  # noqa: E402
    Challenge,
    KESource,
    KEStatus,
    KnowledgeElement,
    Skill,
    competence_score,
)
from certinum.engine.simulation import (  # noqa: E402
    DeterministicPupil,
    ProbabilisticPupil,
    run_evaluation,
)
from certinum.referential.content import read_bank  # noqa: E402


def competences() -> dict[str, tuple[list[Skill], list[Challenge]]]:
    bank = read_bank(ROOT / "content")
    tube_competence = {t.name: t.competence_code for t in bank.tubes}
    result: dict[str, tuple[list[Skill], list[Challenge]]] = {}
    for competence in bank.competences:
        skills = [
            Skill(s.name, s.tube_name, s.level, s.pix_value)
            for s in bank.skills
            if tube_competence[s.tube_name] == competence.code
        ]
        names = {s.name for s in skills}
        challenges = [
            Challenge(c.key, c.skill_name, timed=c.timer is not None)
            for c in bank.challenges
            if c.skill_name in names and c.status == "validated"
        ]
        result[competence.code] = (skills, challenges)
    return result


def true_level(skills: list[Skill], levels: dict[str, int]) -> int:
    held = [
        KnowledgeElement(s.name, KEStatus.VALIDATED, KESource.DIRECT, s.pix_value)
        for s in skills
        if s.level <= levels[s.tube]
    ]
    return competence_score(held).level


def main() -> None:
    rng = random.Random(7)
    np_rng = np.random.default_rng(7)
    exact = total = 0
    gaps: Counter[int] = Counter()
    questions = []
    for code, (skills, challenges) in competences().items():
        tubes = sorted({s.tube for s in skills})
        for run in range(60):
            levels = {t: rng.randint(0, 6) for t in tubes}
            result = run_evaluation(
                skills, challenges, DeterministicPupil(levels), seed=f"{code}-{run}"
            )
            total += 1
            exact += result.score.level == true_level(skills, levels)
            questions.append(len(result.answered))
            pupil = ProbabilisticPupil({t: float(v) for t, v in levels.items()}, np_rng)
            noisy = run_evaluation(skills, challenges, pupil, seed=f"{code}-p{run}")
            gaps[noisy.score.level - true_level(skills, levels)] += 1
    within_one = sum(n for gap, n in gaps.items() if abs(gap) <= 1)
    print(f"profiles: {total} (16 competences x 60 random per-tube true levels 0-6)")
    print(f"deterministic pupils placed at their exact level: {exact / total:.1%}")
    print(f"probabilistic pupils within one level: {within_one / total:.1%}")
    print(f"gaps (engine level - true level): {dict(sorted(gaps.items()))}")
    median = sorted(questions)[len(questions) // 2]
    print(f"questions per evaluation: median {median}, max {max(questions)}")


if __name__ == "__main__":
    main()
