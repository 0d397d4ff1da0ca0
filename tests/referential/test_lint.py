"""The item-bank linter (`manage.py lint_content`): each rule on a small bank, and the real
bank, which must have no error."""

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from certinum.referential.content import read_bank
from certinum.referential.lint import ERROR, WARNING, lint_bank, review_report
from tests.learning.bank import MINI_BANK

CONTENT = Path(__file__).resolve().parents[2] / "content"


def lint_of(tmp_path: Path, change) -> list:
    data = copy.deepcopy(MINI_BANK)
    change(data["challenges"])
    shutil.copy(CONTENT / "framework.yaml", tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return lint_bank(read_bank(tmp_path))


def rules(findings, severity=None) -> set[str]:
    return {f.rule for f in findings if severity is None or f.severity == severity}


def by_id(challenges, key):
    return next(c for c in challenges if c["id"] == key)


def qcu(number: int, key_position: int) -> dict:
    proposals = [f"réponse {letter} de longueur égale" for letter in "ABCD"]
    return {
        "id": f"rangement-1-q{number}",
        "skill": "@rangement1",
        "type": "QCU",
        "statement": "Question ?",
        "proposals": proposals,
        "solution": key_position,
        "status": "validated",
        "reviewed_by": "r",
        "reviewed_on": MINI_BANK["challenges"][0]["reviewed_on"],
        "explanation": "Parce que.",
        "accessibility": {"screen_reader": True, "colour_blind": True},
        "irt": {"discrimination": 1.0, "difficulty": -2.0},
    }


def test_the_small_bank_has_no_error(tmp_path):
    assert rules(lint_of(tmp_path, lambda c: None), ERROR) == set()


def test_a_right_answer_refused_and_a_wrong_one_accepted_are_errors(tmp_path):
    def change(challenges):
        by_id(challenges, "rangement-2-a")["expected"] = {
            "right": ["Geographie", "géographie", "Histoire"],
            "wrong": ["Documents", "carte.odg", "Geografie"],
        }

    messages = [str(f) for f in lint_of(tmp_path, change) if f.rule == "expected"]
    assert messages == [
        "[erreur] content/1.2.yaml › épreuve rangement-2-a : "
        "réponse juste refusée : « Histoire » (expected)",
        "[erreur] content/1.2.yaml › épreuve rangement-2-a : "
        "réponse fausse acceptée : « Geografie » (expected)",
    ]


def test_a_qrocm_dep_answer_typed_twice_is_checked_as_declared(tmp_path):
    def change(challenges):
        by_id(challenges, "formats-1-b")["expected"] = {
            "right": [
                {"p1": "png", "p2": "jpg"},
                {"p1": "JPEG", "p2": ".png"},
                {"p1": "jpg", "p2": "PNG"},
            ],
            "wrong": [
                {"p1": "png", "p2": "png"},
                {"p1": "gif", "p2": "png"},
                {"p1": "", "p2": "jpg"},
            ],
        }

    assert "expected" not in rules(lint_of(tmp_path, change))


def test_keys_piled_in_one_position_are_an_error(tmp_path):
    def change(challenges):
        challenges.extend(qcu(n, n % 3 + 2) for n in range(10))

    findings = lint_of(tmp_path, change)
    assert "position-cle" not in rules(findings)

    def piled(challenges):
        challenges.extend(qcu(n, 2) for n in range(9))

    messages = [str(f) for f in lint_of(tmp_path, piled) if f.rule == "position-cle"]
    assert messages[0] == (
        "[erreur] content/1.2.yaml : QCU : la bonne réponse est en position 2 dans 9 items sur 11 "
        "(82%, au plus 35%) (position-cle)"
    )


def test_a_fixed_order_scale_does_not_count_in_the_positions(tmp_path):
    def change(challenges):
        challenges.extend({**qcu(n, 1), "fixed_order": True} for n in range(9))

    assert "position-cle" not in rules(lint_of(tmp_path, change))


def test_the_longest_key_is_a_warning_and_an_error_over_the_bank_share(tmp_path):
    def one(challenges):
        item = by_id(challenges, "rangement-1-a")
        item["proposals"] = ["Dans le dossier Histoire du collège", "Corbeille", "Bureau"]
        challenges.extend(qcu(n, n % 4 + 1) for n in range(9))

    findings = lint_of(tmp_path, one)
    assert {(f.rule, f.severity) for f in findings if f.rule == "cle-plus-longue"} == {
        ("cle-plus-longue", WARNING)
    }

    def many(challenges):
        one(challenges)
        for item in challenges[-4:]:
            item["proposals"][item["solution"] - 1] += " et même un peu plus"

    findings = lint_of(tmp_path, many)
    assert ("cle-plus-longue", ERROR) in {(f.rule, f.severity) for f in findings}


def test_overlapping_qrocm_dep_groups_are_an_error(tmp_path):
    def change(challenges):
        item = by_id(challenges, "formats-1-b")
        item["solution"] = {
            "effacer": ["droit de supprimer ses données"],
            "oubli": ["droit de supprimer ses donnees en ligne", "droit à l'oubli"],
        }
        item.pop("expected")
        item["status"] = "proposed"

    messages = [f.message for f in lint_of(tmp_path, change) if f.rule == "qrocm-dep-groupes"]
    assert messages == [
        "la variante « droit de supprimer ses donnees en ligne » du groupe oubli correspond "
        "aussi au groupe effacer",
    ]


def test_short_variants_with_t3_and_hand_made_misspellings_are_warnings(tmp_path):
    def change(challenges):
        item = by_id(challenges, "rangement-2-a")
        item["solution"] = ["HTTP"]
        other = by_id(challenges, "formats-2-a")
        other["solution"]["dossier"] = ["bibliotheque", "bibliothequ", "biblioteque", "bibliotheqe"]

    findings = lint_of(tmp_path, change)
    assert {f.rule for f in findings if f.severity == WARNING} >= {
        "variante-courte",
        "fautes-a-la-main",
    }


def test_a_timer_without_reason_is_an_error(tmp_path):
    def change(challenges):
        by_id(challenges, "formats-1-a").pop("timer_reason")

    assert "minuteur" in rules(lint_of(tmp_path, change), ERROR)


def test_an_alt_text_giving_the_answer_away_is_an_error(tmp_path):
    def change(challenges):
        by_id(challenges, "rangement-2-a")["illustration"] = {
            "file": "framework.yaml",
            "alt": "Arborescence : le fichier carte.odg est dans le dossier Geographie.",
        }

    found = [f for f in lint_of(tmp_path, change) if f.rule == "alt-reponse"]
    assert [f.message for f in found] == ["le texte alternatif contient la réponse « Geographie »"]


def test_a_picture_used_twice_is_a_warning(tmp_path):
    def change(challenges):
        for key in ("rangement-1-a", "rangement-3-a"):
            by_id(challenges, key)["illustration"] = {"file": "framework.yaml", "alt": "Un schéma."}

    assert "image-partagee" in rules(lint_of(tmp_path, change), WARNING)


def test_the_review_report_lists_proposed_items_and_short_expert_stems(tmp_path):
    data = copy.deepcopy(MINI_BANK)
    by_id(data["challenges"], "rangement-3-a")["status"] = "proposed"
    shutil.copy(CONTENT / "framework.yaml", tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    lines = review_report(read_bank(tmp_path))
    assert len(lines) == 1
    assert lines[0].startswith("content/1.2.yaml › rangement-3-a (niveau 3) : à relire (proposé)")


def test_the_command_fails_on_errors_and_names_them(tmp_path, capsys):
    data = copy.deepcopy(MINI_BANK)
    by_id(data["challenges"], "formats-1-a").pop("timer_reason")
    shutil.copy(CONTENT / "framework.yaml", tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(CommandError, match=r"1 erreur\(s\)"):
        call_command("lint_content", "--dir", str(tmp_path))
    assert "formats-1-a : minuteur sans raison" in capsys.readouterr().err


def test_the_item_bank_has_no_lint_error():
    findings = lint_bank(read_bank(CONTENT))
    errors = [str(f) for f in findings if f.severity == ERROR]
    assert errors == []
