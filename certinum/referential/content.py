"""Reading and validating the item bank files (docs/content-format.md).

Pure Python on purpose (no Django import): authors can check the bank without a database
with `python -m certinum.referential.content content/`. `load_content` stores the result.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from certinum.engine.positioning import PIX_PER_LEVEL

CHALLENGE_TYPES = ("QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep")
STATUSES = ("proposed", "validated", "archived", "obsolete")
TREATMENTS = ("t1", "t2", "t3")
FRAMEWORK_FILE = "framework.yaml"
FREE_TEXT_TYPES = ("QROC", "QROCM-ind", "QROCM-dep")
# Statuses of items that are still in the bank's life (an item archived or obsolete keeps
# whatever it had: it is never served and is kept only so that old answers stay readable).
LIVE_STATUSES = ("proposed", "validated")
EXPECTED_MINIMUM = 3
EXPLANATION_MAX_LENGTH = 600
# Embedded simulations are our own static files under content/sims (docs/content-format.md).
EMBED_ROOT = "sims/"
EMBED_URL_RE = re.compile(r"^sims/[A-Za-z0-9_/-]+\.html(\?[A-Za-z0-9=&_-]*)?(#[A-Za-z0-9_-]*)?$")
EMBED_HEIGHT_RANGE = (200, 900)

TUBE_NAME_RE = re.compile(r"^[a-z][A-Za-z]{1,60}$")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,79}$")
INPUT_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
COMPETENCE_CODE_RE = re.compile(r"^[1-9]\.[1-9]$")

CHALLENGE_FIELDS = {
    "id",
    "skill",
    "type",
    "statement",
    "proposals",
    "solution",
    "input_label",
    "inputs",
    "format",
    "scoring",
    "timer",
    "focused",
    "fixed_order",
    "illustration",
    "attachments",
    "embed_url",
    "embed_title",
    "embed_height",
    "timer_reason",
    "explanation",
    "expected",
    "reviewed_by",
    "reviewed_on",
    "locale",
    "status",
    "accessibility",
    "deactivate",
    "irt",
    "sources",
    "perishable",
    "review_before",
}


@dataclass(frozen=True)
class ContentError:
    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        where = " › ".join(part for part in (self.file, self.item, self.field) if part)
        return f"{where} : {self.message}"


@dataclass
class AreaData:
    code: str
    title: str


@dataclass
class CompetenceData:
    code: str
    name: str
    area_code: str
    description: str = ""


@dataclass
class TubeData:
    name: str
    title: str
    competence_code: str


@dataclass
class SkillData:
    name: str
    tube_name: str
    level: int
    description: str
    pix_value: float = 0.0


@dataclass
class ChallengeData:
    key: str
    skill_name: str
    type: str
    statement: str
    solution: Any
    proposals: list[str] = field(default_factory=list)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    scoring: list[int] = field(default_factory=list)
    format: str = ""
    t1_enabled: bool = True
    t2_enabled: bool = True
    t3_enabled: bool = True
    timer: int | None = None
    focused: bool = False
    fixed_order: bool = False
    illustration: str = ""
    illustration_alt: str = ""
    attachments: list[str] = field(default_factory=list)
    embed_url: str = ""
    embed_title: str = ""
    embed_height: int | None = None
    timer_reason: str = ""
    explanation: str = ""
    expected: dict[str, list[Any]] = field(default_factory=dict)
    locale: str = "fr-fr"
    status: str = "proposed"
    reviewed_by: str = ""
    reviewed_on: datetime.date | None = None
    screen_reader_friendly: bool = True
    colour_blind_friendly: bool = True
    visual: bool = False
    irt_discrimination: float | None = None
    irt_difficulty: float | None = None
    irt_provisional: bool = False
    sources: list[str] = field(default_factory=list)
    perishable: bool = False
    review_before: datetime.date | None = None


@dataclass
class Bank:
    areas: list[AreaData] = field(default_factory=list)
    competences: list[CompetenceData] = field(default_factory=list)
    tubes: list[TubeData] = field(default_factory=list)
    skills: list[SkillData] = field(default_factory=list)
    challenges: list[ChallengeData] = field(default_factory=list)


class ContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class _FileReader:
    """Collects the errors of one file while turning its YAML into data."""

    def __init__(self, root: Path, path: Path, errors: list[ContentError]):
        self.root = root
        self.path = path
        self.label = f"{root.name}/{path.relative_to(root).as_posix()}"
        self.errors = errors

    def error(self, item: str, field_name: str, message: str) -> None:
        self.errors.append(ContentError(self.label, item, field_name, message))

    def load_yaml(self) -> Any:
        try:
            raw = self.path.read_bytes()
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self.error("", "", "le fichier doit être encodé en UTF-8")
            return None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (ligne {mark.line + 1})" if mark is not None else ""
            self.error("", "", f"YAML illisible{where} : {getattr(exc, 'problem', exc)}")
            return None

    def text(self, data: dict[str, Any], key: str, item: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(item, key, "champ obligatoire manquant")
            return ""
        if isinstance(value, (bool, datetime.date)):
            self.error(
                item, key, f"valeur lue comme {type(value).__name__} : mettez-la entre guillemets"
            )
            return ""
        if isinstance(value, int | float):
            return str(value)
        if not isinstance(value, str):
            self.error(item, key, "doit être un texte")
            return ""
        return value.strip()

    def variants(self, value: Any, item: str, field_name: str) -> list[str]:
        if not isinstance(value, list) or not value:
            self.error(item, field_name, "doit être une liste non vide de réponses acceptées")
            return []
        result = []
        for variant in value:
            if isinstance(variant, (bool, datetime.date)):
                self.error(
                    item,
                    field_name,
                    f"la réponse {variant!r} a été lue comme un booléen ou une date : "
                    "mettez-la entre guillemets",
                )
            elif isinstance(variant, int | float | str) and str(variant).strip():
                result.append(str(variant).strip())
            else:
                self.error(item, field_name, f"réponse acceptée invalide : {variant!r}")
        return result


def read_framework(
    root: Path, errors: list[ContentError]
) -> tuple[list[AreaData], list[CompetenceData]]:
    reader = _FileReader(root, root / FRAMEWORK_FILE, errors)
    if not reader.path.exists():
        reader.error("", "", "fichier du référentiel introuvable")
        return [], []
    data = reader.load_yaml()
    areas: list[AreaData] = []
    competences: list[CompetenceData] = []
    if not isinstance(data, dict) or not isinstance(data.get("areas"), list):
        reader.error("", "areas", "liste des domaines manquante")
        return areas, competences
    for area in data["areas"]:
        if not isinstance(area, dict):
            reader.error("", "areas", "chaque domaine doit être un objet")
            continue
        code = reader.text(area, "code", "domaine")
        title = reader.text(area, "title", f"domaine {code}")
        areas.append(AreaData(code=code, title=title))
        competences_here = area.get("competences") or []
        if not isinstance(competences_here, list):
            reader.error(f"domaine {code}", "competences", "liste des compétences attendue")
            continue
        for competence in competences_here:
            if not isinstance(competence, dict):
                reader.error(
                    f"domaine {code}", "competences", "chaque compétence doit être un objet"
                )
                continue
            ccode = reader.text(competence, "code", f"domaine {code}")
            if not COMPETENCE_CODE_RE.match(ccode) or not ccode.startswith(f"{code}."):
                reader.error(f"compétence {ccode}", "code", f"doit être de la forme {code}.N")
            competences.append(
                CompetenceData(
                    code=ccode,
                    name=reader.text(competence, "name", f"compétence {ccode}"),
                    area_code=code,
                    description=reader.text(competence, "description", ccode, required=False),
                )
            )
    codes = [c.code for c in competences]
    for duplicate in {c for c in codes if codes.count(c) > 1}:
        reader.error(f"compétence {duplicate}", "code", "code en double")
    return areas, competences


def read_competence_file(
    root: Path, path: Path, competence_codes: set[str], bank: Bank, errors: list[ContentError]
) -> None:
    reader = _FileReader(root, path, errors)
    data = reader.load_yaml()
    if data is None:
        return
    if not isinstance(data, dict):
        reader.error("", "", "le fichier doit contenir un objet (competence, tubes, challenges)")
        return
    code = reader.text(data, "competence", "")
    if code and code != path.stem:
        reader.error(
            "", "competence", f"« {code} » ne correspond pas au nom du fichier ({path.stem})"
        )
    if code and code not in competence_codes:
        reader.error("", "competence", f"compétence inconnue : {code}")
    skills_here: dict[str, SkillData] = {}
    tubes = data.get("tubes")
    if not isinstance(tubes, list) or not tubes:
        reader.error("", "tubes", "liste des sujets manquante")
        tubes = []
    for tube in tubes:
        _read_tube(reader, tube, code, bank, skills_here)
    _share_pix_per_level(skills_here.values())

    challenges = data.get("challenges")
    if not isinstance(challenges, list) or not challenges:
        reader.error("", "challenges", "liste des épreuves manquante")
        return
    for raw in challenges:
        challenge = _read_challenge(reader, root, raw, skills_here)
        if challenge is not None:
            bank.challenges.append(challenge)


def _read_tube(
    reader: _FileReader, tube: Any, code: str, bank: Bank, skills_here: dict[str, SkillData]
) -> None:
    """Add the tube and its skills to the bank; `skills_here` collects the file's skills."""
    if not isinstance(tube, dict):
        reader.error("", "tubes", "chaque sujet doit être un objet")
        return
    name = reader.text(tube, "name", "sujet")
    item = f"sujet {name}"
    if name and not TUBE_NAME_RE.match(name):
        reader.error(item, "name", "nom attendu en camelCase, lettres seulement")
    bank.tubes.append(
        TubeData(name=name, title=reader.text(tube, "title", item), competence_code=code)
    )
    skills = tube.get("skills")
    if not isinstance(skills, list) or not skills:
        reader.error(item, "skills", "liste des acquis manquante")
        return
    for skill in skills:
        if not isinstance(skill, dict):
            reader.error(item, "skills", "chaque acquis doit être un objet")
            continue
        level = skill.get("level")
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 8:
            reader.error(item, "level", f"niveau hors limites : {level!r} (attendu : 1 à 8)")
            continue
        skill_name = f"@{name}{level}"
        if skill_name in skills_here:
            reader.error(item, "level", f"niveau {level} en double")
            continue
        skill_data = SkillData(
            name=skill_name,
            tube_name=name,
            level=level,
            description=reader.text(skill, "description", f"acquis {skill_name}"),
        )
        skills_here[skill_name] = skill_data
        bank.skills.append(skill_data)


def _share_pix_per_level(skills: Iterable[SkillData]) -> None:
    """Each level of the competence is worth 8 pix, shared between its skills."""
    by_level: dict[int, list[SkillData]] = {}
    for skill in skills:
        by_level.setdefault(skill.level, []).append(skill)
    for at_level in by_level.values():
        for skill in at_level:
            skill.pix_value = PIX_PER_LEVEL / len(at_level)


def _read_challenge(
    reader: _FileReader, root: Path, raw: Any, skills: dict[str, SkillData]
) -> ChallengeData | None:
    if not isinstance(raw, dict):
        reader.error("", "challenges", "chaque épreuve doit être un objet")
        return None
    key = reader.text(raw, "id", "épreuve sans id")
    item = f"épreuve {key or '?'}"
    errors_before = len(reader.errors)
    if key and not KEY_RE.match(key):
        reader.error(item, "id", "caractères autorisés : lettres, chiffres et tirets")
    for unknown in sorted(set(raw) - CHALLENGE_FIELDS):
        reader.error(item, unknown, "champ inconnu")
    skill_name = reader.text(raw, "skill", item)
    if skill_name and skill_name not in skills:
        reader.error(item, "skill", f"acquis {skill_name} non déclaré dans ce fichier")
    ctype = reader.text(raw, "type", item)
    if ctype and ctype not in CHALLENGE_TYPES:
        reader.error(
            item, "type", f"type inconnu « {ctype} » (attendu : {', '.join(CHALLENGE_TYPES)})"
        )
    challenge = ChallengeData(
        key=key,
        skill_name=skill_name,
        type=ctype,
        statement=reader.text(raw, "statement", item),
        solution=None,
    )
    _read_answer_fields(reader, raw, item, challenge)
    _read_presentation(reader, root, raw, item, challenge)
    _read_follow_up(reader, raw, item, challenge)
    if len(reader.errors) > errors_before:
        return None
    return challenge


# Each challenge type reads its own answer fields: (reader, raw challenge, its solution as
# written, item label, the challenge being built). Errors go to the reader.
AnswerReader = Callable[[_FileReader, dict[str, Any], Any, str, ChallengeData], None]


def _read_answer_fields(
    reader: _FileReader, raw: dict[str, Any], item: str, c: ChallengeData
) -> None:
    solution = raw.get("solution")
    if solution is None:
        reader.error(item, "solution", "champ obligatoire manquant")
        return
    # An unknown type was reported already; its proposals are still checked, as for any
    # type without proposals.
    read_answer = _ANSWER_READERS.get(c.type, _refuse_proposals)
    read_answer(reader, raw, solution, item, c)


def _refuse_proposals(
    reader: _FileReader, raw: dict[str, Any], solution: Any, item: str, c: ChallengeData
) -> None:
    if "proposals" in raw:
        reader.error(item, "proposals", f"inutile pour le type {c.type}")


def _read_choices(
    reader: _FileReader, raw: dict[str, Any], solution: Any, item: str, c: ChallengeData
) -> None:
    """QCU (one right proposal) and QCM (several): the solution gives positions from 1."""
    proposals = raw.get("proposals")
    if not isinstance(proposals, list) or not all(
        isinstance(p, str | int | float) and not isinstance(p, bool) and str(p).strip()
        for p in proposals
    ):
        reader.error(item, "proposals", "liste de propositions (textes) attendue")
        return
    c.proposals = [str(p).strip() for p in proposals]
    low, high = (3, 5) if c.type == "QCU" else (4, 6)
    if not low <= len(c.proposals) <= high:
        reader.error(
            item, "proposals", f"{len(c.proposals)} propositions (attendu : {low} à {high})"
        )
    if len(set(c.proposals)) != len(c.proposals):
        reader.error(item, "proposals", "deux propositions identiques")
    if c.type == "QCM" and not isinstance(solution, list):
        reader.error(item, "solution", "QCM : liste de positions attendue, par exemple [1, 3]")
        return
    chosen = [solution] if c.type == "QCU" else solution
    if not _positions_are_valid(reader, chosen, item, len(c.proposals)):
        return
    if c.type == "QCM" and len(chosen) < 2:
        reader.error(item, "solution", "un QCM attend au moins deux bonnes réponses")
    c.solution = ",".join(str(p) for p in sorted(chosen))


def _positions_are_valid(reader: _FileReader, chosen: list[Any], item: str, count: int) -> bool:
    """Report the first position that is not a distinct number between 1 and `count`."""
    for position in chosen:
        if isinstance(position, bool) or not isinstance(position, int):
            reader.error(
                item, "solution", f"position invalide : {position!r} (un nombre à partir de 1)"
            )
            return False
        if not 1 <= position <= count:
            reader.error(
                item,
                "solution",
                f"la réponse {position} n'existe pas ({count} propositions)",
            )
            return False
    if len(set(chosen)) != len(chosen):
        reader.error(item, "solution", "position en double")
        return False
    return True


def _read_short_answer(
    reader: _FileReader, raw: dict[str, Any], solution: Any, item: str, c: ChallengeData
) -> None:
    """QROC: one input, a list of accepted answers, optionally numbers only."""
    label = reader.text(raw, "input_label", item)
    c.inputs = [{"key": "answer", "label": label}]
    c.solution = reader.variants(solution, item, "solution")
    fmt = raw.get("format") or ""
    if fmt not in ("", "nombre"):
        reader.error(item, "format", "seul le format « nombre » existe")
    c.format = fmt
    if fmt == "nombre":
        for variant in c.solution:
            if not re.fullmatch(r"-?\d+([.,]\d+)?", variant.replace(" ", "")):
                reader.error(item, "solution", f"« {variant} » n'est pas un nombre")
    _refuse_proposals(reader, raw, solution, item, c)


def _read_grouped_solution(
    reader: _FileReader, raw: dict[str, Any], solution: Any, item: str, c: ChallengeData
) -> bool:
    """QROCM-*: the inputs, and the solution as group → accepted answers. False if the
    solution is not such a mapping (nothing more can be checked)."""
    c.inputs = _read_inputs(reader, raw, item)
    if not isinstance(solution, dict) or not solution:
        reader.error(item, "solution", "objet attendu : clé → liste de réponses acceptées")
        return False
    c.solution = {
        str(group): reader.variants(variants, item, f"solution.{group}")
        for group, variants in solution.items()
    }
    return True


def _read_independent_inputs(
    reader: _FileReader, raw: dict[str, Any], solution: Any, item: str, c: ChallengeData
) -> None:
    """QROCM-ind: each input has its own accepted answers, among its options if it has some."""
    if not _read_grouped_solution(reader, raw, solution, item, c):
        return
    keys = [i["key"] for i in c.inputs]
    if set(c.solution) != set(keys):
        reader.error(item, "solution", f"une clé par champ attendue : {', '.join(keys)}")
    for one_input in c.inputs:
        options = one_input.get("options") or []
        for variant in c.solution.get(one_input["key"], []) if options else []:
            if variant not in options:
                reader.error(
                    item,
                    "solution",
                    f"« {variant} » n'est pas dans les options du champ {one_input['key']}",
                )
    _refuse_proposals(reader, raw, solution, item, c)


def _read_dependent_inputs(
    reader: _FileReader, raw: dict[str, Any], solution: Any, item: str, c: ChallengeData
) -> None:
    """QROCM-dep: the inputs share groups of accepted answers (each group used once); the
    optional scoring lists how many right inputs earn each level of credit."""
    if not _read_grouped_solution(reader, raw, solution, item, c):
        return
    keys = [i["key"] for i in c.inputs]
    if len(c.solution) < len(keys):
        reader.error(item, "solution", f"au moins {len(keys)} groupes de réponses attendus")
    scoring = raw.get("scoring")
    if scoring is not None:
        if (
            not isinstance(scoring, list)
            or not all(isinstance(s, int) and not isinstance(s, bool) for s in scoring)
            or sorted(scoring) != scoring
            or not scoring
            or scoring[0] < 1
            or scoring[-1] > len(keys)
        ):
            reader.error(
                item,
                "scoring",
                f"liste croissante de nombres entre 1 et {len(keys)} attendue",
            )
        else:
            c.scoring = scoring
    _refuse_proposals(reader, raw, solution, item, c)


_ANSWER_READERS: dict[str, AnswerReader] = {
    "QCU": _read_choices,
    "QCM": _read_choices,
    "QROC": _read_short_answer,
    "QROCM-ind": _read_independent_inputs,
    "QROCM-dep": _read_dependent_inputs,
}


def _read_inputs(reader: _FileReader, raw: dict[str, Any], item: str) -> list[dict[str, Any]]:
    inputs = raw.get("inputs")
    if not isinstance(inputs, list) or len(inputs) < 2:
        reader.error(item, "inputs", "au moins deux champs {key, label} attendus")
        return []
    result = []
    for one_input in inputs:
        if not isinstance(one_input, dict):
            reader.error(item, "inputs", "chaque champ doit être un objet {key, label}")
            continue
        key = str(one_input.get("key") or "")
        if not INPUT_KEY_RE.match(key):
            reader.error(item, "inputs", f"clé de champ invalide : {key!r}")
        label = reader.text(one_input, "label", item)
        entry: dict[str, Any] = {"key": key, "label": label}
        options = one_input.get("options")
        if options is not None:
            if not isinstance(options, list) or len(options) < 2:
                reader.error(item, "inputs", f"options du champ {key} : au moins deux choix")
            else:
                entry["options"] = [str(option) for option in options]
        result.append(entry)
    keys = [i["key"] for i in result]
    if len(set(keys)) != len(keys):
        reader.error(item, "inputs", "deux champs ont la même clé")
    return result


def _read_presentation(
    reader: _FileReader, root: Path, raw: dict[str, Any], item: str, c: ChallengeData
) -> None:
    """What the pupil sees around the statement: timer, focus, pictures, files, embed."""
    timer = raw.get("timer")
    if timer is not None:
        if isinstance(timer, bool) or not isinstance(timer, int) or not 10 <= timer <= 600:
            reader.error(item, "timer", "durée en secondes entre 10 et 600 attendue")
        else:
            c.timer = timer
    for flag in ("focused", "perishable", "fixed_order"):
        value = raw.get(flag, False)
        if not isinstance(value, bool):
            reader.error(item, flag, "true ou false attendu")
        else:
            setattr(c, flag, value)
    illustration = raw.get("illustration")
    if illustration is not None:
        if not isinstance(illustration, dict):
            reader.error(item, "illustration", "objet {file, alt} attendu")
        else:
            c.illustration = reader.text(illustration, "file", item)
            c.illustration_alt = reader.text(illustration, "alt", item)
            _check_file(reader, root, item, "illustration", c.illustration)
    attachments = raw.get("attachments") or []
    if not isinstance(attachments, list):
        reader.error(item, "attachments", "liste de fichiers attendue")
    else:
        c.attachments = [str(a) for a in attachments]
        for attachment in c.attachments:
            _check_file(reader, root, item, "attachments", attachment)
    c.timer_reason = reader.text(raw, "timer_reason", item, required=False)
    if c.timer_reason and c.timer is None:
        reader.error(item, "timer_reason", "raison d'un minuteur absent")
    _read_embed(reader, root, raw, item, c)


def _read_embed(
    reader: _FileReader, root: Path, raw: dict[str, Any], item: str, c: ChallengeData
) -> None:
    """An embedded simulation: one of our own static pages under content/sims/, never an
    address elsewhere (it runs in a sandboxed frame; the answer is typed in the page)."""
    c.embed_url = reader.text(raw, "embed_url", item, required=False)
    for extra in ("embed_title", "embed_height"):
        if not c.embed_url and extra in raw:
            reader.error(item, extra, "inutile sans embed_url")
    if not c.embed_url:
        return
    if not EMBED_URL_RE.match(c.embed_url) or ".." in c.embed_url:
        reader.error(
            item,
            "embed_url",
            f"« {c.embed_url} » : chemin d'une page de {EMBED_ROOT} attendu "
            "(par exemple sims/messagerie/index.html?s=2), jamais une adresse extérieure",
        )
        return
    _check_file(reader, root, item, "embed_url", re.split(r"[?#]", c.embed_url)[0])
    c.embed_title = reader.text(raw, "embed_title", item)
    height = raw.get("embed_height")
    low, high = EMBED_HEIGHT_RANGE
    if height is not None:
        if isinstance(height, bool) or not isinstance(height, int) or not low <= height <= high:
            reader.error(item, "embed_height", f"hauteur en pixels entre {low} et {high} attendue")
        else:
            c.embed_height = height


def _read_follow_up(reader: _FileReader, raw: dict[str, Any], item: str, c: ChallengeData) -> None:
    """Locale, status, accessibility, treatments, IRT parameters, sources and review date."""
    c.locale = reader.text(raw, "locale", item, required=False) or "fr-fr"
    _read_review(reader, raw, item, c)
    _read_accessibility(reader, raw, item, c)
    _read_expected(reader, raw, item, c)
    deactivate = raw.get("deactivate") or []
    if not isinstance(deactivate, list) or not all(t in TREATMENTS for t in deactivate):
        reader.error(item, "deactivate", "liste parmi t1, t2, t3 attendue")
    else:
        c.t1_enabled, c.t2_enabled, c.t3_enabled = (t not in deactivate for t in TREATMENTS)
    _read_irt(reader, raw, item, c)
    sources = raw.get("sources") or []
    c.sources = [str(s) for s in sources] if isinstance(sources, list) else [str(sources)]
    review_before = raw.get("review_before")
    if review_before is not None and not isinstance(review_before, datetime.date):
        reader.error(item, "review_before", "date AAAA-MM-JJ attendue")
    c.review_before = review_before
    if c.focused and "Ne quitte pas cette page" not in c.statement:
        reader.error(item, "statement", "une épreuve focalisée dit « Ne quitte pas cette page. »")


def _read_review(reader: _FileReader, raw: dict[str, Any], item: str, c: ChallengeData) -> None:
    """New items are proposed; a validated one names its reviewer and the review date, and
    carries the explanation pupils read after an evaluation."""
    c.status = reader.text(raw, "status", item, required=False) or "proposed"
    if c.status not in STATUSES:
        reader.error(item, "status", f"statut inconnu (attendu : {', '.join(STATUSES)})")
    c.reviewed_by = reader.text(raw, "reviewed_by", item, required=c.status == "validated")
    reviewed_on = raw.get("reviewed_on")
    if reviewed_on is None:
        if c.status == "validated":
            reader.error(item, "reviewed_on", "date de relecture obligatoire pour un item validé")
    elif not isinstance(reviewed_on, datetime.date) or isinstance(reviewed_on, datetime.datetime):
        reader.error(item, "reviewed_on", "date AAAA-MM-JJ attendue")
    else:
        c.reviewed_on = reviewed_on
    c.explanation = reader.text(raw, "explanation", item, required=c.status == "validated")
    if len(c.explanation) > EXPLANATION_MAX_LENGTH:
        reader.error(
            item,
            "explanation",
            f"{len(c.explanation)} caractères (au plus {EXPLANATION_MAX_LENGTH})",
        )


def _read_accessibility(
    reader: _FileReader, raw: dict[str, Any], item: str, c: ChallengeData
) -> None:
    """Assessed, not assumed: every live item says explicitly whether it works with a screen
    reader and for a colour-blind pupil, and whether its construct needs sight."""
    accessibility = raw.get("accessibility")
    if accessibility is None:
        if c.status in LIVE_STATUSES:
            reader.error(
                item,
                "accessibility",
                "à renseigner : {screen_reader: true|false, colour_blind: true|false}",
            )
        return
    if not isinstance(accessibility, dict):
        reader.error(item, "accessibility", "objet {screen_reader, colour_blind, visual} attendu")
        return
    for unknown in sorted(set(accessibility) - {"screen_reader", "colour_blind", "visual"}):
        reader.error(item, f"accessibility.{unknown}", "champ inconnu")
    values: dict[str, bool] = {}
    for name in ("screen_reader", "colour_blind", "visual"):
        value = accessibility.get(name, False if name == "visual" else None)
        if not isinstance(value, bool):
            reader.error(item, f"accessibility.{name}", f"true ou false attendu, pas {value!r}")
            return
        values[name] = value
    if values["visual"] and values["screen_reader"]:
        reader.error(
            item, "accessibility", "un item visuel ne peut pas être utilisable au lecteur d'écran"
        )
    c.screen_reader_friendly = values["screen_reader"]
    c.colour_blind_friendly = values["colour_blind"]
    c.visual = values["visual"]


def _read_expected(reader: _FileReader, raw: dict[str, Any], item: str, c: ChallengeData) -> None:
    """Plausible pupil answers, right and wrong, that the checker must judge as declared
    (`lint_content` runs them). Each answer is a text (QROC) or a mapping input → text."""
    expected = raw.get("expected")
    if expected is None:
        if c.status == "validated" and c.type in FREE_TEXT_TYPES:
            reader.error(item, "expected", "réponses plausibles justes et fausses obligatoires")
        return
    if c.type not in FREE_TEXT_TYPES:
        reader.error(item, "expected", f"inutile pour le type {c.type}")
        return
    if not isinstance(expected, dict) or set(expected) != {"right", "wrong"}:
        reader.error(item, "expected", "objet {right: [...], wrong: [...]} attendu")
        return
    keys = {i["key"] for i in c.inputs}
    for side in ("right", "wrong"):
        answers = expected[side]
        label = f"expected.{side}"
        if not isinstance(answers, list) or len(answers) < EXPECTED_MINIMUM:
            reader.error(item, label, f"au moins {EXPECTED_MINIMUM} réponses attendues")
            continue
        cleaned = [
            _expected_answer(reader, answer, item, label, c.type, keys) for answer in answers
        ]
        if any(answer is None for answer in cleaned):
            continue
        c.expected[side] = cleaned


def _expected_answer(
    reader: _FileReader, answer: Any, item: str, label: str, ctype: str, keys: set[str]
) -> str | dict[str, str] | None:
    if ctype == "QROC":
        if isinstance(answer, bool | datetime.date) or not isinstance(answer, str | int | float):
            reader.error(item, label, f"réponse texte attendue (entre guillemets) : {answer!r}")
            return None
        return str(answer)
    if not isinstance(answer, dict) or set(map(str, answer)) != keys:
        reader.error(item, label, f"objet avec les champs {', '.join(sorted(keys))} attendu")
        return None
    if any(isinstance(v, bool | datetime.date) or v is None for v in answer.values()):
        reader.error(item, label, f"réponses texte attendues : {answer!r}")
        return None
    return {str(k): str(v) for k, v in answer.items()}


def _read_irt(reader: _FileReader, raw: dict[str, Any], item: str, c: ChallengeData) -> None:
    irt = raw.get("irt")
    if not isinstance(irt, dict):
        reader.error(item, "irt", "paramètres {discrimination, difficulty} manquants")
        return
    discrimination, difficulty = irt.get("discrimination"), irt.get("difficulty")
    if not isinstance(discrimination, int | float) or not 0.2 <= discrimination <= 3:
        reader.error(item, "irt.discrimination", "nombre entre 0,2 et 3 attendu")
    elif not isinstance(difficulty, int | float) or not -4 <= difficulty <= 4:
        reader.error(item, "irt.difficulty", "nombre entre −4 et 4 attendu")
    else:
        c.irt_discrimination, c.irt_difficulty = float(discrimination), float(difficulty)
    provisional = irt.get("provisional", False)
    if not isinstance(provisional, bool):
        reader.error(item, "irt.provisional", "true ou false attendu")
    else:
        c.irt_provisional = provisional


def _check_file(reader: _FileReader, root: Path, item: str, field_name: str, relative: str) -> None:
    if not relative:
        return
    path = (root / relative).resolve()
    if root.resolve() not in path.parents:
        reader.error(item, field_name, f"« {relative} » sort du dossier content/")
    elif not path.is_file():
        reader.error(item, field_name, f"fichier introuvable : {relative}")


def read_bank(root: Path) -> Bank:
    """Read and validate the whole bank; raise ContentInvalid listing every error."""
    bank, errors = read_bank_with_errors(root)
    if errors:
        raise ContentInvalid(errors)
    return bank


def read_bank_with_errors(root: Path) -> tuple[Bank, list[ContentError]]:
    """The bank without its invalid items, and the errors. For authors who check their own
    files while other files are being edited; loading always goes through `read_bank`."""
    errors: list[ContentError] = []
    bank = Bank()
    bank.areas, bank.competences = read_framework(root, errors)
    codes = {c.code for c in bank.competences}
    files = sorted(p for p in root.glob("*.yaml") if p.name != FRAMEWORK_FILE)
    for path in files:
        read_competence_file(root, path, codes, bank, errors)
    _check_uniqueness(bank, errors)
    return bank, errors


def _check_uniqueness(bank: Bank, errors: list[ContentError]) -> None:
    seen_tubes: dict[str, str] = {}
    for tube in bank.tubes:
        if tube.name in seen_tubes:
            errors.append(
                ContentError(
                    f"content/{tube.competence_code}.yaml",
                    f"sujet {tube.name}",
                    "name",
                    f"nom déjà utilisé dans content/{seen_tubes[tube.name]}.yaml",
                )
            )
        seen_tubes[tube.name] = tube.competence_code
    skill_competence = {s.name: seen_tubes.get(s.tube_name, "?") for s in bank.skills}
    seen_keys: set[str] = set()
    for challenge in bank.challenges:
        if challenge.key in seen_keys:
            errors.append(
                ContentError(
                    f"content/{skill_competence.get(challenge.skill_name, '?')}.yaml",
                    f"épreuve {challenge.key}",
                    "id",
                    "identifiant en double",
                )
            )
        seen_keys.add(challenge.key)


def main(argv: list[str]) -> int:
    """`python -m certinum.referential.content content/ [content/1.2.yaml …]`: validate the
    bank; with file names, report only those files' errors."""
    root = Path(argv[0] if argv else "content")
    only = {f"{root.name}/{Path(name).name}" for name in argv[1:]}
    bank, errors = read_bank_with_errors(root)
    shown = [e for e in errors if not only or e.file in only]
    for error in shown:
        print(error)
    if shown:
        print(f"\n{len(shown)} erreur(s) : rien ne serait chargé.")
        return 1
    if errors:
        print(f"Ces fichiers sont valides ({len(errors)} erreur(s) dans d'autres fichiers).")
        return 0
    print(
        f"Contenu valide : {len(bank.competences)} compétences, {len(bank.tubes)} sujets, "
        f"{len(bank.skills)} acquis, {len(bank.challenges)} épreuves."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
