"""The room test (« test technique des salles »): the sample questions shown on each
computer of a room before the day, the thresholds of its checks, and the strict reading of
the measurements the page sends back.

The page measures (JavaScript on, cookies, browser, screen, clock, round-trip time,
download speed, focus-loss detection, the sample questions) and shows a verdict at once;
the server does not trust those verdicts: it recomputes them here from the measurements,
with the same thresholds (the page receives them from `rules_for_page`), and stores its
own. Decision D36 in docs/decisions.md explains the numbers.
"""

import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certinum.centers.models import CODE_DIGITS, CODE_LETTERS
from certinum.referential.models import Challenge

# --- The sample questions ------------------------------------------------------------------

# Our own static files (certinum/static/certinum/roomtest/), not the item bank's: the
# question template prefixes an illustration or an attachment with `media_prefix`.
MEDIA_PREFIX = "certinum/"


def sample_questions() -> list[Challenge]:
    """Five questions, one per type, never saved, never scored: a picture (QCU), a timer
    (QCM), an attachment (QROC), a focused question (QROCM-ind), answers in any order
    (QROCM-dep). Built on each call: the labels follow the active language."""
    return [
        Challenge(
            key="essai-qcu",
            type=Challenge.Type.QCU,
            statement=_("Regarde l'image. Quel appareil est dessiné ?"),
            proposals=[_("Un clavier"), _("Une souris"), _("Une imprimante")],
            illustration="roomtest/appareil.svg",
            illustration_alt=_(
                "Dessin d'un petit appareil ovale avec deux boutons, une molette et un fil."
            ),
        ),
        Challenge(
            key="essai-qcm",
            type=Challenge.Type.QCM,
            statement=_(
                "Tu as 90 secondes. Parmi ces noms de fichiers, lesquels sont des images ?"
            ),
            proposals=["vacances.png", "recette.txt", "chat.jpg", "musique.mp3"],
            timer=90,
        ),
        Challenge(
            key="essai-qroc",
            type=Challenge.Type.QROC,
            statement=_(
                "Télécharge le fichier ci-dessous et ouvre-le. Quel mot est écrit dedans ?"
            ),
            inputs=[{"key": "mot", "label": _("Le mot écrit dans le fichier")}],
            attachments=["roomtest/essai.txt"],
        ),
        Challenge(
            key="essai-qrocm-ind",
            type=Challenge.Type.QROCM_IND,
            statement=_(
                "Ne quitte pas cette page. Complète les raccourcis clavier : pour copier, "
                "Ctrl + … ; pour coller, Ctrl + …"
            ),
            inputs=[
                {"key": "copier", "label": _("Copier : Ctrl +"), "options": ["C", "V", "X"]},
                {"key": "coller", "label": _("Coller : Ctrl +")},
            ],
            focused=True,
        ),
        Challenge(
            key="essai-qrocm-dep",
            type=Challenge.Type.QROCM_DEP,
            statement=_("Cite deux navigateurs web, dans l'ordre que tu veux."),
            inputs=[
                {"key": "nav1", "label": _("Premier navigateur")},
                {"key": "nav2", "label": _("Deuxième navigateur")},
            ],
        ),
    ]


def sample_after(key: str) -> int:
    """The position (0-based) of the question that follows sample `key`; 0 for an unknown
    key (the test starts again)."""
    keys = [sample.key for sample in sample_questions()]
    return keys.index(key) + 1 if key in keys else 0


# --- The checks and their thresholds -------------------------------------------------------

OK, WARNING, FAIL = "ok", "warning", "fail"

CHECK_LABELS: dict[str, Promise] = {
    "javascript": gettext_lazy("JavaScript"),
    "cookies": gettext_lazy("cookies"),
    "browser": gettext_lazy("navigateur"),
    "screen": gettext_lazy("taille de l'écran"),
    "clock": gettext_lazy("heure de l'ordinateur"),
    "latency": gettext_lazy("temps de réponse du serveur"),
    "download": gettext_lazy("débit de téléchargement"),
    "focus": gettext_lazy("détection de sortie de page"),
    "questions": gettext_lazy("questions d'exemple"),
}

# Oldest versions we support (D36): what school computers still run, and what htmx 2, our
# CSS and the focus watch need. Safari is (major, minor) like the others.
MIN_VERSIONS: dict[str, tuple[int, int]] = {
    "chrome": (109, 0),  # last Chrome on Windows 7/8.1, still in many schools
    "edge": (109, 0),
    "firefox": (115, 0),  # the ESR that schools' managed computers keep
    "safari": (15, 4),  # iPadOS/macOS of 2022, still on school iPads
}
BROWSER_FAMILIES = (*MIN_VERSIONS, "other")

MIN_WIDTH, MIN_HEIGHT = 1024, 600  # recommended window
SMALLEST_WIDTH = 375  # a phone: works, warned
MAX_CLOCK_SKEW_SECONDS = 120
LATENCY_OK_MS, LATENCY_MAX_MS = 300, 1000
DOWNLOAD_OK_MBPS, DOWNLOAD_MIN_MBPS = 2.0, 0.5
DOWNLOAD_BYTES = 500_000  # size of certinum/static/certinum/roomtest/telechargement.bin
PINGS = 5


def rules_for_page() -> str:
    """The thresholds, as JSON for the page's script: one source for both verdicts."""
    return json.dumps(
        {
            "min_versions": MIN_VERSIONS,
            "min_width": MIN_WIDTH,
            "min_height": MIN_HEIGHT,
            "smallest_width": SMALLEST_WIDTH,
            "max_clock_skew_seconds": MAX_CLOCK_SKEW_SECONDS,
            "latency_ok_ms": LATENCY_OK_MS,
            "latency_max_ms": LATENCY_MAX_MS,
            "download_ok_mbps": DOWNLOAD_OK_MBPS,
            "download_min_mbps": DOWNLOAD_MIN_MBPS,
            "download_bytes": DOWNLOAD_BYTES,
            "pings": PINGS,
        }
    )


# --- Reading the measurements strictly -----------------------------------------------------

MAX_BODY_BYTES = 2048


class RoomTestInvalid(Exception):
    """Measurements that are not what the page sends; the message is French."""


@dataclass(frozen=True)
class Field:
    kind: type | tuple[str, ...]  # bool, int, float (any number), or allowed strings
    low: float = 0
    high: float = 100_000
    nullable: bool = False


SCHEMA: dict[str, bool | dict[str, Field]] = {
    "javascript": True,
    "cookies": True,
    "browser": {
        "family": Field(BROWSER_FAMILIES),
        "major": Field(int, 0, 10_000),
        "minor": Field(int, 0, 10_000),
        "features": Field(bool),
    },
    "screen": {
        "width": Field(int),
        "height": Field(int),
        "screen_width": Field(int),
        "screen_height": Field(int),
    },
    "clock": {"skew_seconds": Field(float, -1e10, 1e10, nullable=True)},
    "latency": {"median_ms": Field(float, 0, 600_000, nullable=True)},
    "download": {"mbps": Field(float, 0, 1e6, nullable=True)},
    "focus": {"detected": Field(bool)},
    "questions": {"completed": Field(bool)},
}


def parse_measurements(body: bytes) -> dict[str, Any]:
    """The measurements in `body` (JSON), exactly in the shape of SCHEMA: no key missing,
    none added, every value of its type and range. Raise RoomTestInvalid otherwise."""
    if len(body) > MAX_BODY_BYTES:
        raise RoomTestInvalid(_("Les résultats envoyés sont trop volumineux."))
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RoomTestInvalid(_("Les résultats envoyés ne sont pas du JSON valide.")) from None
    _same_keys(data, SCHEMA, "")
    for name, shape in SCHEMA.items():
        if isinstance(shape, dict):
            _same_keys(data[name], shape, name)
            for key, field in shape.items():
                _check_value(data[name][key], field, f"{name}.{key}")
        else:
            _check_value(data[name], Field(bool), name)
    return dict(data)


def _same_keys(value: Any, shape: dict[str, Any], where: str) -> None:
    if not isinstance(value, dict):
        raise RoomTestInvalid(
            _("« %(where)s » doit être un objet JSON.") % {"where": where or "résultats"}
        )
    unknown = sorted(set(value) - set(shape))
    missing = sorted(set(shape) - set(value))
    if unknown:
        raise RoomTestInvalid(_("Clé inconnue : « %(key)s ».") % {"key": unknown[0]})
    if missing:
        prefix = f"{where}." if where else ""
        raise RoomTestInvalid(_("Clé manquante : « %(key)s ».") % {"key": prefix + missing[0]})


def _check_value(value: Any, field: Field, where: str) -> None:
    if value is None and field.nullable:
        return
    if isinstance(field.kind, tuple):
        if value not in field.kind:
            raise RoomTestInvalid(_("Valeur non reconnue pour « %(where)s ».") % {"where": where})
        return
    is_bool = isinstance(value, bool)
    if field.kind is bool:
        valid = is_bool
    elif field.kind is int:
        valid = isinstance(value, int) and not is_bool
    else:
        valid = isinstance(value, int | float) and not is_bool
    if not valid:
        raise RoomTestInvalid(_("Type incorrect pour « %(where)s ».") % {"where": where})
    if not is_bool and not field.low <= value <= field.high:
        raise RoomTestInvalid(_("Valeur hors limites pour « %(where)s ».") % {"where": where})


# --- The verdicts ----------------------------------------------------------------------------


def verdicts_of(m: dict[str, Any]) -> dict[str, str]:
    """Check name → ok / warning / fail, from measurements read by `parse_measurements`."""
    return {
        "javascript": OK if m["javascript"] else FAIL,
        "cookies": OK if m["cookies"] else FAIL,
        "browser": _browser_verdict(m["browser"]),
        "screen": _screen_verdict(m["screen"]),
        "clock": _clock_verdict(m["clock"]["skew_seconds"]),
        "latency": _graded(m["latency"]["median_ms"], LATENCY_OK_MS, LATENCY_MAX_MS),
        "download": _graded_up(m["download"]["mbps"], DOWNLOAD_OK_MBPS, DOWNLOAD_MIN_MBPS),
        "focus": OK if m["focus"]["detected"] else FAIL,
        # The sample questions show what pupils will see; not done is worth a look only.
        "questions": OK if m["questions"]["completed"] else WARNING,
    }


def passed(verdicts: dict[str, str]) -> bool:
    """Ready for the day: no check failed (warnings are fine)."""
    return FAIL not in verdicts.values()


def _browser_verdict(browser: dict[str, Any]) -> str:
    if not browser["features"]:
        return FAIL
    minimum = MIN_VERSIONS.get(browser["family"])
    if minimum is None:
        return WARNING
    return OK if (browser["major"], browser["minor"]) >= minimum else FAIL


def _screen_verdict(screen: dict[str, Any]) -> str:
    if screen["width"] >= MIN_WIDTH and screen["height"] >= MIN_HEIGHT:
        return OK
    return WARNING if screen["width"] >= SMALLEST_WIDTH else FAIL


def _clock_verdict(skew: float | None) -> str:
    if skew is None:
        return FAIL
    return OK if abs(skew) <= MAX_CLOCK_SKEW_SECONDS else WARNING


def _graded(value: float | None, ok: float, limit: float) -> str:
    """Lower is better: ok up to `ok`, warning up to `limit`, else (or unmeasured) fail."""
    if value is None or value > limit:
        return FAIL
    return OK if value <= ok else WARNING


def _graded_up(value: float | None, ok: float, limit: float) -> str:
    """Higher is better: ok from `ok`, warning from `limit`, else (or unmeasured) fail."""
    if value is None or value < limit:
        return FAIL
    return OK if value >= ok else WARNING


# --- The computer's code ---------------------------------------------------------------------

CODE_ALPHABET = CODE_LETTERS + CODE_DIGITS  # no vowel, no 0/O, 1/I/L, 5/S
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What a technician typed, as stored: upper case, without spaces or hyphens."""
    return "".join(char for char in text.upper() if char not in " -\t")


# --- What the page says, per check and status (for a school technician) ---------------------


def _versions_text() -> str:
    def shown(version: tuple[int, int]) -> str:
        return f"{version[0]}.{version[1]}" if version[1] else str(version[0])

    return _("Chrome ou Edge %(chrome)s, Firefox %(firefox)s, Safari %(safari)s") % {
        "chrome": shown(MIN_VERSIONS["chrome"]),
        "firefox": shown(MIN_VERSIONS["firefox"]),
        "safari": shown(MIN_VERSIONS["safari"]),
    }


def _messages() -> dict[str, dict[str, str]]:
    """Check name → message key → text. « pending » is shown until the check has run; the
    other keys are the verdicts (the screen has two kinds of warning)."""
    checking = _("Vérification en cours…")
    return {**_device_messages(checking), **_network_messages(checking), **_manual_messages()}


def _device_messages(checking: str) -> dict[str, dict[str, str]]:
    return {
        "javascript": {"pending": checking},
        "cookies": {
            "pending": checking,
            "fail": _(
                "Les cookies sont bloqués : autorisez-les pour ce site dans les réglages du "
                "navigateur, sinon les élèves ne pourront pas se connecter."
            ),
        },
        "browser": {
            "pending": checking,
            "warning": _(
                "Navigateur non reconnu : la certification est testée sur Chrome, Edge, Firefox "
                "et Safari récents. Utilisez plutôt l'un d'eux."
            ),
            "fail": _("Navigateur trop ancien : mettez-le à jour (au moins %(versions)s).")
            % {"versions": _versions_text()},
        },
        "screen": {
            "pending": checking,
            "warning-window": _(
                "La fenêtre est petite : agrandissez-la (plein écran) pour la certification."
            ),
            "warning": _(
                "Petit écran : la certification fonctionne, mais un écran d'au moins "
                "%(width)s × %(height)s pixels est plus confortable."
            )
            % {"width": MIN_WIDTH, "height": MIN_HEIGHT},
            "fail": _("Écran trop étroit (moins de %(width)s pixels) : utilisez un autre poste.")
            % {"width": SMALLEST_WIDTH},
        },
    }


def _network_messages(checking: str) -> dict[str, dict[str, str]]:
    return {
        "clock": {
            "pending": checking,
            "warning": _(
                "L'heure de l'ordinateur est décalée de plus de %(minutes)s minutes : réglez la "
                "date et l'heure (réglage automatique de préférence)."
            )
            % {"minutes": MAX_CLOCK_SKEW_SECONDS // 60},
            "fail": _("Impossible de lire l'heure du serveur : vérifiez la connexion."),
        },
        "latency": {
            "pending": checking,
            "warning": _(
                "Le serveur répond lentement : vérifiez la connexion (Wi-Fi, proxy, filtrage) "
                "ou refaites le test à un autre moment."
            ),
            "fail": _(
                "Le serveur ne répond pas ou trop lentement : vérifiez la connexion à Internet "
                "et le filtrage du réseau de l'établissement."
            ),
        },
        "download": {
            "pending": checking,
            "warning": _(
                "Débit faible : les images des questions peuvent s'afficher lentement. Évitez "
                "les autres téléchargements pendant la session."
            ),
            "fail": _(
                "Débit trop faible ou téléchargement bloqué : vérifiez la connexion, le proxy ou "
                "le filtrage."
            ),
        },
    }


def _manual_messages() -> dict[str, dict[str, str]]:
    return {
        "focus": {
            "pending": _(
                "À faire : cliquez sur « Vérifier la détection », puis en dehors de la fenêtre "
                "du navigateur (sur le bureau ou la barre des tâches), puis revenez ici."
            ),
            "waiting": _(
                "Cliquez maintenant en dehors de la fenêtre du navigateur, puis revenez sur "
                "cette page."
            ),
            "fail": _(
                "Sortie de page non détectée : refaites la vérification. Si elle échoue encore, "
                "essayez un autre navigateur."
            ),
        },
        "questions": {
            "pending": _("À faire : répondez aux questions d'exemple ci-dessus."),
            "warning": _("Questions d'exemple non faites : faites-les pour voir l'affichage."),
        },
    }


def checks_for_page() -> list[dict[str, Any]]:
    """Each check with its label and messages, in the page's order."""
    messages = _messages()
    # Before the measure shown beside the verdict, where a bare number would be unclear.
    prefixes = {"clock": _("écart avec le serveur :"), "download": _("mesuré :")}
    return [
        {
            "name": name,
            "label": label,
            "messages": messages[name],
            "measure_prefix": prefixes.get(name, ""),
        }
        for name, label in CHECK_LABELS.items()
    ]
