"""The candidate spreadsheet (spec 03 §4): the ODS template a center downloads, prefilled
with the session's candidates, and reading it back — ODS, XLSX or CSV through the
organization's reader (`certinum.orga.spreadsheets`), the header row found by its labels
(current template and older ones), every row validated by `validate_candidate`, all or
nothing, with a French report of line, column and reason."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certinum.accounts.identity import normalize_name
from certinum.centers.candidates import identity_key, validate_candidate
from certinum.centers.models import Candidate, Session
from certinum.orga import spreadsheets
from certinum.orga.models import OrganizationType

MAX_CANDIDATES = 500  # per session: a school's largest day is a few classes
HEADER_SEARCH_ROWS = 10  # the header may follow a title or instructions

# Candidate field → its column label in our template (a star marks a mandatory column).
TEMPLATE_COLUMNS = [
    ("last_name", "* Nom de naissance"),
    ("first_name", "* Prénom"),
    ("sex", "* Sexe (M ou F)"),
    ("birthdate", "* Date de naissance (format : jj/mm/aaaa)"),
    ("birth_country", "Pays"),
    ("birth_insee_code", "Code Insee"),
    ("birth_postal_code", "Code postal"),
    ("birth_city", "Nom de la commune"),
    ("external_id", "Identifiant local"),
    ("extra_time_percentage", "Temps majoré ?"),
    ("email", "E-mail de convocation"),
    ("result_recipient_email", "E-mail du destinataire des résultats (formateur, enseignant…)"),
]
BILLING_COLUMNS = [("billing_mode", "Tarification"), ("prepayment_code", "Code de prépaiement")]
# What an import writes on a candidate (the values `validate_candidate` returns).
CANDIDATE_FIELDS = (
    "last_name",
    "first_name",
    "sex",
    "birthdate",
    "birth_country",
    "birth_country_code",
    "birth_insee_code",
    "birth_postal_code",
    "birth_city",
    "email",
    "result_recipient_email",
    "external_id",
    "extra_time_percentage",
    "billing_mode",
    "prepayment_code",
)

# Labels of older templates (spec 03 §4.1) and of the reference system, read as well.
OLDER_LABELS = {
    "NOM": "last_name",
    "Date de naissance": "birthdate",
    "Lieu de naissance": "birth_city",
    "Commune de naissance": "birth_city",
    "Pays de naissance": "birth_country",
    "Sexe": "sex",
    "Tarification part Pix": "billing_mode",
    "E-mail du destinataire des résultats": "result_recipient_email",
    "Temps majoré": "extra_time_percentage",
}


def _key(label: str) -> str:
    """Labels compared without stars, accents, case, spaces and punctuation."""
    return normalize_name(label.split("(")[0] if "(format" in label else label)


LABELS: dict[str, str] = {
    _key(label): field for field, label in TEMPLATE_COLUMNS + BILLING_COLUMNS
} | {_key(label): field for label, field in OLDER_LABELS.items()}
REQUIRED = ("last_name", "first_name", "birthdate")


def columns_for(session: Session) -> list[tuple[str, str]]:
    billing = session.center.type != OrganizationType.SCO
    return TEMPLATE_COLUMNS + (BILLING_COLUMNS if billing else [])


def template_bytes(session: Session) -> bytes:
    """The ODS template, prefilled with the session's current candidates."""
    columns = columns_for(session)
    rows = [
        [_template_value(candidate, field) for field, _label in columns]
        for candidate in session.candidates.all()
    ]
    return spreadsheets.ods_bytes(
        [label for _field, label in columns], rows, sheet_name=_("Candidats")
    )


def _template_value(candidate: Candidate, field: str) -> object:
    value = getattr(candidate, field)
    if (
        field == "birth_city"
        and candidate.birth_country_code == "FR"
        and not candidate.birth_postal_code
    ):
        return ""  # the INSEE code says it; both would be refused
    if field == "birth_insee_code" and candidate.birth_postal_code:
        return ""
    if field == "billing_mode" and value:
        return candidate.get_billing_mode_display()
    return "" if value is None else value


@dataclass(frozen=True)
class LineError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(Exception):
    """The file cannot be imported; `errors` lists every line problem (or one file-level
    message). Nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _find_header(table: list[list[str]]) -> tuple[int, dict[int, str]]:
    """(index of the header row, column index → field); ImportRefused when none fits."""
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        mapping = {i: LABELS[_key(cell)] for i, cell in enumerate(row) if _key(cell) in LABELS}
        if set(REQUIRED) <= set(mapping.values()):
            return index, mapping
    raise ImportRefused(
        [
            _(
                "Cette version du document est inconnue : la ligne d'en-tête doit contenir au "
                "moins « Nom de naissance », « Prénom » et « Date de naissance ». Téléchargez "
                "le modèle de la session."
            )
        ]
    )


def read_candidates(session: Session, data: bytes, filename: str) -> list[dict[str, Any]]:
    """Validated rows (JSON-ready values, with their line numbers) or ImportRefused."""
    try:
        table = spreadsheets.read_table(data, filename)
    except spreadsheets.SpreadsheetError as exc:
        raise ImportRefused([str(exc)]) from None
    header_index, mapping = _find_header(table)
    body = [
        (header_index + 2 + offset, row)
        for offset, row in enumerate(table[header_index + 1 :])
        if any(cell.strip() for cell in row)
    ]
    if len(body) > MAX_CANDIDATES:
        raise ImportRefused(
            [
                _("Le fichier compte %(count)s candidats : %(max)s au plus par session.")
                % {"count": len(body), "max": MAX_CANDIDATES}
            ]
        )
    if not body:
        raise ImportRefused([_("Le fichier ne contient aucun candidat.")])
    return _validated_rows(session, body, mapping)


def _validated_rows(
    session: Session, body: list[tuple[int, list[str]]], mapping: dict[int, str]
) -> list[dict[str, Any]]:
    labels = dict(columns_for(session) + BILLING_COLUMNS)
    from_list = {
        identity_key(c.first_name, c.last_name, c.birthdate): c.pupil_id
        for c in session.candidates.exclude(pupil=None)
    }
    errors: list[LineError] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, cells in body:
        raw = {field: cells[i] if i < len(cells) else "" for i, field in mapping.items()}
        values, problems = _validate_row(session, raw, from_list)
        errors.extend(LineError(line, labels.get(p.field, p.field), p.message) for p in problems)
        if values is None:
            continue
        key = identity_key(values["first_name"], values["last_name"], values["birthdate"])
        if key in seen:
            errors.append(
                LineError(
                    line,
                    labels["last_name"],
                    _("même candidat que ligne %(line)s") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = line
        rows.append(_json_ready(values, line, from_list.get(key)))
    if errors:
        raise ImportRefused([str(error) for error in errors])
    return rows


def _validate_row(
    session: Session, raw: dict[str, str], from_list: dict[tuple[str, ...], int | None]
) -> tuple[dict[str, Any] | None, list[Any]]:
    values, problems = validate_candidate(raw, center_type=session.center.type)
    if values is None and "birthdate" in raw:
        # A pupil enrolled from the school's list may keep an empty sex and birthplace.
        lenient, _problems = validate_candidate(
            raw, center_type=session.center.type, from_school_list=True
        )
        if lenient is not None:
            key = identity_key(lenient["first_name"], lenient["last_name"], lenient["birthdate"])
            if key in from_list:
                return lenient, []
    return values, problems


def _json_ready(values: dict[str, Any], line: int, pupil_id: int | None) -> dict[str, Any]:
    return {
        **values,
        "birthdate": values["birthdate"].isoformat(),
        "line": line,
        "pupil_id": pupil_id,
    }


def row_values(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row back to Candidate field values."""
    values = {k: v for k, v in row.items() if k in CANDIDATE_FIELDS}
    values["birthdate"] = datetime.date.fromisoformat(row["birthdate"])
    return values


def summary(count: int) -> str:
    return ngettext("%(count)s candidat", "%(count)s candidats", count) % {"count": count}


# --- Sessions in bulk ---------------------------------------------------------------------

SESSION_COLUMNS = [
    ("date", "* Date (jj/mm/aaaa)"),
    ("time", "* Heure de début (hh:mm)"),
    ("duration_minutes", "Durée prévue (minutes)"),
    ("address", "* Adresse"),
    ("room", "* Salle"),
    ("examiners", "* Surveillant(s)"),
    ("invigilator_count", "Nombre de surveillants"),
    ("description", "Observations"),
]
SESSION_LABELS = {_key(label): field for field, label in SESSION_COLUMNS}
MAX_SESSIONS = 100


def sessions_template_bytes() -> bytes:
    """The CSV model of the bulk creation: `;`, UTF-8 with BOM, one example line."""
    example = [
        "15/01/2027",
        "09:00",
        "105",
        "1 rue de l'École",
        "Salle 12",
        "Nadia Haddad",
        "1",
        "",
    ]
    return spreadsheets.csv_bytes([label for _field, label in SESSION_COLUMNS], [example])


def read_sessions(data: bytes, filename: str) -> list[dict[str, Any]]:
    """Every row checked by the session form; ImportRefused lists every problem."""
    from certinum.centers.forms import SessionForm  # forms import models; no cycle at load

    try:
        table = spreadsheets.read_table(data, filename)
    except spreadsheets.SpreadsheetError as exc:
        raise ImportRefused([str(exc)]) from None
    header = {
        i: SESSION_LABELS[_key(c)]
        for i, c in enumerate(table[0] if table else [])
        if _key(c) in SESSION_LABELS
    }
    if not {"date", "time", "address", "room", "examiners"} <= set(header.values()):
        raise ImportRefused(
            [
                _(
                    "La première ligne doit reprendre les colonnes du modèle (Date, Heure de "
                    "début, Adresse, Salle, Surveillant(s)…). Téléchargez le modèle."
                )
            ]
        )
    body = [(n + 2, row) for n, row in enumerate(table[1:]) if any(c.strip() for c in row)]
    if not body or len(body) > MAX_SESSIONS:
        raise ImportRefused(
            [_("Le fichier doit contenir entre 1 et %(max)s sessions.") % {"max": MAX_SESSIONS}]
        )
    labels = dict(SESSION_COLUMNS)
    sessions, errors = [], []
    for line, cells in body:
        raw = {field: cells[i] if i < len(cells) else "" for i, field in header.items()}
        raw = {
            "duration_minutes": "105",
            "invigilator_count": "1",
            **{k: v for k, v in raw.items() if v},
        }
        if "date" in raw:
            parsed = _parse_day(raw["date"])
            raw["date"] = parsed.isoformat() if parsed else raw["date"]
        form = SessionForm(raw)
        if form.is_valid():
            sessions.append(form.cleaned_data)
            continue
        for field, messages in form.errors.items():
            for message in messages:
                errors.append(str(LineError(line, labels.get(field, field), str(message))))
    if errors:
        raise ImportRefused(errors)
    return sessions


def _parse_day(text: str) -> datetime.date | None:
    for date_format in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), date_format).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None
