"""`manage.py load_content`: validate everything, then load in one transaction."""

import copy
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from certinum.referential.models import Challenge, Competence, Skill
from tests.learning.bank import MINI_BANK

FRAMEWORK = Path(__file__).resolve().parents[2] / "content" / "framework.yaml"


def a_bank_file(**overrides):
    """The first tube (levels 1 and 2) of the learner tests' small bank, with its two
    challenges; `overrides` replace fields of the first challenge."""
    data = copy.deepcopy(MINI_BANK)
    tube = data["tubes"][0]
    tube["skills"] = [s for s in tube["skills"] if s["level"] <= 2]
    data["tubes"] = [tube]
    data["challenges"] = [
        c for c in data["challenges"] if c["id"] in ("rangement-1-a", "rangement-2-a")
    ]
    data["challenges"][0].update(overrides)
    return data


def write_content(tmp_path, data) -> Path:
    shutil.copy(FRAMEWORK, tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def load(path) -> str:
    out = StringIO()
    call_command("load_content", "--dir", str(path), stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_the_framework_and_the_items(tmp_path):
    load(write_content(tmp_path, a_bank_file()))
    assert Competence.objects.count() == 16
    assert Challenge.objects.get(key="rangement-1-a").solution == "1"
    # One skill per level: each is worth the whole 8 pix of its level.
    assert Skill.objects.get(name="@rangement2").pix_value == 8


@pytest.mark.django_db
def test_running_it_again_with_unchanged_files_changes_nothing(tmp_path):
    path = write_content(tmp_path, a_bank_file())
    load(path)
    before = Challenge.objects.get(key="rangement-1-a").updated_at
    output = load(path)
    assert "0 créé(s), 0 mis à jour" in output
    assert Challenge.objects.get(key="rangement-1-a").updated_at == before


@pytest.mark.django_db
def test_an_ordered_scale_keeps_its_order(tmp_path):
    load(write_content(tmp_path, a_bank_file(fixed_order=True)))
    assert Challenge.objects.get(key="rangement-1-a").fixed_order
    load(write_content(tmp_path, a_bank_file()))
    assert not Challenge.objects.get(key="rangement-1-a").fixed_order


@pytest.mark.django_db
def test_an_edited_item_is_updated_in_place(tmp_path):
    load(write_content(tmp_path, a_bank_file()))
    pk = Challenge.objects.get(key="rangement-1-a").pk
    load(write_content(tmp_path, a_bank_file(statement="Où ranger l'exposé ?")))
    challenge = Challenge.objects.get(key="rangement-1-a")
    assert (challenge.pk, challenge.statement) == (pk, "Où ranger l'exposé ?")


@pytest.mark.django_db
def test_an_item_removed_from_the_files_is_archived_not_deleted(tmp_path):
    load(write_content(tmp_path, a_bank_file()))
    data = a_bank_file()
    data["challenges"] = data["challenges"][1:]
    load(write_content(tmp_path, data))
    assert Challenge.objects.get(key="rangement-1-a").status == Challenge.Status.ARCHIVED


BROKEN = {
    "a missing field": (
        {"statement": None},
        "rangement-1-a › statement : champ obligatoire manquant",
    ),
    "an unknown type": ({"type": "QCX"}, "type inconnu « QCX »"),
    "a solution not among the proposals": (
        {"solution": 4},
        "la réponse 4 n'existe pas (3 propositions)",
    ),
    "a misspelt field": ({"timmer": 30}, "timmer : champ inconnu"),
    "a fixed order that is not a boolean": ({"fixed_order": "oui"}, "fixed_order : true ou false"),
    "provisional parameters that are not a boolean": (
        {"irt": {"discrimination": 1.0, "difficulty": 0.0, "provisional": "oui"}},
        "irt.provisional : true ou false",
    ),
    "a focused item that does not warn the pupil": ({"focused": True}, "Ne quitte pas cette page"),
    "a YAML boolean among text answers": (
        {"type": "QROC", "proposals": None, "input_label": "Réponse", "solution": [False]},
        "mettez-la entre guillemets",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_is_reported_precisely_and_nothing_is_loaded(tmp_path, case):
    overrides, expected = BROKEN[case]
    data = a_bank_file(**overrides)
    data["challenges"][0] = {k: v for k, v in data["challenges"][0].items() if v is not None}
    err = StringIO()
    with pytest.raises(CommandError, match="rien n'a été chargé"):
        call_command("load_content", "--dir", str(write_content(tmp_path, data)), stderr=err)
    assert "content/1.2.yaml" in err.getvalue() or "1.2.yaml" in err.getvalue()
    assert expected in err.getvalue()
    assert Competence.objects.count() == 0


@pytest.mark.django_db
def test_a_duplicate_id_is_refused(tmp_path):
    data = a_bank_file()
    data["challenges"][1]["id"] = "rangement-1-a"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", "--dir", str(write_content(tmp_path, data)), stderr=err)
    assert "épreuve rangement-1-a › id : identifiant en double" in err.getvalue()
    assert Challenge.objects.count() == 0


@pytest.mark.django_db
def test_a_level_out_of_range_is_refused(tmp_path):
    data = a_bank_file()
    data["tubes"][0]["skills"].append({"level": 9, "description": "Trop haut."})
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", "--dir", str(write_content(tmp_path, data)), stderr=err)
    assert "niveau hors limites : 9" in err.getvalue()


@pytest.mark.django_db
def test_one_invalid_file_blocks_the_valid_ones(tmp_path):
    path = write_content(tmp_path, a_bank_file())
    (path / "1.3.yaml").write_text("competence: '1.3'\ntubes: [\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_content", "--dir", str(path), stderr=StringIO())
    assert Challenge.objects.count() == 0


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = write_content(tmp_path, a_bank_file())
    (path / "1.3.yaml").write_bytes("competence: '1.3' # été".encode("cp1252"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", "--dir", str(path), stderr=err)
    assert "UTF-8" in err.getvalue()
