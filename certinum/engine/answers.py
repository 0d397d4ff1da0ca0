"""Answer checking: is a pupil's answer right? (spec 01 §5)

Pure functions on plain data: no Django, no database. The caller builds an `AnswerKey` from
a challenge and gets a `Verdict` back:

    >>> key = AnswerKey(type="QROC", solution=["Histoire"])
    >>> check_answer("  histoïre ", key).status
    <AnswerStatus.OK: 'ok'>

Text answers go through three tolerances, each of which a challenge may switch off:

- T1: trim, lower-case, drop accents, drop every space ("Élève Modèle" → "elevemodele");
- T2: keep only ASCII letters, digits and single spaces ("=SOMME(B2:B6)" → "SOMMEB2B6");
- T3: accept a typo when levenshtein(answer, variant) / len(answer) ≤ 0.25.
"""

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol


class AnswerStatus(StrEnum):
    """The result stored with an answer; anything but `OK` counts as failed."""

    OK = "ok"
    KO = "ko"
    PARTIALLY = "partially"
    TIMEDOUT = "timedout"
    FOCUSED_OUT = "focusedOut"
    ABAND = "aband"


SKIP_MARKER = "#ABAND#"
ALL_TREATMENTS = frozenset({"t1", "t2", "t3"})
LEVENSHTEIN_MAX_RATE = 0.25
# Longer answers are wrong before any work is done: no right answer is that long, and
# Levenshtein is quadratic, so hostile input must never reach it.
MAX_ANSWER_LENGTH = 500


@dataclass(frozen=True)
class AnswerKey:
    """What the checker needs to know of a challenge."""

    type: str  # "QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"
    solution: str | list[str] | dict[str, list[str]]
    format: str = ""  # "nombre" for numeric QROC
    treatments: frozenset[str] = ALL_TREATMENTS  # the enabled ones
    scoring: tuple[int, ...] = ()  # QROCM-dep legacy scoring: min count → partially, max → ok
    exact_inputs: frozenset[str] = frozenset()  # QROCM-ind selects: compared exactly
    focused: bool = False


class ChallengeLike(Protocol):
    """A stored challenge or one read from the content files: what its answer key needs."""

    type: str
    solution: Any
    format: str
    t1_enabled: bool
    t2_enabled: bool
    t3_enabled: bool
    scoring: Any
    inputs: Any
    focused: bool


def answer_key_for(challenge: ChallengeLike) -> AnswerKey:
    """The answer key of a challenge (never sent to the browser)."""
    treatments = frozenset(
        name
        for name, enabled in (
            ("t1", challenge.t1_enabled),
            ("t2", challenge.t2_enabled),
            ("t3", challenge.t3_enabled),
        )
        if enabled
    )
    return AnswerKey(
        type=challenge.type,
        solution=challenge.solution,
        format=challenge.format,
        treatments=treatments,
        scoring=tuple(challenge.scoring or ()),
        exact_inputs=frozenset(i["key"] for i in challenge.inputs if i.get("options")),
        focused=challenge.focused,
    )


@dataclass(frozen=True)
class Verdict:
    status: AnswerStatus
    details: dict[str, bool] | None = None  # QROCM-ind: per input key, right or not


def check_answer(
    value: str | dict[str, str],
    key: AnswerKey,
    *,
    timed_out: bool = False,
    focused_out: bool = False,
    in_certification: bool = False,
) -> Verdict:
    """The examiner: skip marker, then the type's rule, then time and focus.

    1. value == "#ABAND#"                                   → aband (any type)
    2. the rule of key.type                                 → ok / ko / partially
    3. ok and timed_out                                     → timedout
    4. ok and key.focused and focused_out and certification → focusedOut

    A value of the wrong shape (a dict for a QCU, a str for a QROCM, None…) is ko, never an
    exception. Step 3 wins over step 4: a late answer is timedout even if focus was lost.
    """
    if isinstance(value, str) and value == SKIP_MARKER:
        return Verdict(AnswerStatus.ABAND)
    rule = _RULES.get(key.type)
    verdict = rule(value, key) if rule is not None else Verdict(AnswerStatus.KO)
    if verdict.status is AnswerStatus.OK:
        if timed_out:
            return replace(verdict, status=AnswerStatus.TIMEDOUT)
        if key.focused and focused_out and in_certification:
            return replace(verdict, status=AnswerStatus.FOCUSED_OUT)
    return verdict


# --- Text treatments ------------------------------------------------------------------------


_COMBINING_ACCENTS = re.compile("[\u0300-\u036f]")
_NOT_PLAIN_ASCII = re.compile("[^a-zA-Z0-9 ]+")
_SEVERAL_SPACES = re.compile(" {2,}")


# Characters a phone or a word processor types in place of the keyboard's plain ones
# (docs/decisions.md): typographic quotes and apostrophes, dashes and minus signs, the
# ellipsis, and every space that is not a plain space. Full-width ASCII (U+FF01–U+FF5E, typed
# by some input methods) becomes plain ASCII.
_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»‹›〝〞＂", '"'),
        **dict.fromkeys("‘’‚‛ʼ′´＇", "'"),
        **dict.fromkeys("‐‑‒–—―−﹣－", "-"),
        **dict.fromkeys(
            "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
            "\u2009\u200a\u202f\u205f\u3000",
            " ",
        ),
        "…": "...",
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    }
)


def normalize_answer(text: str) -> str:
    """Pre-treatment, always applied: Unicode NFC, then the typographic look-alikes of
    `_TYPOGRAPHIC` replaced by their plain forms.

    normalize_answer("1\u202f200") == "1 200"; "e" + U+0301 becomes the single "é";
    normalize_answer("l’ordinateur « portable »") == 'l\'ordinateur " portable "'.
    """
    return unicodedata.normalize("NFC", text).translate(_TYPOGRAPHIC)


def apply_treatments(text: str, treatments: AbstractSet[str]) -> str:
    """T1 then T2, whichever are enabled (T3 is a comparison, see `matches_variants`).

    T1: trim, lower-case, remove accents (NFD, drop U+0300–U+036F), remove all whitespace;
        "  Élève  Modèle " → "elevemodele"; "œ" and "æ" are not accents and stay.
    T2: keep only [a-zA-Z0-9 ], collapse runs of spaces, trim;
        "l'ordinateur — portable !" → "lordinateur portable".
    """
    if "t1" in treatments:
        text = _COMBINING_ACCENTS.sub("", unicodedata.normalize("NFD", text.strip().lower()))
        text = "".join(text.split())
    if "t2" in treatments:
        text = _SEVERAL_SPACES.sub(" ", _NOT_PLAIN_ASCII.sub("", text)).strip()
    return text


def levenshtein(a: str, b: str) -> int:
    """Fewest one-character insertions, deletions or substitutions turning a into b.

    levenshtein("ordinater", "ordinateur") == 1; levenshtein("", "clé") == 3.
    Time len(a) × len(b), memory min(len(a), len(b)).
    """
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1,  # delete char_a
                    current[j - 1] + 1,  # insert char_b
                    previous[j - 1] + (char_a != char_b),  # substitute (or keep)
                )
            )
        previous = current
    return previous[-1]


def matches_variants(answer: str, variants: list[str], treatments: AbstractSet[str]) -> bool:
    """Is the answer one of the accepted variants, within the enabled tolerances?

    Answer and variants are pre-treated (`normalize_answer`), then treated with T1/T2.
    With T3:     ok iff min over variants of levenshtein(answer, variant) / len(answer) ≤ 0.25,
                 where an empty answer has ratio 0 against an empty variant, ∞ otherwise.
    Without T3:  ok iff the treated answer equals a treated variant.
    Blank variants are ignored; an answer longer than 500 characters never matches.

    "clef" vs "clé" → 1/4 = 0.25, accepted; "cle" vs "clef" → 1/3, refused.
    """
    if len(answer) > MAX_ANSWER_LENGTH:
        return False
    treated = apply_treatments(normalize_answer(answer), treatments)
    tolerant = "t3" in treatments
    for variant in _clean_variants(variants):
        candidate = apply_treatments(normalize_answer(variant), treatments)
        if _close_enough(treated, candidate) if tolerant else treated == candidate:
            return True
    return False


def _close_enough(answer: str, variant: str) -> bool:
    if not answer:
        return not variant
    allowed = len(answer) * LEVENSHTEIN_MAX_RATE
    # The length gap is a lower bound of the distance: it rejects most pairs for free.
    return abs(len(answer) - len(variant)) <= allowed and levenshtein(answer, variant) <= allowed


def _clean_variants(raw: object) -> list[str]:
    """A list of variants, or a string of variants one per line; blank ones dropped."""
    if isinstance(raw, str):
        candidates: list[object] = list(raw.splitlines())
    elif isinstance(raw, list | tuple):
        candidates = list(raw)
    else:
        return []
    return [v for v in candidates if isinstance(v, str) and v.strip()]


# --- Numbers --------------------------------------------------------------------------------


_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# A unit typed after the number: letters ("Mo", "pixels", "s"), "%", "°", "°C" or "€".
_NUMBER_WITH_UNIT = re.compile(r"(?P<number>.+?)(?:[^\W\d_]{1,12}\.?|%|°[^\W\d_]?|€)")


def _as_number(text: str, *, unit_allowed: bool = False) -> Decimal | None:
    """ "1 200" → 1200, "123,0" → 123.0, "0123" → 123; None when not a plain number.

    Spaces are thousands separators (all removed, non-breaking ones too), one comma is the
    decimal point. Decimal, not float: exact, and a 400-digit answer does not become inf.
    With `unit_allowed` (the pupil's answer, not the key) one trailing unit is ignored:
    "150 Mo" → 150 — the input's label already says which unit is expected.
    """
    compact = normalize_answer(text).replace(" ", "").replace(",", ".", 1)
    if unit_allowed and not _NUMBER.fullmatch(compact):
        with_unit = _NUMBER_WITH_UNIT.fullmatch(compact)
        compact = with_unit.group("number") if with_unit else compact
    if not _NUMBER.fullmatch(compact):
        return None
    return Decimal(compact)


# --- One rule per challenge type ------------------------------------------------------------


def _qcu(value: object, key: AnswerKey) -> Verdict:
    """Exact equality, surrounding spaces aside: "2" vs solution "2"."""
    right = (
        isinstance(value, str)
        and isinstance(key.solution, str)
        and value.strip() == key.solution.strip()
    )
    return _ok_if(right)


def _qcm(value: object, key: AnswerKey) -> Verdict:
    """Same positions in any order: "3, 1" vs solution "1,3" is ok; "1" or "1,2,3" is ko."""
    right = (
        isinstance(value, str)
        and isinstance(key.solution, str)
        and _csv_parts(value) == _csv_parts(key.solution)
    )
    return _ok_if(right)


def _csv_parts(text: str) -> list[str]:
    return sorted(part.strip() for part in text.split(","))


def _qroc(value: object, key: AnswerKey) -> Verdict:
    """One input: numeric comparison when format is "nombre", else text with treatments."""
    variants = _clean_variants(key.solution)
    if not isinstance(value, str) or len(value) > MAX_ANSWER_LENGTH or not variants:
        return _ok_if(False)
    if key.format == "nombre":
        accepted = [_as_number(variant) for variant in variants]
        if all(number is not None for number in accepted):
            # A numeric key never falls back to text: T3 would take "1234 €" for "123".
            given = _as_number(value, unit_allowed=True)
            return _ok_if(given is not None and given in accepted)
    return _ok_if(matches_variants(value, variants, key.treatments))


def _qrocm_ind(value: object, key: AnswerKey) -> Verdict:
    """Each input against its own variants; ok iff all are right. A missing input is wrong;
    inputs the solution does not name are ignored. Selects (exact_inputs) get no treatment.
    """
    if not isinstance(value, Mapping) or not isinstance(key.solution, Mapping) or not key.solution:
        return _ok_if(False)
    details: dict[str, bool] = {}
    for input_key, variants in key.solution.items():
        given = value.get(input_key)
        if not isinstance(given, str):
            details[input_key] = False
        elif input_key in key.exact_inputs:
            details[input_key] = given.strip() in (v.strip() for v in _clean_variants(variants))
        else:
            details[input_key] = matches_variants(given, _clean_variants(variants), key.treatments)
    return Verdict(_status_if(all(details.values())), details)


def _qrocm_dep(value: object, key: AnswerKey) -> Verdict:
    """Answers in any order, each matched to a distinct group by a maximum matching.

    Certinum's departure from the reference rule (docs/decisions.md): two answers that are
    the same after the enabled treatments count once (typing one answer twice never earns
    two groups), and answers are paired with groups by a maximum bipartite matching, exact
    matches tried before tolerant ones — so the order of the answers never changes the
    result. Blank answers are wrong. Without scoring: ok iff every answer matched a group.
    With scoring (min, …, max): matched groups ≥ max → ok, ≥ min → partially, else ko.
    More answers than groups is ko (content has at least as many groups as inputs), which
    also bounds the work on hostile input.
    """
    if not isinstance(value, Mapping) or not isinstance(key.solution, Mapping):
        return _ok_if(False)
    groups = [_clean_variants(variants) for variants in key.solution.values()]
    answers = list(value.values())
    if not answers or len(answers) > len(groups):
        return _ok_if(False)
    distinct: dict[str, str] = {}  # treated form → the answer as typed (first one kept)
    for answer in answers:
        if isinstance(answer, str) and answer.strip() and len(answer) <= MAX_ANSWER_LENGTH:
            distinct.setdefault(apply_treatments(normalize_answer(answer), key.treatments), answer)
    edges = [_group_edges(answer, groups, key.treatments) for answer in distinct.values()]
    matched = _maximum_matching(edges)
    if not key.scoring:
        return _ok_if(matched == len(answers))
    if matched >= max(key.scoring):
        return Verdict(AnswerStatus.OK)
    if matched >= min(key.scoring):
        return Verdict(AnswerStatus.PARTIALLY)
    return Verdict(AnswerStatus.KO)


def _group_edges(answer: str, groups: list[list[str]], treatments: AbstractSet[str]) -> list[int]:
    """The groups this answer may fill: those it matches exactly first, then those it
    matches only within the tolerance (T3)."""
    exact = [
        i
        for i, variants in enumerate(groups)
        if matches_variants(answer, variants, treatments - {"t3"})
    ]
    tolerant = [
        i
        for i, variants in enumerate(groups)
        if i not in exact and "t3" in treatments and matches_variants(answer, variants, treatments)
    ]
    return exact + tolerant


def _maximum_matching(edges: list[list[int]]) -> int:
    """Size of a maximum matching of answers (indices of `edges`) to groups: augmenting
    paths (Kuhn), trying each answer's groups in the given order. A few answers and groups:
    the cost is negligible."""
    owner: dict[int, int] = {}  # group → answer

    def place(answer: int, seen: set[int]) -> bool:
        for group in edges[answer]:
            if group in seen:
                continue
            seen.add(group)
            if group not in owner or place(owner[group], seen):
                owner[group] = answer
                return True
        return False

    return sum(place(answer, set()) for answer in range(len(edges)))


def _status_if(right: bool) -> AnswerStatus:
    return AnswerStatus.OK if right else AnswerStatus.KO


def _ok_if(right: bool) -> Verdict:
    return Verdict(_status_if(right))


_RULES: dict[str, Callable[[object, AnswerKey], Verdict]] = {
    "QCU": _qcu,
    "QCM": _qcm,
    "QROC": _qroc,
    "QROCM-ind": _qrocm_ind,
    "QROCM-dep": _qrocm_dep,
}


def display_order(seed: str, count: int) -> tuple[int, ...]:
    """The order in which the proposals of a QCU or QCM are shown: a permutation of the
    1-based positions 1..count, drawn by Fisher–Yates from SHA-256 of "<seed>:<step>", so
    the same seed always shows the same order (replays, exports) and the key's position in
    the content says nothing about its place on screen.

    The answer is always recorded in the content's positions (canonical), whatever the order.
    """
    order = list(range(1, count + 1))
    for step in range(count - 1, 0, -1):
        digest = hashlib.sha256(f"{seed}:{step}".encode()).digest()
        swap = int.from_bytes(digest[:8], "big") % (step + 1)
        order[step], order[swap] = order[swap], order[step]
    return tuple(order)
