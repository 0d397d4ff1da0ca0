"""Validating a candidate (spec 03 §3, §4.3–4.4): every error code with its French message,
and the values stored when the candidate is valid."""

import datetime

import pytest

from certinum.centers.candidates import validate_candidate

VALID = {
    "last_name": "Lévêque-Martin",
    "first_name": "Inès",
    "sex": "f",
    "birthdate": "14/03/2012",
    "birth_country": "FRANCE",
    "birth_insee_code": "",
    "birth_postal_code": "69001",
    "birth_city": "lyon",
    "email": "ines@example.org",
    "result_recipient_email": "prof@college.example",
    "external_id": "123",
    "extra_time_percentage": "33",
}


def errors(center_type="SCO", **changes):
    values, found = validate_candidate({**VALID, **changes}, center_type=center_type)
    assert values is None
    return {(e.code, e.field, e.message) for e in found}


def test_a_valid_candidate_gets_the_official_names_and_codes():
    values, found = validate_candidate(VALID, center_type="SCO")
    assert found == []
    assert values["sex"] == "F"
    assert values["birthdate"] == datetime.date(2012, 3, 14)
    assert (values["birth_country"], values["birth_country_code"]) == ("France", "FR")
    assert (values["birth_insee_code"], values["birth_city"]) == ("69123", "Lyon")
    assert values["extra_time_percentage"] == 33


def test_an_insee_code_gives_the_current_name_and_a_lost_leading_zero_is_restored():
    values, _ = validate_candidate(
        {**VALID, "birth_postal_code": "", "birth_city": "", "birth_insee_code": "1001"},
        center_type="SCO",
    )
    assert values["birth_insee_code"] == "01001"
    assert values["birth_city"] == "L'Abergement-Clémenciat"


def test_a_foreign_birthplace_keeps_the_city_and_the_code_99():
    values, _ = validate_candidate(
        {**VALID, "birth_country": "maroc", "birth_postal_code": "", "birth_city": "Rabat"},
        center_type="SCO",
    )
    assert (values["birth_country"], values["birth_insee_code"], values["birth_city"]) == (
        "Maroc",
        "99",
        "Rabat",
    )


CASES = {
    "CANDIDATE_LAST_NAME_REQUIRED": ({"last_name": " "}, "Le nom de naissance est obligatoire."),
    "CANDIDATE_FIRST_NAME_REQUIRED": ({"first_name": "-"}, "Le prénom est obligatoire."),
    "CANDIDATE_SEX_REQUIRED": ({"sex": ""}, "Le sexe est obligatoire (M ou F)."),
    "CANDIDATE_SEX_NOT_VALID": ({"sex": "X"}, "Le sexe doit être M ou F."),
    "CANDIDATE_BIRTHDATE_REQUIRED": ({"birthdate": ""}, "La date de naissance est obligatoire."),
    "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID": (
        {"birthdate": "31/02/2012"},
        "La date de naissance « 31/02/2012 » doit être au format jj/mm/aaaa.",
    ),
    "CANDIDATE_BIRTHDATE_MUST_BE_GREATER": (
        {"birthdate": "01/01/1899"},
        "La date de naissance doit être postérieure au 01/01/1900 et passée.",
    ),
    "CANDIDATE_BIRTH_COUNTRY_REQUIRED": ({"birth_country": ""}, "Le champ pays est obligatoire."),
    "CANDIDATE_BIRTH_COUNTRY_NOT_FOUND": (
        {"birth_country": "Atlantide"},
        "Le pays « Atlantide » n'a pas été trouvé.",
    ),
    "CANDIDATE_BIRTH_CITY_REQUIRED": ({"birth_city": ""}, "Le champ ville est obligatoire."),
    "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_REQUIRED": (
        {"birth_postal_code": "", "birth_city": ""},
        "Indiquez le code INSEE ou le code postal et la commune de naissance.",
    ),
    "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_EXCLUSIVE": (
        {"birth_postal_code": "", "birth_insee_code": "69123"},
        "Le champ commune de naissance ne doit pas être renseigné lorsqu'un code INSEE est "
        "renseigné.",
    ),
    "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID": (
        {"birth_postal_code": "", "birth_city": "", "birth_insee_code": "00000"},
        "Le code INSEE « 00000 » n'est pas valide.",
    ),
    "CANDIDATE_BIRTH_POSTAL_CODE_REQUIRED": (
        {"birth_postal_code": ""},
        "Indiquez le code postal de la commune de naissance.",
    ),
    "CANDIDATE_BIRTH_POSTAL_CODE_NOT_FOUND": (
        {"birth_postal_code": "00001"},
        "Le code postal « 00001 » n'est pas valide.",
    ),
    "CANDIDATE_BIRTH_POSTAL_CODE_CITY_NOT_VALID": (
        {"birth_city": "Marseille"},
        "Le code postal « 69001 » ne correspond pas à la ville « Marseille ».",
    ),
    "CANDIDATE_POSTAL_CODE_ON_FOREIGN_COUNTRY_MUST_BE_EMPTY": (
        {"birth_country": "Belgique"},
        "Le champ code postal ne doit pas être renseigné pour un pays étranger.",
    ),
    "CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID": (
        {"birth_country": "Belgique", "birth_postal_code": "", "birth_insee_code": "12345"},
        "La valeur du code INSEE doit être « 99 » pour un pays étranger.",
    ),
    "CANDIDATE_EMAIL_NOT_VALID": (
        {"email": "ines@"},
        "L'e-mail de convocation n'est pas valide.",
    ),
    "CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID": (
        {"result_recipient_email": "prof at college"},
        "L'e-mail du destinataire des résultats n'est pas valide.",
    ),
    "CANDIDATE_EXTRA_TIME_INTEGER": (
        {"extra_time_percentage": "un tiers"},
        "Le temps majoré doit être un nombre entier.",
    ),
    "CANDIDATE_EXTRA_TIME_BELOW_ONE": (
        {"extra_time_percentage": "150"},
        "Le temps majoré doit être un pourcentage entre 1 et 100.",
    ),
    "CANDIDATE_BILLING_MODE_MUST_BE_EMPTY": (
        {"billing_mode": "Payante"},
        "La tarification ne se renseigne pas pour un centre scolaire.",
    ),
}


@pytest.mark.parametrize("code", CASES)
def test_each_error_has_its_code_field_and_french_message(code):
    changes, message = CASES[code]
    assert code in {c for c, _, _ in errors(**changes)}
    assert message in {m for _, _, m in errors(**changes)}


PRO_CASES = {
    "CANDIDATE_BILLING_MODE_REQUIRED": ({}, "La tarification est obligatoire"),
    "CANDIDATE_BILLING_MODE_NOT_VALID": ({"billing_mode": "Offerte"}, "« Offerte » n'existe pas"),
    "CANDIDATE_BILLING_MODE_MUST_BE_A_STRING": ({"billing_mode": 3}, "doit être un texte"),
    "CANDIDATE_PREPAYMENT_CODE_REQUIRED": ({"billing_mode": "Prépayée"}, "est obligatoire"),
    "CANDIDATE_PREPAYMENT_CODE_MUST_BE_EMPTY": (
        {"billing_mode": "Gratuite", "prepayment_code": "ABC"},
        "ne se renseigne que",
    ),
}


@pytest.mark.parametrize("code", PRO_CASES)
def test_billing_rules_for_centers_outside_schools(code):
    changes, message = PRO_CASES[code]
    found = errors(center_type="PRO", **changes)
    assert any(c == code and message in m for c, _, m in found), found


def test_a_prepaid_candidate_of_a_professional_center_is_valid():
    values, found = validate_candidate(
        {**VALID, "billing_mode": "prépayée", "prepayment_code": "PREPA-1"}, center_type="PRO"
    )
    assert found == [] and values["billing_mode"] == "PREPAID"


def test_a_pupil_from_the_school_list_may_come_without_sex_and_birthplace():
    pupil = {"last_name": "Roux", "first_name": "Lina", "birthdate": datetime.date(2012, 3, 14)}
    values, found = validate_candidate(pupil, center_type="SCO", from_school_list=True)
    assert found == [] and values["sex"] == "" and values["birth_country"] == ""
    _, found = validate_candidate(
        {**pupil, "birth_country": "Narnia"}, center_type="SCO", from_school_list=True
    )
    assert [e.code for e in found] == ["CANDIDATE_BIRTH_COUNTRY_NOT_FOUND"]
