"""Validating one candidate, from the form or from a spreadsheet row (spec 03 §3, §4.3–4.4).

`validate_candidate` takes the values as typed (strings, or dates and numbers read from a
spreadsheet) and returns either the model field values or the errors, each with the
reference system's error code, the field and a French message. The form and the import
both call it, so a rule holds the same everywhere."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from certinum.accounts.identity import normalize_name
from certinum.centers.birthplaces import FOREIGN_INSEE_CODE, FRANCE, referential
from certinum.centers.models import BillingMode, Sex
from certinum.orga.models import OrganizationType

EARLIEST_BIRTHDATE = datetime.date(1900, 1, 1)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
NAME_MAX_LENGTH = 120


@dataclass(frozen=True)
class CandidateError:
    code: str  # spec 03 §4.4, e.g. CANDIDATE_BIRTH_COUNTRY_NOT_FOUND
    field: str  # the Candidate field the error is about
    message: str

    def __str__(self) -> str:
        return self.message


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class _Validation:
    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.errors: list[CandidateError] = []
        self.values: dict[str, Any] = {}

    def error(self, code: str, field: str, message: str) -> None:
        self.errors.append(CandidateError(code, field, message))


BIRTHPLACE_FIELDS = ("birth_country", "birth_insee_code", "birth_postal_code", "birth_city")


def validate_candidate(
    raw: Mapping[str, Any], *, center_type: str, from_school_list: bool = False
) -> tuple[dict[str, Any] | None, list[CandidateError]]:
    """(values for the Candidate model, []) or (None, errors).

    `from_school_list`: a pupil enrolled from the linked school's list, whose sex and
    birthplace the list does not carry: they may stay empty, but are checked when given."""
    check = _Validation(raw)
    _names(check)
    if from_school_list and not _text(raw, "sex"):
        check.values["sex"] = ""
    else:
        _sex(check)
    _birthdate(check)
    if from_school_list and not any(_text(raw, field) for field in BIRTHPLACE_FIELDS):
        check.values.update(dict.fromkeys((*BIRTHPLACE_FIELDS, "birth_country_code"), ""))
    else:
        _birthplace(check)
    _emails(check)
    _extra_time(check)
    _billing(check, center_type)
    check.values["external_id"] = _text(raw, "external_id")[:60]
    if check.errors:
        return None, check.errors
    return check.values, []


def _names(check: _Validation) -> None:
    for field, code, message in (
        ("last_name", "CANDIDATE_LAST_NAME_REQUIRED", _("Le nom de naissance est obligatoire.")),
        ("first_name", "CANDIDATE_FIRST_NAME_REQUIRED", _("Le prénom est obligatoire.")),
    ):
        value = _text(check.raw, field)
        if not normalize_name(value):
            check.error(code, field, message)
        elif len(value) > NAME_MAX_LENGTH:
            check.error(
                code,
                field,
                _("Ce nom est trop long (%(max)s caractères au plus).") % {"max": NAME_MAX_LENGTH},
            )
        check.values[field] = value


def _sex(check: _Validation) -> None:
    value = _text(check.raw, "sex").upper()
    if not value:
        check.error("CANDIDATE_SEX_REQUIRED", "sex", _("Le sexe est obligatoire (M ou F)."))
    elif value not in Sex.values:
        check.error("CANDIDATE_SEX_NOT_VALID", "sex", _("Le sexe doit être M ou F."))
    check.values["sex"] = value


def _birthdate(check: _Validation) -> None:
    value = check.raw.get("birthdate")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        text = _text(check.raw, "birthdate")
        if not text:
            check.error(
                "CANDIDATE_BIRTHDATE_REQUIRED",
                "birthdate",
                _("La date de naissance est obligatoire."),
            )
            return
        value = _parse_date(text)
        if value is None:
            check.error(
                "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID",
                "birthdate",
                _("La date de naissance « %(value)s » doit être au format jj/mm/aaaa.")
                % {"value": text[:20]},
            )
            return
    if not EARLIEST_BIRTHDATE < value < timezone.localdate():
        check.error(
            "CANDIDATE_BIRTHDATE_MUST_BE_GREATER",
            "birthdate",
            _("La date de naissance doit être postérieure au 01/01/1900 et passée."),
        )
    check.values["birthdate"] = value


def _parse_date(text: str) -> datetime.date | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    return None


def _padded(code: str) -> str:
    """Spec 03 §4.2: a code of 4 characters lost its leading zero in a spreadsheet."""
    return code.zfill(5) if code and len(code) < 5 and code != FOREIGN_INSEE_CODE else code


def _birthplace(check: _Validation) -> None:
    country_name = _text(check.raw, "birth_country")
    insee = _padded(_text(check.raw, "birth_insee_code").upper())
    postal = _padded(_text(check.raw, "birth_postal_code"))
    city = _text(check.raw, "birth_city")
    if not country_name:
        check.error(
            "CANDIDATE_BIRTH_COUNTRY_REQUIRED", "birth_country", _("Le champ pays est obligatoire.")
        )
        return
    country = referential().country(country_name)
    if country is None:
        check.error(
            "CANDIDATE_BIRTH_COUNTRY_NOT_FOUND",
            "birth_country",
            _("Le pays « %(value)s » n'a pas été trouvé.") % {"value": country_name[:60]},
        )
        return
    check.values.update(birth_country=country.name, birth_country_code=country.code)
    if country.code == FRANCE:
        _french_birthplace(check, insee, postal, city)
    else:
        _foreign_birthplace(check, insee, postal, city)


def _foreign_birthplace(check: _Validation, insee: str, postal: str, city: str) -> None:
    if not city:
        check.error(
            "CANDIDATE_BIRTH_CITY_REQUIRED", "birth_city", _("Le champ ville est obligatoire.")
        )
    if postal:
        check.error(
            "CANDIDATE_POSTAL_CODE_ON_FOREIGN_COUNTRY_MUST_BE_EMPTY",
            "birth_postal_code",
            _("Le champ code postal ne doit pas être renseigné pour un pays étranger."),
        )
    if insee and insee != FOREIGN_INSEE_CODE:
        check.error(
            "CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID",
            "birth_insee_code",
            _("La valeur du code INSEE doit être « 99 » pour un pays étranger."),
        )
    check.values.update(birth_insee_code=FOREIGN_INSEE_CODE, birth_postal_code="", birth_city=city)


def _french_birthplace(check: _Validation, insee: str, postal: str, city: str) -> None:
    places = referential()
    if insee and postal:
        check.error(
            "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_EXCLUSIVE",
            "birth_postal_code",
            _("Indiquez soit le code INSEE, soit le code postal de la commune, pas les deux."),
        )
    elif insee:
        if city:
            check.error(
                "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_EXCLUSIVE",
                "birth_city",
                _(
                    "Le champ commune de naissance ne doit pas être renseigné lorsqu'un code "
                    "INSEE est renseigné."
                ),
            )
        name = places.commune_name(insee)
        if name is None:
            check.error(
                "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID",
                "birth_insee_code",
                _("Le code INSEE « %(value)s » n'est pas valide.") % {"value": insee[:10]},
            )
        check.values.update(birth_insee_code=insee, birth_postal_code="", birth_city=name or "")
    elif postal:
        _french_postal_code(check, postal, city)
    elif city:
        check.error(
            "CANDIDATE_BIRTH_POSTAL_CODE_REQUIRED",
            "birth_postal_code",
            _("Indiquez le code postal de la commune de naissance."),
        )
    else:
        check.error(
            "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_REQUIRED",
            "birth_insee_code",
            _("Indiquez le code INSEE ou le code postal et la commune de naissance."),
        )


def _french_postal_code(check: _Validation, postal: str, city: str) -> None:
    places = referential()
    if not city:
        check.error(
            "CANDIDATE_BIRTH_CITY_REQUIRED", "birth_city", _("Le champ ville est obligatoire.")
        )
        return
    if not places.communes_of_postal_code(postal):
        check.error(
            "CANDIDATE_BIRTH_POSTAL_CODE_NOT_FOUND",
            "birth_postal_code",
            _("Le code postal « %(value)s » n'est pas valide.") % {"value": postal[:10]},
        )
        return
    insee = places.commune_for(postal, city)
    if insee is None:
        check.error(
            "CANDIDATE_BIRTH_POSTAL_CODE_CITY_NOT_VALID",
            "birth_city",
            _("Le code postal « %(postal)s » ne correspond pas à la ville « %(city)s ».")
            % {"postal": postal[:10], "city": city[:60]},
        )
        return
    check.values.update(
        birth_insee_code=insee, birth_postal_code=postal, birth_city=places.communes[insee]
    )


def _emails(check: _Validation) -> None:
    for field, code, message in (
        ("email", "CANDIDATE_EMAIL_NOT_VALID", _("L'e-mail de convocation n'est pas valide.")),
        (
            "result_recipient_email",
            "CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID",
            _("L'e-mail du destinataire des résultats n'est pas valide."),
        ),
    ):
        value = _text(check.raw, field)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                check.error(code, field, message)
        check.values[field] = value


def _extra_time(check: _Validation) -> None:
    raw = check.raw.get("extra_time_percentage")
    text = _text(check.raw, "extra_time_percentage").rstrip("%").strip()
    if not text or text == "0":
        check.values["extra_time_percentage"] = None
        return
    if isinstance(raw, float) and 0 < raw < 1:  # a spreadsheet cell formatted as a percentage
        text = str(round(raw * 100))
    if not re.fullmatch(r"\d+", text):
        check.error(
            "CANDIDATE_EXTRA_TIME_INTEGER",
            "extra_time_percentage",
            _("Le temps majoré doit être un nombre entier."),
        )
        return
    value = int(text)
    if not 1 <= value <= 100:
        check.error(
            "CANDIDATE_EXTRA_TIME_BELOW_ONE",
            "extra_time_percentage",
            _("Le temps majoré doit être un pourcentage entre 1 et 100."),
        )
        return
    check.values["extra_time_percentage"] = value


_BILLING_LABELS = {normalize_name(str(label)): code for code, label in BillingMode.choices} | {
    code: code for code in BillingMode.values
}


def _billing(check: _Validation, center_type: str) -> None:
    raw = check.raw.get("billing_mode")
    mode_text = _text(check.raw, "billing_mode")
    prepayment = _text(check.raw, "prepayment_code")
    check.values.update(billing_mode="", prepayment_code="")
    if center_type == OrganizationType.SCO:
        if mode_text:
            check.error(
                "CANDIDATE_BILLING_MODE_MUST_BE_EMPTY",
                "billing_mode",
                _("La tarification ne se renseigne pas pour un centre scolaire."),
            )
        if prepayment:
            check.error(
                "CANDIDATE_PREPAYMENT_CODE_MUST_BE_EMPTY",
                "prepayment_code",
                _("Le code de prépaiement ne se renseigne pas pour un centre scolaire."),
            )
        return
    # A number where a label is expected (a spreadsheet cell holds 1, 2 or 3 instead of
    # « Payante »): the cell's type is lost when the file is read, its digits are not.
    if (isinstance(raw, int | float) and not isinstance(raw, bool)) or re.fullmatch(
        r"\d+([.,]\d+)?", mode_text
    ):
        check.error(
            "CANDIDATE_BILLING_MODE_MUST_BE_A_STRING",
            "billing_mode",
            _("La tarification doit être un texte : Gratuite, Payante ou Prépayée."),
        )
        return
    if not mode_text:
        check.error(
            "CANDIDATE_BILLING_MODE_REQUIRED",
            "billing_mode",
            _("La tarification est obligatoire : Gratuite, Payante ou Prépayée."),
        )
        return
    mode = _BILLING_LABELS.get(normalize_name(mode_text))
    if mode is None:
        check.error(
            "CANDIDATE_BILLING_MODE_NOT_VALID",
            "billing_mode",
            _("La tarification « %(value)s » n'existe pas : Gratuite, Payante ou Prépayée.")
            % {"value": mode_text[:30]},
        )
        return
    if mode == BillingMode.PREPAID and not prepayment:
        check.error(
            "CANDIDATE_PREPAYMENT_CODE_REQUIRED",
            "prepayment_code",
            _("Le code de prépaiement est obligatoire pour une tarification prépayée."),
        )
    elif mode != BillingMode.PREPAID and prepayment:
        check.error(
            "CANDIDATE_PREPAYMENT_CODE_MUST_BE_EMPTY",
            "prepayment_code",
            _("Le code de prépaiement ne se renseigne que pour une tarification prépayée."),
        )
    check.values.update(billing_mode=mode, prepayment_code=prepayment[:40])


def identity_key(first_name: str, last_name: str, birthdate: datetime.date) -> tuple[str, ...]:
    """Two candidates are the same person when this key is equal (spec 03 §3)."""
    return (normalize_name(first_name), normalize_name(last_name), birthdate.isoformat())
