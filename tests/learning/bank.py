"""A small item bank for the learner-space tests: competence 1.2, two tubes."""

import datetime

MINI_BANK = {
    "competence": "1.2",
    "tubes": [
        {
            "name": "rangement",
            "title": "Ranger ses fichiers",
            "skills": [
                {"level": 1, "description": "Enregistrer dans le dossier indiqué."},
                {"level": 2, "description": "Lire un chemin."},
                {"level": 3, "description": "Choisir plusieurs bons réflexes."},
            ],
        },
        {
            "name": "formats",
            "title": "Reconnaître un format",
            "skills": [
                {"level": 1, "description": "Reconnaître une image."},
                {"level": 2, "description": "Associer extension et logiciel."},
            ],
        },
    ],
    "challenges": [
        {
            "id": "rangement-1-a",
            "skill": "@rangement1",
            "type": "QCU",
            "statement": "Où enregistrer ton exposé d'histoire ?",
            "proposals": ["Dans le dossier Histoire", "Dans la corbeille", "Sur une clé prêtée"],
            "solution": 1,
            "irt": {"discrimination": 1.0, "difficulty": -2.0},
        },
        {
            "id": "rangement-2-a",
            "skill": "@rangement2",
            "type": "QROC",
            "statement": "Chemin : `Documents/College/Geographie/carte.odg`. Quel dossier contient "
            "directement le fichier ?",
            "input_label": "Nom du dossier",
            "solution": ["Geographie"],
            "irt": {"discrimination": 1.0, "difficulty": -1.2},
        },
        {
            "id": "rangement-3-a",
            "skill": "@rangement3",
            "type": "QCM",
            "statement": "Quels noms de fichier sont clairs ? Plusieurs réponses sont possibles.",
            "proposals": ["expose-volcans.odt", "truc.odt", "sans titre.odt", "carte-europe.png"],
            "solution": [1, 4],
            "irt": {"discrimination": 1.0, "difficulty": -0.4},
        },
        {
            "id": "formats-1-a",
            "skill": "@formats1",
            "type": "QCU",
            "timer": 30,
            "statement": "Quel fichier est une image ?",
            "proposals": ["plage.png", "notes.ods", "lettre.odt"],
            "solution": 1,
            "irt": {"discrimination": 1.0, "difficulty": -2.0},
        },
        {
            "id": "formats-1-b",
            "skill": "@formats1",
            "type": "QROCM-dep",
            "statement": "Cite deux extensions de fichiers image.",
            "inputs": [
                {"key": "p1", "label": "Première extension"},
                {"key": "p2", "label": "Deuxième extension"},
            ],
            "solution": {"png": ["png", ".png"], "jpeg": ["jpg", "jpeg", ".jpg"]},
            "irt": {"discrimination": 1.0, "difficulty": -2.1},
        },
        {
            "id": "formats-2-a",
            "skill": "@formats2",
            "type": "QROCM-ind",
            "focused": True,
            "statement": "Ne quitte pas cette page. Associe chaque fichier à son type.",
            "inputs": [
                {
                    "key": "tableur",
                    "label": "Fichier de tableur",
                    "options": ["notes.ods", "plage.png"],
                },
                {"key": "dossier", "label": "Dossier du fichier `a/b/c.txt`"},
            ],
            "solution": {"tableur": ["notes.ods"], "dossier": ["b"]},
            "deactivate": ["t3"],
            "irt": {"discrimination": 1.0, "difficulty": -1.1},
        },
    ],
}


EXPECTED = {
    "rangement-2-a": {
        "right": ["Geographie", "géographie", "Géographie "],
        "wrong": ["College", "carte.odg", "Documents"],
    },
    "formats-1-b": {
        "right": [
            {"p1": "png", "p2": "jpg"},
            {"p1": "JPEG", "p2": ".png"},
            {"p1": "jpg", "p2": "PNG"},
        ],
        "wrong": [
            {"p1": "png", "p2": "png"},
            {"p1": "gif", "p2": "png"},
            {"p1": "odt", "p2": "doc"},
        ],
    },
    "formats-2-a": {
        "right": [
            {"tableur": "notes.ods", "dossier": "b"},
            {"tableur": "notes.ods", "dossier": "B"},
            {"tableur": "notes.ods", "dossier": " b "},
        ],
        "wrong": [
            {"tableur": "plage.png", "dossier": "b"},
            {"tableur": "notes.ods", "dossier": "a"},
            {"tableur": "notes.ods", "dossier": "c"},
        ],
    },
}


def _reviewed(challenge: dict) -> dict:
    """Every mini-bank item is validated, assessed accessible, explained, and (free text)
    carries plausible answers: the fields the loader requires of a validated item."""
    challenge.setdefault("status", "validated")
    challenge.setdefault("reviewed_by", "relecteur-tests")
    challenge.setdefault("reviewed_on", datetime.date(2026, 12, 2))
    challenge.setdefault("accessibility", {"screen_reader": True, "colour_blind": True})
    challenge.setdefault("explanation", "Explication de test.")
    if challenge["id"] in EXPECTED:
        challenge.setdefault("expected", EXPECTED[challenge["id"]])
    if "timer" in challenge:
        challenge.setdefault("timer_reason", "La rapidité fait partie de la compétence.")
    return challenge


for _challenge in MINI_BANK["challenges"]:
    _reviewed(_challenge)
