"""The item-bank reader, without a database: each challenge type's own checks."""

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from certinum.referential.content import ContentInvalid, read_bank
from tests.learning.bank import MINI_BANK

FRAMEWORK = Path(__file__).resolve().parents[2] / "content" / "framework.yaml"


def errors_of(tmp_path: Path, key: str, **overrides) -> list[str]:
    """The reader's errors once `overrides` replace fields of challenge `key` (None drops
    the field)."""
    data = copy.deepcopy(MINI_BANK)
    (challenge,) = (c for c in data["challenges"] if c["id"] == key)
    challenge.update(overrides)
    data["challenges"] = [{k: v for k, v in c.items() if v is not None} for c in data["challenges"]]
    shutil.copy(FRAMEWORK, tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentInvalid) as invalid:
        read_bank(tmp_path)
    return [str(error) for error in invalid.value.errors]


def test_the_small_bank_reads_with_every_type(tmp_path):
    shutil.copy(FRAMEWORK, tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(MINI_BANK), encoding="utf-8")
    bank = read_bank(tmp_path)
    solutions = {c.key: c.solution for c in bank.challenges}
    assert solutions["rangement-3-a"] == "1,4"
    assert solutions["formats-1-b"] == {"png": ["png", ".png"], "jpeg": ["jpg", "jpeg", ".jpg"]}
    assert [s.pix_value for s in bank.skills if s.level == 1] == [4, 4]


WHERE = "1.2.yaml › épreuve "
CASES = {
    "a QCM with one right answer": (
        "rangement-3-a",
        {"solution": [2]},
        "rangement-3-a › solution : un QCM attend au moins deux bonnes réponses",
    ),
    "a QCM whose solution is not a list": (
        "rangement-3-a",
        {"solution": 1},
        "rangement-3-a › solution : QCM : liste de positions attendue, par exemple [1, 3]",
    ),
    "a QCU with a repeated proposal": (
        "rangement-1-a",
        {"proposals": ["A", "A", "B"]},
        "rangement-1-a › proposals : deux propositions identiques",
    ),
    "a QROC number that is not one": (
        "rangement-2-a",
        {"format": "nombre", "solution": ["douze"]},
        "rangement-2-a › solution : « douze » n'est pas un nombre",
    ),
    "proposals on a QROC": (
        "rangement-2-a",
        {"proposals": ["A", "B", "C"]},
        "rangement-2-a › proposals : inutile pour le type QROC",
    ),
    "a QROCM-ind answer outside its options": (
        "formats-2-a",
        {"solution": {"tableur": ["notes.odt"], "dossier": ["b"]}},
        "formats-2-a › solution : « notes.odt » n'est pas dans les options du champ tableur",
    ),
    "a QROCM-ind without an answer for each input": (
        "formats-2-a",
        {"solution": {"tableur": ["notes.ods"]}},
        "formats-2-a › solution : une clé par champ attendue : tableur, dossier",
    ),
    "a QROCM-dep scoring beyond its inputs": (
        "formats-1-b",
        {"scoring": [1, 3]},
        "formats-1-b › scoring : liste croissante de nombres entre 1 et 2 attendue",
    ),
    "a QROCM-dep solution that is a list": (
        "formats-1-b",
        {"solution": ["png"]},
        "formats-1-b › solution : objet attendu : clé → liste de réponses acceptées",
    ),
    "a treatment list holding an object": (
        "rangement-1-a",
        {"deactivate": [{"t1": True}]},
        "rangement-1-a › deactivate : liste parmi t1, t2, t3 attendue",
    ),
    "a validated item without reviewer": (
        "rangement-1-a",
        {"reviewed_by": None},
        "rangement-1-a › reviewed_by : champ obligatoire manquant",
    ),
    "a validated item without review date": (
        "rangement-1-a",
        {"reviewed_on": None},
        "rangement-1-a › reviewed_on : date de relecture obligatoire pour un item validé",
    ),
    "a review date that is not a date": (
        "rangement-1-a",
        {"reviewed_on": "hier"},
        "rangement-1-a › reviewed_on : date AAAA-MM-JJ attendue",
    ),
    "a validated item without explanation": (
        "rangement-1-a",
        {"explanation": None},
        "rangement-1-a › explanation : champ obligatoire manquant",
    ),
    "accessibility not assessed": (
        "rangement-1-a",
        {"accessibility": None},
        "rangement-1-a › accessibility : à renseigner : "
        "{screen_reader: true|false, colour_blind: true|false}",
    ),
    "an unknown accessibility value": (
        "rangement-1-a",
        {"accessibility": {"screen_reader": "oui", "colour_blind": True}},
        "rangement-1-a › accessibility.screen_reader : true ou false attendu, pas 'oui'",
    ),
    "an unknown accessibility field": (
        "rangement-1-a",
        {"accessibility": {"screen_reader": True, "colour_blind": True, "dyslexia": True}},
        "rangement-1-a › accessibility.dyslexia : champ inconnu",
    ),
    "a visual item said to work with a screen reader": (
        "rangement-1-a",
        {"accessibility": {"screen_reader": True, "colour_blind": True, "visual": True}},
        "rangement-1-a › accessibility : "
        "un item visuel ne peut pas être utilisable au lecteur d'écran",
    ),
    "a validated free-text item without plausible answers": (
        "rangement-2-a",
        {"expected": None},
        "rangement-2-a › expected : réponses plausibles justes et fausses obligatoires",
    ),
    "plausible answers on a QCU": (
        "rangement-1-a",
        {"expected": {"right": ["a", "b", "c"], "wrong": ["d", "e", "f"]}},
        "rangement-1-a › expected : inutile pour le type QCU",
    ),
    "too few plausible wrong answers": (
        "rangement-2-a",
        {"expected": {"right": ["a", "b", "c"], "wrong": ["d"]}},
        "rangement-2-a › expected.wrong : au moins 3 réponses attendues",
    ),
    "plausible answers that are not a mapping": (
        "rangement-2-a",
        {"expected": ["a", "b", "c"]},
        "rangement-2-a › expected : objet {right: [...], wrong: [...]} attendu",
    ),
    "a QROCM plausible answer missing an input": (
        "formats-1-b",
        {"expected": {"right": [{"p1": "png"}] * 3, "wrong": [{"p1": "a", "p2": "b"}] * 3}},
        "formats-1-b › expected.right : objet avec les champs p1, p2 attendu",
    ),
    "an embedded page elsewhere on the web": (
        "rangement-1-a",
        {"embed_url": "https://simulateur.example/index.html", "embed_title": "Simulation"},
        "rangement-1-a › embed_url : « https://simulateur.example/index.html » : chemin d'une "
        "page de sims/ attendu (par exemple sims/messagerie/index.html?s=2), "
        "jamais une adresse extérieure",
    ),
    "an embedded page leaving the sims folder": (
        "rangement-1-a",
        {"embed_url": "sims/../1.2.yaml", "embed_title": "Simulation"},
        "rangement-1-a › embed_url : « sims/../1.2.yaml » : chemin d'une page de sims/ attendu "
        "(par exemple sims/messagerie/index.html?s=2), jamais une adresse extérieure",
    ),
    "an embedded page that does not exist": (
        "rangement-1-a",
        {"embed_url": "sims/absente/index.html?s=1", "embed_title": "Simulation"},
        "rangement-1-a › embed_url : fichier introuvable : sims/absente/index.html",
    ),
    "an embed height without a simulation": (
        "rangement-1-a",
        {"embed_height": 480},
        "rangement-1-a › embed_height : inutile sans embed_url",
    ),
    "a timer reason without timer": (
        "rangement-1-a",
        {"timer_reason": "Vite !"},
        "rangement-1-a › timer_reason : raison d'un minuteur absent",
    ),
    "an IRT difficulty out of range": (
        "rangement-1-a",
        {"irt": {"discrimination": 1.0, "difficulty": 9}},
        "rangement-1-a › irt.difficulty : nombre entre −4 et 4 attendu",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_it_names_the_file_the_item_and_the_field(tmp_path, case):
    key, overrides, expected = CASES[case]
    assert f"{tmp_path.name}/{WHERE}{expected}" in errors_of(tmp_path, key, **overrides)


def test_a_framework_competence_that_is_not_an_object_is_refused(tmp_path):
    (tmp_path / "framework.yaml").write_text(
        "areas:\n- code: '1'\n  title: Information\n  competences: [1.1]\n", encoding="utf-8"
    )
    with pytest.raises(ContentInvalid) as invalid:
        read_bank(tmp_path)
    assert [str(e) for e in invalid.value.errors] == [
        f"{tmp_path.name}/framework.yaml › domaine 1 › competences : "
        "chaque compétence doit être un objet"
    ]


def test_a_new_item_is_proposed_and_needs_no_review(tmp_path):
    data = copy.deepcopy(MINI_BANK)
    for field in ("status", "reviewed_by", "reviewed_on", "explanation", "expected"):
        data["challenges"][1].pop(field)
    shutil.copy(FRAMEWORK, tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    bank = read_bank(tmp_path)
    statuses = {c.key: c.status for c in bank.challenges}
    assert statuses["rangement-2-a"] == "proposed"
    assert statuses["rangement-1-a"] == "validated"


def test_an_embedded_simulation_of_our_own_is_read(tmp_path):
    data = copy.deepcopy(MINI_BANK)
    data["challenges"][0].update(
        embed_url="sims/essai/index.html?s=2", embed_title="Essai", embed_height=600
    )
    shutil.copy(FRAMEWORK, tmp_path / "framework.yaml")
    (tmp_path / "sims" / "essai").mkdir(parents=True)
    (tmp_path / "sims" / "essai" / "index.html").write_text("<!doctype html>", "utf-8")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    (challenge, *_) = read_bank(tmp_path).challenges
    assert (challenge.embed_url, challenge.embed_title, challenge.embed_height) == (
        "sims/essai/index.html?s=2",
        "Essai",
        600,
    )
