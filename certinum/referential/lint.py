"""The item-bank linter: what the loader cannot refuse item by item but makes a bank unfair
or an item wrong (docs/content-format.md, « Relire la banque »).

Pure Python like the reader: `python -m certinum.referential.lint content/` or
`manage.py lint_content`. Errors fail the test suite; warnings are listed for the authors.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from certinum.engine import answers
from certinum.referential.content import (
    FREE_TEXT_TYPES,
    Bank,
    ChallengeData,
    ContentInvalid,
    read_bank,
)

ERROR = "erreur"
WARNING = "avertissement"

MAX_KEY_POSITION_SHARE = 0.35
MAX_LONGEST_KEY_SHARE = 0.30
MAX_QCM_PATTERN_SHARE = 0.25
MIN_ITEMS_FOR_A_SHARE = 8  # below this, a share says nothing
SHORT_VARIANT_LENGTH = 5  # T3 lets a 4- or 5-character answer be one edit away
HAND_MISSPELLINGS = 2  # near-duplicate pairs in one group that look like typed typos
ACCESSIBLE_TARGET = 0.40
ACCESSIBLE_LEVELS = range(1, 6)
LIVE = ("proposed", "validated")


@dataclass(frozen=True)
class Finding:
    severity: str
    file: str
    item: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = " › ".join(part for part in (self.file, self.item) if part)
        return f"[{self.severity}] {where} : {self.message} ({self.rule})"


@dataclass(frozen=True)
class _Item:
    challenge: ChallengeData
    file: str
    level: int
    competence: str

    @property
    def label(self) -> str:
        return f"épreuve {self.challenge.key}"


def _items(bank: Bank) -> list[_Item]:
    tube_competence = {t.name: t.competence_code for t in bank.tubes}
    skills = {s.name: s for s in bank.skills}
    result = []
    for challenge in bank.challenges:
        skill = skills[challenge.skill_name]
        code = tube_competence[skill.tube_name]
        if challenge.status in LIVE:
            result.append(_Item(challenge, f"content/{code}.yaml", skill.level, code))
    return result


def lint_bank(bank: Bank, *, files: Iterable[str] = ()) -> list[Finding]:
    """Every finding for the bank; with `files`, only those files' items and shares (the
    bank-wide targets are then not checked)."""
    only = set(files)
    items = [i for i in _items(bank) if not only or i.file in only]
    findings: list[Finding] = []
    for item in items:
        findings.extend(_item_findings(item))
    findings.extend(_picture_reuse(items))
    by_file: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        by_file[item.file].append(item)
    for file, file_items in sorted(by_file.items()):
        findings.extend(_key_positions(file_items, file))
        findings.extend(_qcm_patterns(file_items, file))
    if not only:
        findings.extend(_key_positions(items, "banque"))
        findings.extend(_qcm_patterns(items, "banque"))
        findings.extend(_longest_key_share(items))
        findings.extend(_accessibility_targets(items))
    return findings


# --- One item ----------------------------------------------------------------------------


def _item_findings(item: _Item) -> Iterator[Finding]:
    c = item.challenge

    def finding(severity: str, rule: str, message: str) -> Finding:
        return Finding(severity, item.file, item.label, rule, message)

    yield from (finding(ERROR, "expected", m) for m in _expected_mismatches(c))
    yield from (finding(ERROR, "qrocm-dep-groupes", m) for m in _overlapping_groups(c))
    yield from (finding(WARNING, "variante-courte", m) for m in _short_variants(c))
    yield from (finding(WARNING, "fautes-a-la-main", m) for m in _hand_misspellings(c))
    if c.timer is not None and not c.timer_reason:
        yield finding(
            ERROR,
            "minuteur",
            "minuteur sans raison (timer_reason) : la rapidité est-elle évaluée ?",
        )
    leaked = _alt_gives_answer(c)
    if leaked:
        yield finding(ERROR, "alt-reponse", f"le texte alternatif contient la réponse « {leaked} »")
    if _key_is_longest(c):
        yield finding(
            WARNING, "cle-plus-longue", "la bonne réponse est la proposition la plus longue"
        )


def _value_text(value: str | dict[str, str]) -> str:
    if isinstance(value, dict):
        return " / ".join(f"{k} = {v}" for k, v in value.items())
    return value


def _expected_mismatches(c: ChallengeData) -> Iterator[str]:
    """The plausible answers the checker does not judge as the authors declared."""
    if c.type not in FREE_TEXT_TYPES or not c.expected:
        return
    key = answers.answer_key_for(c)
    for value in c.expected.get("right", []):
        if answers.check_answer(value, key).status is not answers.AnswerStatus.OK:
            yield f"réponse juste refusée : « {_value_text(value)} »"
    for value in c.expected.get("wrong", []):
        if answers.check_answer(value, key).status is answers.AnswerStatus.OK:
            yield f"réponse fausse acceptée : « {_value_text(value)} »"


def _treatments(c: ChallengeData) -> frozenset[str]:
    return answers.answer_key_for(c).treatments


def _overlapping_groups(c: ChallengeData) -> Iterator[str]:
    """QROCM-dep: a variant of one group that another group also accepts lets one answer
    count for either group (the engine counts it once, but the item is ambiguous)."""
    if c.type != "QROCM-dep" or not isinstance(c.solution, dict):
        return
    treatments = _treatments(c)
    for group, variants in c.solution.items():
        for other, other_variants in c.solution.items():
            if other == group:
                continue
            for variant in variants:
                if answers.matches_variants(variant, other_variants, treatments):
                    yield (
                        f"la variante « {variant} » du groupe {group} correspond aussi "
                        f"au groupe {other}"
                    )


def _free_text_groups(c: ChallengeData) -> list[tuple[str, list[str]]]:
    """(input or group, variants) of the free-text answers (selects and numbers excluded)."""
    if c.type == "QROC" and c.format != "nombre" and isinstance(c.solution, list):
        return [("réponse", c.solution)]
    if c.type in ("QROCM-ind", "QROCM-dep") and isinstance(c.solution, dict):
        selects = {i["key"] for i in c.inputs if i.get("options")}
        return [(k, v) for k, v in c.solution.items() if k not in selects]
    return []


def _treated(text: str, treatments: frozenset[str]) -> str:
    return answers.apply_treatments(answers.normalize_answer(text), treatments)


def _short_variants(c: ChallengeData) -> Iterator[str]:
    treatments = _treatments(c)
    if "t3" not in treatments:
        return
    for group, variants in _free_text_groups(c):
        short = [v for v in variants if 0 < len(_treated(v, treatments)) <= SHORT_VARIANT_LENGTH]
        if short:
            yield (
                f"{group} : variante(s) courte(s) avec T3 actif ({', '.join(short)}) : "
                "une faute de frappe peut donner une autre réponse"
            )


def _hand_misspellings(c: ChallengeData) -> Iterator[str]:
    treatments = _treatments(c)
    if "t3" in treatments:
        return
    for group, variants in _free_text_groups(c):
        treated = sorted({_treated(v, treatments) for v in variants})
        near = sum(
            1
            for i, a in enumerate(treated)
            for b in treated[i + 1 :]
            if len(a) > SHORT_VARIANT_LENGTH and answers.levenshtein(a, b) <= 2
        )
        if near >= HAND_MISSPELLINGS:
            yield (
                f"{group} : {near} variantes ne diffèrent que d'une ou deux lettres avec T3 "
                "désactivé : activer T3 plutôt que lister des fautes"
            )


def _answers_of(c: ChallengeData) -> list[str]:
    if c.type == "QCU" and isinstance(c.solution, str):
        return [c.proposals[int(c.solution) - 1]]
    if c.type == "QCM" and isinstance(c.solution, str):
        return [c.proposals[int(p) - 1] for p in c.solution.split(",")]
    return [v for _group, variants in _free_text_groups(c) for v in variants]


def _alt_gives_answer(c: ChallengeData) -> str:
    """The first expected answer that the illustration's alt text spells out."""
    if not c.illustration_alt:
        return ""
    alt = f" {_words(c.illustration_alt)} "
    for answer in _answers_of(c):
        words = _words(answer)
        if len(words) >= 3 and f" {words} " in alt:
            return answer
    return ""


def _words(text: str) -> str:
    """Lower-case words without accents or punctuation, separated by single spaces."""
    plain = unicodedata.normalize("NFD", answers.normalize_answer(text).lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", re.sub("[\u0300-\u036f]", "", plain)).split())


def _key_is_longest(c: ChallengeData) -> bool:
    """QCU: the key is strictly the longest proposal. QCM: every key is longer than every
    distractor. A pupil who picks the longest option should not score."""
    if c.type not in ("QCU", "QCM") or c.fixed_order or not isinstance(c.solution, str):
        return False
    keys = {int(p) - 1 for p in c.solution.split(",")}
    key_lengths = [len(p) for i, p in enumerate(c.proposals) if i in keys]
    others = [len(p) for i, p in enumerate(c.proposals) if i not in keys]
    return bool(others) and min(key_lengths) > max(others)


# --- Shares over a file or the bank -------------------------------------------------------


def _key_positions(items: list[_Item], where: str) -> Iterator[Finding]:
    positions = Counter(
        int(i.challenge.solution)
        for i in items
        if i.challenge.type == "QCU" and not i.challenge.fixed_order
    )
    total = sum(positions.values())
    if total < MIN_ITEMS_FOR_A_SHARE:
        return
    for position, count in sorted(positions.items()):
        if count / total > MAX_KEY_POSITION_SHARE:
            yield Finding(
                ERROR,
                where,
                "",
                "position-cle",
                f"QCU : la bonne réponse est en position {position} dans {count} items sur "
                f"{total} ({count / total:.0%}, au plus {MAX_KEY_POSITION_SHARE:.0%})",
            )


def _qcm_patterns(items: list[_Item], where: str) -> Iterator[Finding]:
    patterns = Counter(
        str(i.challenge.solution)
        for i in items
        if i.challenge.type == "QCM" and not i.challenge.fixed_order
    )
    total = sum(patterns.values())
    if total < MIN_ITEMS_FOR_A_SHARE:
        return
    for pattern, count in patterns.most_common(1):
        if count / total > MAX_QCM_PATTERN_SHARE:
            yield Finding(
                WARNING,
                where,
                "",
                "motif-qcm",
                f"QCM : les bonnes réponses sont {pattern} dans {count} items sur {total} "
                f"({count / total:.0%})",
            )


def _longest_key_share(items: list[_Item]) -> Iterator[Finding]:
    choices = [
        i for i in items if i.challenge.type in ("QCU", "QCM") and not i.challenge.fixed_order
    ]
    longest = sum(_key_is_longest(i.challenge) for i in choices)
    if len(choices) >= MIN_ITEMS_FOR_A_SHARE and longest / len(choices) > MAX_LONGEST_KEY_SHARE:
        yield Finding(
            ERROR,
            "banque",
            "",
            "cle-plus-longue",
            f"la bonne réponse est la plus longue dans {longest} QCU/QCM sur {len(choices)} "
            f"({longest / len(choices):.0%}, au plus {MAX_LONGEST_KEY_SHARE:.0%})",
        )


def is_accessible(c: ChallengeData) -> bool:
    return c.screen_reader_friendly and c.colour_blind_friendly and not c.visual


def _accessibility_targets(items: list[_Item]) -> Iterator[Finding]:
    validated = [i for i in items if i.challenge.status == "validated"]
    if not validated:
        return
    accessible = [i for i in validated if is_accessible(i.challenge)]
    if len(accessible) / len(validated) < ACCESSIBLE_TARGET:
        yield Finding(
            WARNING,
            "banque",
            "",
            "accessibilite",
            f"{len(accessible)} items validés accessibles sur {len(validated)} "
            f"(objectif : {ACCESSIBLE_TARGET:.0%})",
        )
    covered = {(i.competence, i.level) for i in accessible}
    for competence in sorted({i.competence for i in validated}):
        missing = [str(level) for level in ACCESSIBLE_LEVELS if (competence, level) not in covered]
        if missing:
            yield Finding(
                WARNING,
                f"content/{competence}.yaml",
                "",
                "accessibilite",
                f"aucun item validé accessible au(x) niveau(x) {', '.join(missing)}",
            )


def _picture_reuse(items: list[_Item]) -> Iterator[Finding]:
    users: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if item.challenge.illustration:
            users[item.challenge.illustration].append(item.challenge.key)
    for picture, keys in sorted(users.items()):
        if len(keys) > 1:
            yield Finding(
                WARNING,
                picture,
                "",
                "image-partagee",
                f"image utilisée par {len(keys)} items ({', '.join(keys)}) : "
                "une réponse peut en trahir une autre",
            )


# --- Review report ------------------------------------------------------------------------

SHORT_STATEMENT_WORDS = 20
LONG_STATEMENT_WORDS = 80


def review_report(bank: Bank, *, files: Iterable[str] = ()) -> list[str]:
    """Items a person should reread: those awaiting review, and those whose statement and
    level may disagree (a very short stem at level 5–6, a very long one at level 1–2, an
    expert-level key given away by its length). The linter cannot judge these."""
    only = set(files)
    lines = []
    for item in _items(bank):
        if only and item.file not in only:
            continue
        reasons = _review_reasons(item)
        if reasons:
            first_line = " ".join(item.challenge.statement.split())[:90]
            lines.append(
                f"{item.file} › {item.challenge.key} (niveau {item.level}) : "
                f"{' ; '.join(reasons)} — « {first_line}… »"
            )
    return lines


def _review_reasons(item: _Item) -> list[str]:
    c = item.challenge
    words = len(c.statement.split())
    reasons = []
    if c.status == "proposed":
        reasons.append("à relire (proposé)")
    if item.level >= 5 and words < SHORT_STATEMENT_WORDS:
        reasons.append(f"énoncé court ({words} mots) pour le niveau {item.level}")
    if item.level <= 2 and words > LONG_STATEMENT_WORDS:
        reasons.append(f"énoncé long ({words} mots) pour le niveau {item.level}")
    if item.level >= 5 and _key_is_longest(c):
        reasons.append("clé la plus longue à un niveau avancé")
    return reasons


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "content")
    try:
        bank = read_bank(root)
    except ContentInvalid as invalid:
        for error in invalid.errors:
            print(error)
        return 1
    findings = lint_bank(bank)
    for finding in findings:
        print(finding)
    errors = sum(f.severity == ERROR for f in findings)
    print(f"{errors} erreur(s), {len(findings) - errors} avertissement(s).")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
